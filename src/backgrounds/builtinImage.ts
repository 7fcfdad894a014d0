/** Draws a built-in background recipe onto a canvas of any size (browser only). */
import type { BuiltinBackground } from '../core/builtinBackgrounds';

export async function renderBuiltin(bg: BuiltinBackground, width: number, height: number): Promise<Blob> {
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
