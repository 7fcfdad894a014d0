/**
 * What every worker call answers: its value, or the error as data. A RestyleError's code and plain
 * words survive the trip to the page this way (comlink would keep only a thrown error's message).
 */
import type { ErrorInfo } from '../core/errors';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** What comlink makes of a worker method returning Outcome<T>: it distributes the promise over the union. */
export type RemoteOutcome<T> = Promise<Outcome<T>> | Promise<{ ok: true; value: T }> | Promise<{ ok: false; error: ErrorInfo }>;
