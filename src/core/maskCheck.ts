/**
 * A mask video from the network must fit the clip it is meant for before we composite with it:
 * same picture size (as uploaded, or its even-sided crop) and the same number of frames, give or
 * take what container rounding explains. One rule for both looks at it: what fal.ai says of the
 * mask before it is downloaded (any of its facts may be missing), and what its container holds.
 */
import type { Size } from './geometry';

/** What is known of a mask video; a fact not known is not checked. */
export interface MaskFacts {
  width?: number | undefined;
  height?: number | undefined;
  frames?: number | undefined;
}

export interface MaskTarget {
  /** The clip's picture size, and the even-sided size the video is made at. */
  source: Size;
  output: Size;
  frames: number;
}

export function maskMismatch(mask: MaskFacts, clip: MaskTarget): string | null {
  const fits = (s: Size) => (mask.width === undefined || mask.width === s.width) && (mask.height === undefined || mask.height === s.height);
  if (!fits(clip.source) && !fits(clip.output)) {
    return `size ${mask.width ?? '?'}x${mask.height ?? '?'}, expected ${clip.source.width}x${clip.source.height}`;
  }
  const slack = Math.max(2, Math.round(clip.frames * 0.01));
  if (mask.frames !== undefined && Math.abs(mask.frames - clip.frames) > slack) return `${mask.frames} frames, expected ${clip.frames}`;
  return null;
}
