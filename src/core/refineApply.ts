/**
 * The full-resolution half of the matte refinement (src/core/matteRefine.ts): alpha from the
 * per-cell coefficients, bilinear between cells, at every pixel. Kept apart so its two
 * implementations share one description of their inputs: this JS one, and the wasm SIMD one
 * (src/kernels/pixels.ts applyCoefficients) that replaces it where the browser has SIMD.
 */
import type { I420 } from './yuv';
import type { BilinearAxis } from './yuvComposite';

/** Per mask cell (mw x mh): alpha = clamp(a * Y + au * U + av * V + b) * (1 - wrap); `need` from markNeeded. */
export interface CoefficientPlanes {
  a: Float32Array;
  b: Float32Array;
  wrap: Float32Array;
  au: Float32Array | null;
  av: Float32Array | null;
  /** 0: the cell's spans are constant (plainly person or background), its coefficients never read. */
  need: Uint8Array;
}

/** What stays the same for every frame of a size: where each pixel samples the mask, and scratch. */
export interface ApplyLayout {
  mw: number;
  /** Frame rows and columns to mask rows and columns. */
  ay: BilinearAxis;
  ax: BilinearAxis;
  /** First output column whose left bilinear sample is mask column i (i = 0..mw). */
  spanStarts: Int32Array;
  /** 7 rows of mask width: a, b, wrap, lo, hi, au, av interpolated for the current frame row. */
  rows: Float32Array;
}

/** The row scratch's slots (in mask widths), in the order the wasm kernel uses too. */
const A = 0;
const B = 1;
const W = 2;
const LO = 3;
const HI = 4;
const AU = 5;
const AV = 6;

/**
 * alpha = a * luma (+ au * U + av * V) + b at full resolution, coefficients bilinear. Spans
 * between two mask samples whose result is 0 or 255 whatever the picture (most of the frame:
 * plainly person or plainly background) are filled without per-pixel arithmetic.
 */
export function applyCoefficients(layout: ApplyLayout, coef: CoefficientPlanes, frame: I420, out: Uint8Array): void {
  const { mw, ay, ax, spanStarts: starts, rows } = layout;
  const { need } = coef;
  const w = frame.width;
  const h = frame.height;
  const y = frame.data;
  const { i1: xi1, w: xw } = ax;
  const row = (slot: number) => rows.subarray(slot * mw, (slot + 1) * mw);
  const rowA = row(A);
  const rowB = row(B);
  const rowW = row(W);
  const lo = row(LO);
  const hi = row(HI);
  const rowAu = row(AU);
  const rowAv = row(AV);
  const { au: cau, av: cav } = coef;
  const colour = cau && cav ? { au: cau, av: cav } : null;
  const cw = w >> 1;
  const ySize = w * h;
  const u = y.subarray(ySize, ySize + cw * (h >> 1));
  const v = y.subarray(ySize + cw * (h >> 1));
  let lastKey = -1;
  for (let py = 0; py < h; py++) {
    const r0 = ay.i0[py]! * mw;
    const r1 = ay.i1[py]! * mw;
    const wy = ay.w[py]!;
    const key = r0 * 4096 + Math.round(wy * 4095);
    if (key !== lastKey) {
      for (let x = 0; x < mw; x++) {
        if (!need[r0 + x]) {
          // Plainly person or plainly background around here: a constant span (see markNeeded).
          lo[x] = hi[x] = coef.b[r0 + x]!;
          rowW[x] = 0;
          continue;
        }
        const a = coef.a[r0 + x]! * (1 - wy) + coef.a[r1 + x]! * wy;
        const b = coef.b[r0 + x]! * (1 - wy) + coef.b[r1 + x]! * wy;
        rowA[x] = a;
        rowB[x] = b;
        rowW[x] = coef.wrap[r0 + x]! * (1 - wy) + coef.wrap[r1 + x]! * wy;
        // The value's range over any luma (and chroma) 0..255, for the span classification below.
        let neg = a < 0 ? a : 0;
        let pos = a < 0 ? 0 : a;
        if (colour) {
          const au = colour.au[r0 + x]! * (1 - wy) + colour.au[r1 + x]! * wy;
          const av = colour.av[r0 + x]! * (1 - wy) + colour.av[r1 + x]! * wy;
          rowAu[x] = au;
          rowAv[x] = av;
          if (au < 0) neg += au;
          else pos += au;
          if (av < 0) neg += av;
          else pos += av;
        }
        lo[x] = b + 255 * neg;
        hi[x] = b + 255 * pos;
      }
      lastKey = key;
    }
    const line = py * w;
    // This row's chroma row (an odd last luma row shares the one above).
    const crow = Math.min(py >> 1, (h >> 1) - 1) * cw;
    // Runs of constant spans are merged so each run is one native fill.
    let runValue = -1;
    let runStart = 0;
    for (let i = 0; i < mw; i++) {
      const s = starts[i]!;
      const e = starts[i + 1]!;
      if (s === e) continue;
      const j = i + 1 < mw ? i + 1 : i;
      const value = lo[i]! >= 254.5 && lo[j]! >= 254.5 && rowW[i] === 0 && rowW[j] === 0 ? 255 : hi[i]! < 0.5 && hi[j]! < 0.5 ? 0 : -1;
      if (value !== runValue) {
        if (runValue >= 0) out.fill(runValue, line + runStart, line + s);
        runValue = value;
        runStart = s;
      }
      if (value < 0) {
        for (let px = s; px < e; px++) {
          const x1 = xi1[px]!;
          const wx = xw[px]!;
          const a = rowA[i]! + (rowA[x1]! - rowA[i]!) * wx;
          const b = rowB[i]! + (rowB[x1]! - rowB[i]!) * wx;
          let value = a * y[line + px]! + b;
          if (colour) {
            const c = crow + (px >> 1);
            const au = rowAu[i]! + (rowAu[x1]! - rowAu[i]!) * wx;
            const av = rowAv[i]! + (rowAv[x1]! - rowAv[i]!) * wx;
            value += au * u[c]! + av * v[c]!;
          }
          const keep = 1 - (rowW[i]! + (rowW[x1]! - rowW[i]!) * wx);
          out[line + px] = value <= 0 ? 0 : (value >= 255 ? 255 : value) * keep + 0.5;
        }
      }
    }
    if (runValue >= 0) out.fill(runValue, line + runStart, line + w);
  }
}
