import { RestyleError } from '../core/errors';

export const CANCELLED = 'Cancelled. Your clip and choices are still here.';

/**
 * `work`, or a 'cancelled' RestyleError the moment `signal` fires (after `onAbort`, which stops
 * whatever was doing the work: a promise can't be stopped, its worker can).
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    onAbort();
    return Promise.reject(new RestyleError('cancelled', CANCELLED));
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(new RestyleError('cancelled', CANCELLED));
    };
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
