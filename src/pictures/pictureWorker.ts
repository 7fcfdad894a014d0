/**
 * The page's side of the picture worker: started on first use, kept for the next picture, and
 * replaced if a decode takes too long (the stuck worker is terminated, the tab never waits on it).
 */
import { wrap, type Remote } from 'comlink';
import type { Size } from '../core/geometry';
import { fromErrorInfo, RestyleError } from '../core/errors';
import type { CheckedImage } from '../backgrounds/importImage';
import type { ProfileImage } from '../services/storage/db';
import type { PictureApi, PictureResult } from './pictureApi';

/** Far longer than a checked picture (size and megapixels capped before it is decoded) should take. */
export const PICTURE_TIMEOUT_MS = 30_000;

let current: { worker: Worker; api: Remote<PictureApi> } | null = null;

function picture(): { worker: Worker; api: Remote<PictureApi> } {
  if (!current) {
    const worker = new Worker(new URL('../../workers/picture.worker.ts', import.meta.url), { type: 'module', name: 'picture' });
    current = { worker, api: wrap<PictureApi>(worker) };
  }
  return current;
}

async function run<T>(call: (api: Remote<PictureApi>) => Promise<PictureResult<T>>): Promise<T> {
  const handle = picture();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      handle.worker.terminate();
      if (current === handle) current = null;
      reject(new RestyleError('bad-image', "This picture took too long to open. Try another one, or a smaller copy of it."));
    }, PICTURE_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([call(handle.api), timeout]);
    if (!result.ok) throw fromErrorInfo(result.error);
    return result.value;
  } finally {
    clearTimeout(timer);
  }
}

/** An uploaded background, checked and decoded in the worker. */
export function decodeBackground(file: Blob): Promise<CheckedImage> {
  return run((api) => api.background(file));
}

/** A selfie file, checked and decoded in the worker. */
export function decodeSelfie(file: Blob): Promise<ProfileImage> {
  return run((api) => api.selfie(file));
}

/** A generated picture's size, sniffed and decoded in the worker. */
export function pictureSize(blob: Blob): Promise<Size> {
  return run((api) => api.size(blob));
}
