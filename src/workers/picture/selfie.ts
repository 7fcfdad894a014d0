/**
 * Turns a selfie file or camera frame into what is stored and sent: checked (size, real type),
 * upright (EXIF orientation applied by the browser's decoder), downscaled on a canvas, JPEG.
 */
import { RestyleError } from '../../core/errors';
import { formatBytes } from '../../core/caps';
import { drawOnWhite } from './drawOnWhite';
import { openPicture } from './openPicture';
import { checkPictureHead } from '../../core/imageChecks';
import { IMAGE_HEADER_BYTES } from '../../core/imageHeader';
import type { ProfileImage } from '../../core/domain';

export const MAX_SELFIE_BYTES = 10 * 1024 * 1024;
/** Enough for Gemini to see style and colours; small enough to send quickly. */
export const SELFIE_MAX_SIDE = 1024;

export async function checkSelfieFile(file: Blob): Promise<void> {
  if (file.size === 0) throw new RestyleError('bad-image', 'This photo file is empty. Pick another one.');
  if (file.size > MAX_SELFIE_BYTES) {
    throw new RestyleError(
      'bad-image',
      `This photo is ${formatBytes(file.size)}; selfies can be up to ${formatBytes(MAX_SELFIE_BYTES)}. Pick a smaller one.`,
    );
  }
  // Type and declared size, before anything decodes it (a huge declared size is a memory bomb).
  checkPictureHead(new Uint8Array(await file.slice(0, IMAGE_HEADER_BYTES).arrayBuffer()), 'selfie');
}

/** Draws any image source into a JPEG no larger than SELFIE_MAX_SIDE on its long side. */
export async function toSelfieJpeg(source: CanvasImageSource, width: number, height: number): Promise<ProfileImage> {
  const scale = Math.min(1, SELFIE_MAX_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  // A transparent PNG would turn black in the JPEG: flattened onto white.
  return { blob: await drawOnWhite(source, w, h).convertToBlob({ type: 'image/jpeg', quality: 0.9 }), width: w, height: h };
}

export async function prepareSelfie(file: Blob): Promise<ProfileImage> {
  await checkSelfieFile(file);
  const bitmap = await openPicture(file, "We couldn't open this photo; it may be damaged. Pick another one.");
  try {
    if (bitmap.width < 64 || bitmap.height < 64) {
      throw new RestyleError('bad-image', 'This photo is too small. Pick one where your face is clearly visible.');
    }
    return await toSelfieJpeg(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}
