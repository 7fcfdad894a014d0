import { RestyleError } from '../../core/errors';

/**
 * Decodes a picture whose type and size were already checked, upright (its EXIF orientation
 * applied); if the decoder fails anyway (a damaged file), the person reads `message`.
 */
export async function openPicture(file: Blob, message: string): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new RestyleError('bad-image', message);
  }
}
