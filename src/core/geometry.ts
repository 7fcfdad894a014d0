/** Pure frame geometry: fitting a background to the video, output sizes. */
export interface Size {
  width: number;
  height: number;
}
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The part of a source image that fills a target frame without distortion ("cover"):
 * centred, the largest rectangle of the target's aspect ratio that fits in the source.
 * Whole pixels, never outside the source.
 */
export function coverCrop(source: Size, target: Size): Rect {
  const targetRatio = target.width / target.height;
  const sourceRatio = source.width / source.height;
  let width = source.width;
  let height = source.height;
  if (sourceRatio > targetRatio) width = Math.max(1, Math.min(source.width, Math.round(source.height * targetRatio)));
  else height = Math.max(1, Math.min(source.height, Math.round(source.width / targetRatio)));
  return {
    x: Math.floor((source.width - width) / 2),
    y: Math.floor((source.height - height) / 2),
    width,
    height,
  };
}

/** H.264 in 4:2:0 needs even sides; an odd side loses its last pixel row or column. */
export function evenSize(size: Size): Size {
  return { width: Math.max(2, size.width - (size.width % 2)), height: Math.max(2, size.height - (size.height % 2)) };
}

/** Size of a frame once its rotation metadata is applied (phones store portrait as rotated landscape). */
export function displaySize(coded: Size, rotationDeg: number): Size {
  const quarterTurns = (((Math.round(rotationDeg / 90) % 4) + 4) % 4);
  return quarterTurns % 2 === 1 ? { width: coded.height, height: coded.width } : coded;
}

/** Which segmentation model fits the frame: the 256x144 landscape model for wide frames, else square. */
export type ModelKind = 'landscape' | 'square';
export function modelFor(frame: Size): { kind: ModelKind; width: number; height: number } {
  return frame.width > frame.height
    ? { kind: 'landscape', width: 256, height: 144 }
    : { kind: 'square', width: 256, height: 256 };
}

/** Background blur: a gaussian whose sigma is in pixels of the output frame (a shallow depth-of-field look). */
export const DEFAULT_BLUR_SIGMA = 14;
export const MAX_BLUR_SIGMA = 60;
export function clampBlurSigma(sigma: number): number {
  if (!Number.isFinite(sigma)) return DEFAULT_BLUR_SIGMA;
  return Math.min(MAX_BLUR_SIGMA, Math.max(0, sigma));
}
