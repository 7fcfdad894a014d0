import type { Size } from './geometry';
/**
 * How the on-device masks are made. 'selfie', still the default: the selfie model on the whole
 * frame. 'body': the whole-body matte, the person tracked with a crop that the pose model segments
 * (whole bodies, far away, faces hidden), close-ups handed to the selfie model
 * (src/media/personMatte.ts); opt-in (`--matte body`, `npm run eval:matte -- --matte body`) until
 * it is fast enough on full-body clips (2.7x the time on a 30 s 720p walk here) and tells a
 * close-up from a whole body reliably at the start of every clip (a person lying across the
 * picture still goes wrong).
 */
export type MatteKind = 'selfie' | 'body';

export interface MatteOptions {
  kind: MatteKind;
  /** Whole-body matte: run the pose model every n-th frame, its mask reused between (default 1). */
  poseEvery?: number;
}

export const DEFAULT_MATTE: MatteOptions = { kind: 'selfie' };

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
