/** The app's workers, each behind one WorkerHandle (media/workerHandle). */
import { wrap, type Remote } from 'comlink';
import type { MatteApi } from '../protocol/matte';
import type { MediaApi } from '../protocol/media';
import type { PictureApi } from '../protocol/picture';
import type { WebCodecsApi } from '../protocol/webcodecs';
import { IDLE_RELEASE_MS, WorkerHandle, type Started } from './workerHandle';

function started<Api>(worker: Worker): Started<Remote<Api>> {
  return { api: wrap<Api>(worker), terminate: () => worker.terminate() };
}

// Each `new Worker(new URL(…))` is written out: that literal form is how Vite finds and bundles a worker.
export function mediaWorker(): WorkerHandle<Remote<MediaApi>> {
  return new WorkerHandle(() => started<MediaApi>(new Worker(new URL('../../workers/media.worker.ts', import.meta.url), { type: 'module', name: 'media' })), {
    idleMs: IDLE_RELEASE_MS,
  });
}

export function matteWorker(): WorkerHandle<Remote<MatteApi>> {
  return new WorkerHandle(() => started<MatteApi>(new Worker(new URL('../../workers/matte.worker.ts', import.meta.url), { type: 'module', name: 'matte' })), {
    idleMs: IDLE_RELEASE_MS,
  });
}

export function webcodecsWorker(): WorkerHandle<Remote<WebCodecsApi>> {
  return new WorkerHandle(() => started<WebCodecsApi>(new Worker(new URL('../../workers/webcodecs.worker.ts', import.meta.url), { type: 'module', name: 'webcodecs' })), {
    idleMs: IDLE_RELEASE_MS,
  });
}

export function pictureWorker(): WorkerHandle<Remote<PictureApi>> {
  return new WorkerHandle(() => started<PictureApi>(new Worker(new URL('../../workers/picture.worker.ts', import.meta.url), { type: 'module', name: 'picture' })), {
    idleMs: IDLE_RELEASE_MS,
  });
}
