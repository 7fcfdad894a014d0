/**
 * `work`, or a rejection with `reason()` the moment `signal` fires, after `onAbort` (which stops
 * whatever was doing the work: a promise can't be stopped, its worker or request can). Whatever
 * `work` does later is ignored, never an unhandled rejection.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void, reason: () => Error): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    onAbort();
    return Promise.reject(reason());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(reason());
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
