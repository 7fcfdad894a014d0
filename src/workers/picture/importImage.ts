/**
 * Checks and decodes an image a person uploads as a background (browser only). Its type comes
 * from its bytes and its size from its header, both checked before it is decoded; it is then
 * flattened onto white (a transparent PNG would otherwise turn black) and stored at most 4096 px
 * on its long side, so later work never meets a huge picture.
 */
import { checkImageSize } from '../../core/caps';
import { drawOnWhite } from './drawOnWhite';
import { openPicture } from './openPicture';
import { checkPictureHead } from '../../core/imageChecks';
import { IMAGE_HEADER_BYTES } from '../../core/imageHeader';
import type { CheckedImage } from '../../protocol/picture';

/** Longest side an uploaded background is kept at (4K output needs no more). */
export const MAX_BACKGROUND_SIDE = 4096;

export async function importImage(file: Blob): Promise<CheckedImage> {
  checkImageSize(file.size);
  const format = checkPictureHead(new Uint8Array(await file.slice(0, IMAGE_HEADER_BYTES).arrayBuffer()), 'background');
  const bitmap = await openPicture(file, "We couldn't open this picture; it may be damaged. Pick another one.");
  try {
    const scale = Math.min(1, MAX_BACKGROUND_SIDE / Math.max(bitmap.width, bitmap.height));
    const size = { width: Math.max(1, Math.round(bitmap.width * scale)), height: Math.max(1, Math.round(bitmap.height * scale)) };
    // A JPEG that needs no resizing is kept byte for byte; anything else is redrawn once.
    if (format === 'jpeg' && scale === 1) return { blob: file.slice(0, file.size, 'image/jpeg'), size };
    return { blob: await drawOnWhite(bitmap, size.width, size.height).convertToBlob({ type: 'image/png' }), size };
  } finally {
    bitmap.close();
  }
}
