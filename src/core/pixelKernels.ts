/**
 * The compositor's per-pixel loops behind one interface, so the start-up can choose: WebAssembly
 * with SIMD (src/kernels/pixels.ts, loaded by src/workers/shared/wasmKernels.ts) where the
 * browser has it, else these JS versions. Both give the same bytes: the blend, the tint, the
 * downscale with its guide, the rotations and the refinement's coefficients exactly; the
 * refinement's full-resolution alpha within 1 code value (f32 against f64 arithmetic).
 */
import { heapArena, type Arena } from './arena';
import type { Size } from './geometry';
import { applyTint, type Tint } from './colourMatch';
import { applyCoefficients, type ApplyLayout, type CoefficientPlanes } from './refineApply';
import { boxBounds, downscaleI420ToRgba, nv12ToI420, rotateI420, type I420, type Rotation, type YuvMatrix } from './yuv';
import { blendI420 } from './yuvComposite';

export type KernelKind = 'wasm-simd' | 'js';

/** 'auto': wasm SIMD where the browser runs it, else JS; 'js': always JS (to compare, or to rule the wasm out). */
export type KernelChoice = 'auto' | 'js';

export interface PixelKernels {
  readonly kind: KernelKind;
  /** Where every array a kernel is given must come from. */
  readonly arena: Arena;
  /**
   * The refinement's mask-resolution half (src/core/matteRefine.ts coefficients and markNeeded),
   * on the planes a MatteRefiner lists in `block`; absent from the JS kernels (the refiner runs
   * its own code).
   */
  refineCoefficients?(block: Uint8Array, hasPrev: boolean): void;
  /** The refinement's full-resolution apply (src/core/refineApply.ts). */
  applyCoefficients(layout: ApplyLayout, coef: CoefficientPlanes, frame: I420, out: Uint8Array): void;
  /** The person's samples shifted by `tint`, clamped (colour matching). */
  applyTint(frame: I420, tint: Tint): void;
  /** Person (frame) over background with alpha, in place (src/core/yuvComposite.ts). */
  blendI420(frame: I420, background: I420, alpha: Uint8Array): void;
  /**
   * The frame averaged down to `plan.out` cells, to RGBA, and the guide (mean Y, then U and V
   * when it has room for three planes) when given: src/core/yuv.ts downscaleI420ToRgba.
   */
  downscaleI420ToRgba(plan: DownscalePlan, frame: I420, matrix: YuvMatrix, rgba: Uint8ClampedArray<ArrayBuffer>, guide: Float32Array | null): void;
  /** The upright frame: `src` turned clockwise by `rotation` into `out` (src/core/yuv.ts rotateI420). */
  rotateI420(src: I420, rotation: Rotation, out: I420): void;
  /** NV12 (w x h) to I420 (src/core/yuv.ts nv12ToI420). */
  nv12ToI420(nv12: Uint8Array, out: I420): void;
}

/** Where each cell of a downscale from `frame` to `out` reads (box bounds, as downscaleI420ToRgba's), and scratch. */
export interface DownscalePlan {
  frame: Size;
  out: Size;
  xs: Int32Array;
  ys: Int32Array;
  cxs: Int32Array;
  cys: Int32Array;
  /** Column sums of one row of cells: luma, then U, then V. */
  cols: Int32Array;
}

export function downscalePlan(arena: Arena, frame: Size, out: Size): DownscalePlan {
  const cw = frame.width >> 1;
  const ch = frame.height >> 1;
  const bounds = (n: number, m: number) => {
    const b = arena.i32(m + 1);
    b.set(boxBounds(n, m));
    return b;
  };
  return {
    frame,
    out,
    xs: bounds(frame.width, out.width),
    ys: bounds(frame.height, out.height),
    cxs: bounds(cw, out.width),
    cys: bounds(ch, out.height),
    cols: arena.i32(frame.width + 2 * cw),
  };
}

/** The plain-JS kernels on ordinary arrays: the fallback, and the reference the wasm ones are tested against. */
export function jsKernels(): PixelKernels {
  const table = new Uint8Array(256);
  return {
    kind: 'js',
    arena: heapArena,
    applyCoefficients,
    applyTint: (frame, tint) => applyTint(frame, tint, table),
    blendI420,
    downscaleI420ToRgba: (plan, frame, matrix, rgba, guide) => void downscaleI420ToRgba(frame, plan.out.width, plan.out.height, matrix, rgba, guide ?? undefined),
    rotateI420: (src, rotation, out) => void rotateI420(src, rotation, out),
    nv12ToI420: (nv12, out) => void nv12ToI420(nv12, out.width, out.height, out),
  };
}
