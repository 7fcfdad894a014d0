/**
 * The page's one way to use a worker: started on first call (and again after it was stopped),
 * calls that can be cancelled or time out, and released after a while with nothing to do, so an
 * idle tab gives back ffmpeg.wasm's and the models' memory. Worker answers are Outcomes
 * (protocol/outcome): a failed one is thrown here as the RestyleError the worker described.
 */
import { fromErrorInfo, RestyleError } from '../core/errors';
import type { Outcome, RemoteOutcome } from '../protocol/outcome';
import { abortable, CANCELLED } from './abortable';

/** A started worker: its comlink proxy (or, in tests, anything with the same methods) and how to end it. */
export interface Started<R> {
  api: R;
  terminate(): void;
}

export interface HandleOptions {
  /** Released after this long with no call in flight and nothing held; 0 = kept until terminated. */
  idleMs?: number;
}

export interface CallOptions {
  /** Cancels the call: the worker is stopped (its work can't be interrupted otherwise). */
  signal?: AbortSignal | undefined;
  /** The worker is stopped and the call fails with `timeoutError()` after this long. */
  timeoutMs?: number;
  timeoutError?: () => Error;
}

/** Long enough that one video after another reuses the loaded worker; short enough to give memory back. */
export const IDLE_RELEASE_MS = 120_000;

export class WorkerHandle<R> {
  private current: Started<R> | null = null;
  private busy = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly start: () => Started<R>,
    private readonly options: HandleOptions = {},
  ) {}

  /** Whether a worker is running now (the tests read it). */
  get running(): boolean {
    return this.current !== null;
  }

  /** The worker's value, or its failure thrown as a RestyleError. */
  async call<T>(use: (api: R) => RemoteOutcome<T>, opts: CallOptions = {}): Promise<T> {
    if (opts.signal?.aborted) throw new RestyleError('cancelled', CANCELLED);
    const started = this.started();
    const release = this.hold();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      let work = use(started.api) as Promise<Outcome<T>>;
      if (opts.timeoutMs !== undefined) {
        const ms = opts.timeoutMs;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            this.stopIf(started);
            reject(opts.timeoutError?.() ?? new Error(`worker call timed out after ${ms} ms`));
          }, ms);
        });
        work = Promise.race([work, timeout]);
      }
      const outcome = await abortable(work, opts.signal, () => this.stopIf(started));
      if (!outcome.ok) throw fromErrorInfo(outcome.error);
      return outcome.value;
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  /** Keeps the worker from idle release until the returned function is called (work it does on its own, e.g. serving a port). */
  hold(): () => void {
    this.busy++;
    clearTimeout(this.idleTimer);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busy--;
      this.armIdle();
    };
  }

  /** Stops the worker now; the next call starts a new one. */
  terminate(): void {
    clearTimeout(this.idleTimer);
    this.current?.terminate();
    this.current = null;
  }

  private started(): Started<R> {
    this.current ??= this.start();
    return this.current;
  }

  /** Only the worker this call ran on: a newer one (after a restart) is not this call's to stop. */
  private stopIf(worker: Started<R>): void {
    if (this.current === worker) this.terminate();
  }

  private armIdle(): void {
    const idleMs = this.options.idleMs ?? 0;
    if (this.busy > 0 || idleMs <= 0 || !this.current) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.busy === 0) this.terminate();
    }, idleMs);
  }
}
