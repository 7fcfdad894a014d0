/** Starts the app's two workers and wraps them in their typed comlink interfaces. */
import { wrap, type Remote } from 'comlink';
import type { MatteApi } from './matteApi';
import type { MediaApi } from './mediaApi';
import type { FastApi } from './fast/fastApi';

export interface WorkerHandle<T> {
  api: Remote<T>;
  terminate(): void;
}

function start<T>(worker: Worker): WorkerHandle<T> {
  return { api: wrap<T>(worker), terminate: () => worker.terminate() };
}

export function startMediaWorker(): WorkerHandle<MediaApi> {
  return start(new Worker(new URL('../../workers/media.worker.ts', import.meta.url), { type: 'module', name: 'media' }));
}

export function startMatteWorker(): WorkerHandle<MatteApi> {
  return start(new Worker(new URL('../../workers/matte.worker.ts', import.meta.url), { type: 'module', name: 'matte' }));
}

export function startPipelineWorker(): WorkerHandle<FastApi> {
  return start(new Worker(new URL('../../workers/pipeline.worker.ts', import.meta.url), { type: 'module', name: 'pipeline' }));
}

/** Where the app's own files (ffmpeg core, MediaPipe wasm, models) are served from. */
export function assetBase(): string {
  return new URL(import.meta.env.BASE_URL, document.baseURI).href;
}
