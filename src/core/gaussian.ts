/**
 * The background's gaussian blur in plain JS, done ONCE per background and size: three box
 * blurs per axis whose widths match the gaussian's variance (the usual fast approximation;
 * ffmpeg's gblur is an approximation too). Edges repeat the border pixel.
 */

/** Box widths (odd) whose three passes have the variance of a gaussian with this sigma. */
export function boxesForGauss(sigma: number, passes = 3): number[] {
  const ideal = Math.sqrt((12 * sigma * sigma) / passes + 1);
  let wl = Math.floor(ideal);
  if (wl % 2 === 0) wl--;
  const wu = wl + 2;
  const m = Math.round((12 * sigma * sigma - passes * wl * wl - 4 * passes * wl - 3 * passes) / (-4 * wl - 4));
  return Array.from({ length: passes }, (_, i) => (i < m ? wl : wu));
}

/** One box pass along rows (stride 1) or columns (stride = width) of one channel. */
function boxPass(src: Float32Array, dst: Float32Array, width: number, height: number, radius: number, horizontal: boolean): void {
  const lines = horizontal ? height : width;
  const len = horizontal ? width : height;
  const step = horizontal ? 1 : width;
  const norm = 1 / (2 * radius + 1);
  const last = len - 1;
  for (let l = 0; l < lines; l++) {
    const base = horizontal ? l * width : l;
    let sum = 0;
    for (let k = -radius; k <= radius; k++) sum += src[base + (k < 0 ? 0 : k > last ? last : k) * step] ?? 0;
    for (let k = 0; k < len; k++) {
      dst[base + k * step] = sum * norm;
      const add = k + radius + 1;
      const sub = k - radius;
      sum += (src[base + (add > last ? last : add) * step] ?? 0) - (src[base + (sub < 0 ? 0 : sub) * step] ?? 0);
    }
  }
}

/** Blurs the R, G and B channels of an RGBA image in place (alpha left as is). */
export function gaussianBlurRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, sigma: number): void {
  if (!(sigma > 0)) return;
  const radii = boxesForGauss(sigma).map((w) => (w - 1) >> 1);
  const n = width * height;
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) a[i] = rgba[i * 4 + c] ?? 0;
    for (const r of radii) {
      if (r <= 0) continue;
      boxPass(a, b, width, height, r, true);
      boxPass(b, a, width, height, r, false);
    }
    for (let i = 0; i < n; i++) rgba[i * 4 + c] = Math.min(255, Math.max(0, Math.round(a[i] ?? 0)));
  }
}
