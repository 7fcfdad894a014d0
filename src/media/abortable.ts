import { RestyleError } from '../core/errors';
import { raceAbort } from '../core/raceAbort';

export const CANCELLED = 'Cancelled. Your clip and choices are still here.';

/** `work`, or a 'cancelled' RestyleError the moment `signal` fires (after `onAbort` stops the workers). */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  return raceAbort(work, signal, onAbort, () => new RestyleError('cancelled', CANCELLED));
}
