/**
 * The per-frame composite of the WebCodecs path, on I420 planes: the person's pixels are kept
 * as decoded, the background shows through where the mask says so. The mask comes at the
 * segmenter's size and is upsampled bilinearly to the frame; chroma uses the mean alpha of its
 * 2x2 block. Pure and allocation-free per frame (scratch buffers are cached by size).
 */
import { planesOf, type I420 } from './yuv';

/** Bilinear sample positions for one axis: source index pair and the fraction (0..1) towards the second. */
export interface BilinearAxis {
  i0: Int32Array;
  i1: Int32Array;
  w: Float32Array;
}

export function bilinearAxis(src: number, dst: number): BilinearAxis {
  const i0 = new Int32Array(dst);
  const i1 = new Int32Array(dst);
  const w = new Float32Array(dst);
  const scale = src / dst;
  for (let d = 0; d < dst; d++) {
    // Pixel centres line up: destination centre d+0.5 sits at source (d+0.5)*scale.
    const s = Math.min(src - 1, Math.max(0, (d + 0.5) * scale - 0.5));
    const a = Math.floor(s);
    i0[d] = a;
    i1[d] = Math.min(src - 1, a + 1);
    w[d] = s - a;
  }
  return { i0, i1, w };
}

/** The same with integer weights 0..256, for the 8-bit upsample. */
function axis(src: number, dst: number): { i0: Int32Array; i1: Int32Array; w: Int32Array } {
  const a = bilinearAxis(src, dst);
  return { i0: a.i0, i1: a.i1, w: Int32Array.from(a.w, (f) => Math.round(f * 256)) };
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

/** A 32-bit view of the first `bytes` of `a` when it is 4-byte aligned, else null. */
function words(a: Uint8Array, bytes: number): Uint32Array | null {
  return a.byteOffset % 4 === 0 && bytes % 4 === 0 ? new Uint32Array(a.buffer, a.byteOffset, bytes >> 2) : null;
}

/**
 * Writes the composite into `frame` in place: person (frame) over `background` (same size) with
 * `alpha` (0..255 per luma pixel). Most of a frame is plainly person or plainly background, so
 * the luma plane is walked four pixels at a time and only mixed pixels get arithmetic.
 */
export function blendI420(frame: I420, background: I420, alpha: Uint8Array): void {
  const f = planesOf(frame);
  const b = planesOf(background);
  const w = frame.width;
  const n = w * frame.height;
  const fy = f.y;
  const by = b.y;
  const a32 = words(alpha, n);
  const f32 = words(fy, n);
  const b32 = words(by, n);
  if (a32 && f32 && b32) {
    for (let k = 0; k < a32.length; k++) {
      const q = a32[k]!;
      if (q === 0xffffffff) continue;
      if (q === 0) {
        f32[k] = b32[k]!;
        continue;
      }
      for (let i = k << 2, end = i + 4; i < end; i++) {
        const a8 = alpha[i]!;
        fy[i] = by[i]! + (((fy[i]! - by[i]!) * (a8 + (a8 >> 7)) + 128) >> 8);
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const a8 = alpha[i]!;
      if (a8 !== 255) fy[i] = by[i]! + (((fy[i]! - by[i]!) * (a8 + (a8 >> 7)) + 128) >> 8);
    }
  }
  const { u: fu, v: fv } = f;
  const { u: bu, v: bv } = b;
  for (let cy = 0; cy < f.ch; cy++) {
    const top = 2 * cy * w;
    const bottom = top + w;
    const crow = cy * f.cw;
    for (let cx = 0; cx < f.cw; cx++) {
      const x = 2 * cx;
      const sum = alpha[top + x]! + alpha[top + x + 1]! + alpha[bottom + x]! + alpha[bottom + x + 1]!;
      if (sum === 1020) continue;
      const ci = crow + cx;
      if (sum === 0) {
        fu[ci] = bu[ci]!;
        fv[ci] = bv[ci]!;
        continue;
      }
      const a8 = (sum + 2) >> 2;
      const a = a8 + (a8 >> 7);
      fu[ci] = mix(fu[ci]!, bu[ci]!, a);
      fv[ci] = mix(fv[ci]!, bv[ci]!, a);
    }
  }
}
