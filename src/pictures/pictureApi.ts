/**
 * The picture worker's side: every picture a person hands us (a selfie, an uploaded background)
 * and every picture from the network (Gemini's backgrounds) is checked and decoded here, off the
 * page, so a slow or hostile file can neither freeze the tab nor reach the page's memory until it
 * is a checked, redrawn image. Answers are results, not throws: a RestyleError's code and words
 * survive the trip to the page (comlink would keep only the message).
 */
import type { Size } from '../core/geometry';
import { toErrorInfo, type ErrorInfo } from '../core/errors';
import { openPicture } from './openPicture';
import { importImage, type CheckedImage } from '../backgrounds/importImage';
import { prepareSelfie } from '../profile/selfie';
import { checkPictureHead } from '../core/imageChecks';
import { IMAGE_HEADER_BYTES } from '../core/imageHeader';
import type { ProfileImage } from '../services/storage/db';

export type PictureResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export interface PictureApi {
  /** An uploaded background: checked, upright, flattened onto white, at most 4096 px. */
  background(file: Blob): Promise<PictureResult<CheckedImage>>;
  /** A selfie file: checked, upright, a JPEG at most 1024 px. */
  selfie(file: Blob): Promise<PictureResult<ProfileImage>>;
  /** A generated picture's size, after its bytes are sniffed as a picture. */
  size(blob: Blob): Promise<PictureResult<Size>>;
}

async function settle<T>(work: () => Promise<T>): Promise<PictureResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}

async function sizeOf(blob: Blob): Promise<Size> {
  checkPictureHead(new Uint8Array(await blob.slice(0, IMAGE_HEADER_BYTES).arrayBuffer()), 'background');
  const bitmap = await openPicture(blob, "We couldn't open this picture; it may be damaged.");
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

export function createPictureApi(): PictureApi {
  return {
    background: (file) => settle(() => importImage(file)),
    selfie: (file) => settle(() => prepareSelfie(file)),
    size: (blob) => settle(() => sizeOf(blob)),
  };
}
