/**
 * What a picture (a background upload or a selfie) must be before it is decoded: a format the
 * browser opens safely, with a declared size that is neither tiny nor a decompression bomb. Pure:
 * it looks at the sniffed type and the header's declared size, so every refusal is unit-tested.
 */
import { CAPS } from './caps';
import { RestyleError } from './errors';
import { imageDimensions, type ImageDims } from './imageHeader';
import { sniff, type Sniffed } from './sniff';

export type PictureUse = 'background' | 'selfie';

const PICK: Record<PictureUse, string> = {
  background: 'Pick a JPEG, PNG or WebP picture for the background.',
  selfie: 'Pick a JPEG, PNG or WebP photo.',
};

/** Smallest sides that are still worth using. */
export const MIN_PICTURE_SIDE: Record<PictureUse, number> = { background: 16, selfie: 64 };

/** Throws the refusal a person can act on; returns the accepted format otherwise. */
export function checkPicture(kind: Sniffed, dims: ImageDims | null, use: PictureUse): 'jpeg' | 'png' | 'webp' {
  if (kind.kind !== 'image') throw new RestyleError('bad-image', `This file isn't a picture. ${PICK[use]}`);
  const { format } = kind;
  if (format === 'heic') {
    throw new RestyleError(
      'bad-image',
      use === 'selfie'
        ? 'This is a HEIC photo, which browsers cannot open. Take the selfie here with the camera, or share it as JPEG ("Most Compatible") and try again.'
        : 'This is a HEIC photo, which browsers cannot open. On an iPhone, share it as "Most Compatible" (JPEG) and try again.',
    );
  }
  if (format === 'svg') throw new RestyleError('bad-image', `SVG drawings aren't taken (they can carry scripts). ${PICK[use]}`);
  if (format === 'gif') throw new RestyleError('bad-image', `GIFs aren't taken (often animated, and only 256 colours). ${PICK[use]}`);
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp') {
    throw new RestyleError('bad-image', `${format.toUpperCase()} pictures aren't taken. ${PICK[use]}`);
  }
  if (!dims) throw new RestyleError('bad-image', "We couldn't open this picture; it may be damaged. Pick another one.");
  const pixels = dims.width * dims.height;
  if (pixels > CAPS.maxImagePixels) {
    throw new RestyleError(
      'bad-image',
      `This picture is ${dims.width}x${dims.height} pixels; Restyle takes pictures up to ${Math.round(CAPS.maxImagePixels / 1e6)} megapixels. Pick a smaller one.`,
    );
  }
  const min = MIN_PICTURE_SIDE[use];
  if (dims.width < min || dims.height < min) {
    throw new RestyleError(
      'bad-image',
      use === 'selfie'
        ? `This photo is only ${dims.width}x${dims.height} pixels. Pick one where your face is clearly visible.`
        : `This picture is only ${dims.width}x${dims.height} pixels, too small for a background. Pick a larger one.`,
    );
  }
  return format;
}

/** checkPicture on a file's first bytes (IMAGE_HEADER_BYTES of them): its type sniffed, its declared size read. */
export function checkPictureHead(head: Uint8Array, use: PictureUse): 'jpeg' | 'png' | 'webp' {
  const kind = sniff(head);
  return checkPicture(kind, kind.kind === 'image' ? imageDimensions(kind.format, head) : null, use);
}
