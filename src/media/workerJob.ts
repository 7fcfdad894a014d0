/**
 * One piece of work on the engine's workers (checking a clip, making a video): every call in it
 * is cancelled by the same signal, and cancelling stops every worker, since a job spans them (the
 * matte worker serves the WebCodecs worker's frames directly).
 */
import type { Remote } from 'comlink';
import type { MatteApi } from '../protocol/matte';
import type { MediaApi } from '../protocol/media';
import type { RemoteOutcome } from '../protocol/outcome';
import type { WebCodecsApi } from '../protocol/webcodecs';
import { abortable } from './abortable';
import type { WorkerHandle } from './workerHandle';

export interface EngineWorkers {
  media: WorkerHandle<Remote<MediaApi>>;
  matte: WorkerHandle<Remote<MatteApi>>;
  webcodecs: WorkerHandle<Remote<WebCodecsApi>>;
}

export class WorkerJob {
  constructor(
    readonly workers: EngineWorkers,
    readonly signal: AbortSignal | undefined,
    private readonly stopAll: () => void,
  ) {}

  /** A worker call's value, or its failure as a RestyleError. */
  call<R, T>(handle: WorkerHandle<R>, use: (api: R) => RemoteOutcome<T>): Promise<T> {
    return this.guard(handle.call(use, { signal: this.signal }));
  }

  /** Any other step of the job: resolves with it, or rejects as cancelled the moment the signal fires. */
  guard<T>(work: Promise<T>): Promise<T> {
    return abortable(work, this.signal, this.stopAll);
  }
}
