/**
 * A mask video from the network must fit the clip it is meant for before we composite with
 * it: same picture size (as uploaded, or its even-sided crop) and the same number of frames,
 * give or take what container rounding explains.
 */
import type { Size } from './geometry';

export interface MaskFacts {
  width: number;
  height: number;
  frames: number;
}

export function maskMismatch(mask: MaskFacts, clip: { source: Size; output: Size; frames: number }): string | null {
  const sizeOk =
    (mask.width === clip.source.width && mask.height === clip.source.height) ||
    (mask.width === clip.output.width && mask.height === clip.output.height);
  if (!sizeOk) return `size ${mask.width}x${mask.height}, expected ${clip.source.width}x${clip.source.height}`;
  const slack = Math.max(2, Math.round(clip.frames * 0.01));
  if (Math.abs(mask.frames - clip.frames) > slack) return `${mask.frames} frames, expected ${clip.frames}`;
  return null;
}
