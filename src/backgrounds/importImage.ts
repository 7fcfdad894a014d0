/** Checks and decodes an image a person uploads as a background (browser only). */
import { CAPS, checkImageSize } from '../core/caps';
import { RestyleError } from '../core/errors';
import { ACCEPTED_IMAGE_FORMATS, SNIFF_BYTES, sniff } from '../core/sniff';
import type { Size } from '../core/geometry';

export interface CheckedImage {
  blob: Blob;
  size: Size;
}

export async function importImage(file: Blob): Promise<CheckedImage> {
  checkImageSize(file.size);
  const kind = sniff(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()));
  if (kind.kind === 'image' && kind.format === 'heic') {
    throw new RestyleError(
      'bad-image',
      'This is a HEIC photo, which browsers cannot open. On an iPhone, share it as "Most Compatible" (JPEG) and try again.',
    );
  }
  if (kind.kind !== 'image' || !ACCEPTED_IMAGE_FORMATS.has(kind.format)) {
    throw new RestyleError('bad-image', 'Pick a JPEG, PNG or WebP picture for the background.');
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new RestyleError('bad-image', "We couldn't open this picture; it may be damaged. Pick another one.");
  }
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  if (size.width * size.height > CAPS.maxImagePixels) {
    throw new RestyleError('bad-image', 'This picture is too large to use. Pick one under 40 megapixels.');
  }
  if (size.width < 16 || size.height < 16) {
    throw new RestyleError('bad-image', 'This picture is too small to use as a background. Pick a larger one.');
  }
  return { blob: file.slice(0, file.size, `image/${kind.format}`), size };
}
