/**
 * The per-frame composite of the WebCodecs path, on I420 planes: the person's pixels are kept
 * as decoded, the background shows through where the mask says so. The mask comes at the
 * segmenter's size and is upsampled bilinearly to the frame; chroma uses the mean alpha of its
 * 2x2 block. Pure and allocation-free per frame (scratch buffers are cached by size).
 */
import { planesOf, type I420 } from './yuv';

/** Bilinear sample positions for one axis: source index pair and weight (0..256) per destination cell. */
interface Axis {
  i0: Int32Array;
  i1: Int32Array;
  w: Int32Array;
}

function axis(src: number, dst: number): Axis {
  const i0 = new Int32Array(dst);
  const i1 = new Int32Array(dst);
  const w = new Int32Array(dst);
  const scale = src / dst;
  for (let d = 0; d < dst; d++) {
    // Pixel centres line up: destination centre d+0.5 sits at source (d+0.5)*scale.
    const s = Math.min(src - 1, Math.max(0, (d + 0.5) * scale - 0.5));
    const a = Math.floor(s);
    i0[d] = a;
    i1[d] = Math.min(src - 1, a + 1);
    w[d] = Math.round((s - a) * 256);
  }
  return { i0, i1, w };
}

/**
 * The mask (0..255, maskW x maskH) bilinearly resized to width x height. Separable: each output
 * row first blends its two mask rows (at mask width), then interpolates along the row.
 */
export function upsampleMask(mask: Uint8Array, maskW: number, maskH: number, width: number, height: number, out: Uint8Array = new Uint8Array(width * height)): Uint8Array {
  const ax = axis(maskW, width);
  const ay = axis(maskH, height);
  const vrow = new Int32Array(maskW);
  let lastKey = -1;
  for (let y = 0; y < height; y++) {
    const r0 = (ay.i0[y] ?? 0) * maskW;
    const r1 = (ay.i1[y] ?? 0) * maskW;
    const wy = ay.w[y] ?? 0;
    const key = r0 * 512 + wy;
    if (key !== lastKey) {
      for (let x = 0; x < maskW; x++) vrow[x] = (mask[r0 + x] ?? 0) * (256 - wy) + (mask[r1 + x] ?? 0) * wy;
      lastKey = key;
    }
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const wx = ax.w[x] ?? 0;
      out[row + x] = ((vrow[ax.i0[x] ?? 0] ?? 0) * (256 - wx) + (vrow[ax.i1[x] ?? 0] ?? 0) * wx + 32768) >> 16;
    }
  }
  return out;
}

/** bg + (fg - bg) * a, with a in 0..256 so that 0 and 256 are exact. */
function mix(fg: number, bg: number, a: number): number {
  return bg + (((fg - bg) * a + 128) >> 8);
}

/**
 * Writes the composite into `frame` in place: person (frame) over `background` (same size) with
 * `alpha` (0..255 per luma pixel, from upsampleMask).
 */
export function blendI420(frame: I420, background: I420, alpha: Uint8Array): void {
  const f = planesOf(frame);
  const b = planesOf(background);
  const w = frame.width;
  const n = w * frame.height;
  for (let i = 0; i < n; i++) {
    const a8 = alpha[i] ?? 0;
    // Most pixels are plainly person or plainly background: no arithmetic for those.
    if (a8 === 255) continue;
    if (a8 === 0) f.y[i] = b.y[i] ?? 0;
    else f.y[i] = mix(f.y[i] ?? 0, b.y[i] ?? 0, a8 + (a8 >> 7));
  }
  for (let cy = 0; cy < f.ch; cy++) {
    const top = 2 * cy * w;
    const bottom = top + w;
    const crow = cy * f.cw;
    for (let cx = 0; cx < f.cw; cx++) {
      const x = 2 * cx;
      const sum = (alpha[top + x] ?? 0) + (alpha[top + x + 1] ?? 0) + (alpha[bottom + x] ?? 0) + (alpha[bottom + x + 1] ?? 0);
      const a8 = (sum + 2) >> 2;
      const a = a8 + (a8 >> 7);
      const ci = crow + cx;
      f.u[ci] = mix(f.u[ci] ?? 128, b.u[ci] ?? 128, a);
      f.v[ci] = mix(f.v[ci] ?? 128, b.v[ci] ?? 128, a);
    }
  }
}

/** A small feather at mask size: a 3x3 box blur, softening the model's blocky edges before upsampling. */
export function featherMask(mask: Uint8Array, width: number, height: number, out: Uint8Array = new Uint8Array(width * height)): Uint8Array {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let count = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          sum += mask[yy * width + xx] ?? 0;
          count++;
        }
      }
      out[y * width + x] = Math.round(sum / count);
    }
  }
  return out;
}
