/**
 * The compositor's per-pixel loops behind one interface, so the start-up can choose: WebAssembly
 * with SIMD (src/kernels/pixels.ts, loaded by src/workers/shared/wasmKernels.ts) where the
 * browser has it, else these JS versions. Both give the same bytes (the blend and the tint
 * exactly; the refinement within 1 code value: f32 against f64 arithmetic).
 */
import { heapArena, type Arena } from './arena';
import { applyTint, type Tint } from './colourMatch';
import { applyCoefficients, type ApplyLayout, type CoefficientPlanes } from './refineApply';
import type { I420 } from './yuv';
import { blendI420 } from './yuvComposite';

export type KernelKind = 'wasm-simd' | 'js';

/** 'auto': wasm SIMD where the browser runs it, else JS; 'js': always JS (to compare, or to rule the wasm out). */
export type KernelChoice = 'auto' | 'js';

export interface PixelKernels {
  readonly kind: KernelKind;
  /** Where every array a kernel is given must come from. */
  readonly arena: Arena;
  /** The refinement's full-resolution apply (src/core/refineApply.ts). */
  applyCoefficients(layout: ApplyLayout, coef: CoefficientPlanes, frame: I420, out: Uint8Array): void;
  /** The person's samples shifted by `tint`, clamped (colour matching). */
  applyTint(frame: I420, tint: Tint): void;
  /** Person (frame) over background with alpha, in place (src/core/yuvComposite.ts). */
  blendI420(frame: I420, background: I420, alpha: Uint8Array): void;
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
  };
}
