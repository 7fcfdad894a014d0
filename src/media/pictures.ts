/**
 * The page's side of the picture worker: started on first use, kept for the next picture, and
 * replaced if a decode takes too long (the stuck worker is terminated, the tab never waits on it).
 */
import { transfer } from 'comlink';
import type { ProfileImage } from '../core/domain';
import { RestyleError } from '../core/errors';
import type { Size } from '../core/geometry';
import type { CheckedImage } from '../protocol/picture';
import { pictureWorker } from './workers';

/** Far longer than a checked picture (size and megapixels capped before it is decoded) should take. */
const PICTURE_TIMEOUT_MS = 30_000;

const pictures = pictureWorker();
const slow = { timeoutMs: PICTURE_TIMEOUT_MS, timeoutError: () => new RestyleError('bad-image', 'This picture took too long to open. Try another one, or a smaller copy of it.') };

/** An uploaded background, checked and decoded in the worker. */
export function decodeBackground(file: Blob): Promise<CheckedImage> {
  return pictures.call((api) => api.background(file), slow);
}

/** A selfie file, checked and decoded in the worker. */
export function decodeSelfie(file: Blob): Promise<ProfileImage> {
  return pictures.call((api) => api.selfie(file), slow);
}

/** A still from the camera's video, made into a selfie in the worker. */
export async function snapSelfie(video: HTMLVideoElement): Promise<ProfileImage> {
  const frame = await createImageBitmap(video);
  return pictures.call((api) => api.selfieFrame(transfer(frame, [frame])), slow);
}

/** A generated picture's size, sniffed and decoded in the worker. */
export function pictureSize(blob: Blob): Promise<Size> {
  return pictures.call((api) => api.size(blob), slow);
}
