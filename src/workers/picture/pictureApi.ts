/**
 * The picture worker's side: every picture a person hands us (a selfie, an uploaded background)
 * and every picture from the network (Gemini's backgrounds) is checked and decoded here, off the
 * page, so a slow or hostile file can neither freeze the tab nor reach the page's memory until it
 * is a checked, redrawn image. Answers are results, not throws: a RestyleError's code and words
 * survive the trip to the page (comlink would keep only the message).
 */
import type { Size } from '../../core/geometry';
import { openPicture } from './openPicture';
import { importImage } from './importImage';
import { prepareSelfie, toSelfieJpeg } from './selfie';
import { checkPictureHead } from '../../core/imageChecks';
import { IMAGE_HEADER_BYTES } from '../../core/imageHeader';
import type { PictureApi } from '../../protocol/picture';
import { settle } from '../shared/settle';

async function sizeOf(blob: Blob): Promise<Size> {
  checkPictureHead(new Uint8Array(await blob.slice(0, IMAGE_HEADER_BYTES).arrayBuffer()), 'background');
  const bitmap = await openPicture(blob, "We couldn't open this picture; it may be damaged.");
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

export function createPictureApi(): PictureApi {
  return {
    background: (file) => settle('picture', () => importImage(file)),
    selfie: (file) => settle('picture', () => prepareSelfie(file)),
    selfieFrame: (frame) =>
      settle('picture', async () => {
        try {
          return await toSelfieJpeg(frame, frame.width, frame.height);
        } finally {
          frame.close();
        }
      }),
    size: (blob) => settle('picture', () => sizeOf(blob)),
  };
}
