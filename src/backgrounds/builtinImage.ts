/** A built-in background as an image (browser only): a photo as shipped, a drawn one at any size. */
import type { BuiltinBackground, DrawnBackground } from '../core/builtinBackgrounds';
import { RestyleError } from '../core/errors';
import type { Size } from '../core/geometry';

// Every photo and its tile, by file name, at the content-hashed address the build gave it (so a
// cache keeps it for good and a first visit fetches each once).
const SHIPPED = import.meta.glob<string>('./photos/*.jpg', { query: '?url', import: 'default', eager: true });

/** Where a built-in photo (or its tile) is served; the service worker keeps it for offline use. */
function shippedUrl(file: string): string {
  const url = SHIPPED[`./photos/${file}`];
  if (!url) throw new RestyleError('bad-image', `${file} is not one of the built-in photos.`);
  return url;
}

/** A built-in photo's tile: its 320-pixel thumbnail, shipped beside it (src/backgrounds/photos/<name>.thumb.jpg). */
export function builtinPhotoThumbUrl(file: string): string {
  return shippedUrl(file.replace(/\.jpg$/, '.thumb.jpg'));
}

/** A built-in photo's bytes, as shipped; `problem` names it for a person if it can't be had. */
async function fetchPhoto(file: string, problem: string): Promise<Blob> {
  const response = await fetch(shippedUrl(file));
  if (!response.ok) throw new RestyleError('bad-image', problem);
  return response.blob();
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
