import type { Size } from './geometry';
import type { KernelChoice } from './pixelKernels';
/**
 * How the on-device masks are made, on both pipelines. 'body', the default: the whole-body matte,
 * the person tracked with a crop that the pose model segments (whole bodies, far away, faces
 * hidden), close-ups handed to the selfie model (src/media/personMatte.ts). 'selfie': the selfie
 * model alone on the whole frame, for comparison (`--matte selfie`): as good close up and about
 * a third of the time on whole bodies, whose legs and feet it loses (docs/matte-quality.md).
 */
export type MatteKind = 'selfie' | 'body';

export interface MatteOptions {
  kind: MatteKind;
  /** Whole-body matte: run the pose model every n-th frame, its mask reused between (default 1). */
  poseEvery?: number;
  /** The per-pixel kernels of the frame's downscale: 'auto' (default: wasm SIMD where it runs), 'js' to compare. */
  kernels?: KernelChoice;
}

export const DEFAULT_MATTE: MatteOptions = { kind: 'body' };

/**
 * The mask grid for a frame: the size of the masks the matte worker sends and the refinement's
 * guide. The selfie model's input size for the selfie matte; twice as fine each way for the
 * whole-body matte, whose masks come from a crop that can be far finer than the whole frame's
 * grid (a person a quarter of the frame's height keeps their legs' width).
 */
export function maskGridFor(model: Size, matte: MatteOptions): Size {
  const scale = matte.kind === 'body' ? 2 : 1;
  return { width: model.width * scale, height: model.height * scale };
}

/** The long side of the frames the ffmpeg.wasm path hands the whole-body matte. */
const BODY_FRAME_SIDE = 512;

/**
 * The size of the frames the ffmpeg.wasm path extracts for the matte (it cannot stream whole
 * frames as the WebCodecs path does; a 30 s clip's frames sit in memory at once). The selfie
 * matte needs only its model's input. The whole-body matte crops around the person, so it needs
 * the picture's own shape and more pixels: the frame scaled to 512 on its long side (a 30 s
 * clip: about 200 MB), never up.
 */
export function matteFrameFor(frame: Size, model: Size, matte: MatteOptions): Size {
  if (matte.kind !== 'body') return { width: model.width, height: model.height };
  const scale = Math.min(1, BODY_FRAME_SIDE / Math.max(frame.width, frame.height));
  const even = (n: number) => Math.max(2, 2 * Math.round((n * scale) / 2));
  return { width: even(frame.width), height: even(frame.height) };
}
