/** A built-in background as an image (browser only): a photo as shipped, a drawn one at any size. */
import type { BuiltinBackground, DrawnBackground } from '../core/builtinBackgrounds';
import { RestyleError } from '../core/errors';
import type { Size } from '../core/geometry';
import { assetBase } from '../media/workers';
import { pictureThumbnail } from '../media/pictures';

/** Where a built-in photo is served (the service worker keeps it for offline use). */
export function builtinPhotoUrl(file: string): string {
  return new URL(file, assetBase()).href;
}

/** A built-in photo's bytes, as shipped; `problem` names it for a person if it can't be had. */
async function fetchPhoto(file: string, problem: string): Promise<Blob> {
  const response = await fetch(builtinPhotoUrl(file));
  if (!response.ok) throw new RestyleError('bad-image', problem);
  return response.blob();
}

/** Longest side of a built-in photo's thumbnail, in pixels. */
const THUMB_LONG_SIDE = 320;
const thumbs = new Map<string, Promise<string>>();

/**
 * A built-in photo's thumbnail, made once a session and kept: a tile showing the full-size photo
 * made the page decode four 1600-pixel pictures (~27 MB) each time the grid was shown, and the
 * browser held on to them (twenty videos in a row grew by 400 MB).
 */
export function builtinPhotoThumbUrl(file: string): Promise<string> {
  let url = thumbs.get(file);
  if (!url) {
    url = (async () => {
      const photo = await fetchPhoto(file, `${file} couldn't be loaded.`);
      // Made in the picture worker: the page decodes no picture itself.
      return URL.createObjectURL(await pictureThumbnail(photo, THUMB_LONG_SIDE));
    })();
    thumbs.set(file, url);
    url.catch(() => thumbs.delete(file));
  }
  return url;
}

/** The built-in as an image: a photo at its own size (the compositor fits it), a drawn one at `size`. */
export async function builtinImage(bg: BuiltinBackground, size: Size): Promise<{ blob: Blob; size: Size }> {
  if (bg.kind === 'drawn') return { blob: await renderDrawn(bg, size.width, size.height), size };
  const blob = await fetchPhoto(bg.file, `The ${bg.name} background couldn't be loaded. Reload the page, or pick another one.`);
  return { blob, size: { width: bg.width, height: bg.height } };
}

export async function renderDrawn(bg: DrawnBackground, width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  const gradient = ctx.createLinearGradient(0, 0, 0, height);
  bg.stops.forEach((c, i) => gradient.addColorStop(bg.stops.length === 1 ? 0 : i / (bg.stops.length - 1), c));
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, width, height);
  const unit = Math.min(width, height);
  for (const l of bg.lights) {
    const r = l.r * unit;
    const glow = ctx.createRadialGradient(l.x * width, l.y * height, 0, l.x * width, l.y * height, r);
    glow.addColorStop(0, l.color);
    glow.addColorStop(0.7, l.color);
    glow.addColorStop(1, 'rgba(0,0,0,0)');
    ctx.globalAlpha = l.alpha;
    ctx.fillStyle = glow;
    ctx.fillRect(l.x * width - r, l.y * height - r, 2 * r, 2 * r);
  }
  ctx.globalAlpha = 1;
  return canvas.convertToBlob({ type: 'image/png' });
}
