/**
 * Steadiness over time for a full-resolution mask (a mask video from fal.ai, made frame by frame
 * by its model, so edges shimmer): each pixel's alpha is blended with the previous frame's where
 * the picture there did not change, and taken as it is where it did, so a still edge holds and a
 * moving hand leaves no ghost. The same rule as the on-device refinement's temporal step
 * (REFINE_TUNING.stillWeight / motionFull), applied per pixel in one integer pass (~1 ms a 720p
 * frame), because at full resolution the low-resolution machinery would cost 80 ms a frame.
 * One exception: a large change the mask keeps for a second frame is taken whole. A person who
 * walks off a background of their own brightness changes the picture too little to count as
 * motion, and blending a quarter a frame left a fading ghost for half a second; a one-frame flip
 * of the model is still damped.
 */
import { REFINE_TUNING } from './matteRefine';

/** Weights in 1/256ths, by luma change 0..255: stillWeight where nothing moved, 1 from motionFull up. */
function weightTable(): Uint16Array {
  const { stillWeight, motionFull } = REFINE_TUNING;
  const table = new Uint16Array(256);
  for (let d = 0; d < 256; d++) {
    const motion = d / (motionFull * 255);
    table[d] = motion >= 1 ? 256 : Math.round(256 * (stillWeight + (1 - stillWeight) * motion));
  }
  return table;
}

/** A mask change larger than this (of 255) that holds for two frames is real, not shimmer. */
const BIG_CHANGE = 64;

export class MaskSteadier {
  private readonly prevAlpha: Uint8Array;
  private readonly prevLuma: Uint8Array;
  /** Frames in a row each pixel's mask has been far (> BIG_CHANGE) from its steadied alpha. */
  private readonly streak: Uint8Array;
  private readonly weight = weightTable();
  private hasPrev = false;

  constructor(private readonly pixels: number) {
    this.prevAlpha = new Uint8Array(pixels);
    this.prevLuma = new Uint8Array(pixels);
    this.streak = new Uint8Array(pixels);
  }

  /** The steadied alpha of this frame into `out`; `luma` is the frame's Y plane (same size). */
  steady(mask: Uint8Array, luma: Uint8Array, out: Uint8Array): Uint8Array {
    const n = this.pixels;
    const prevA = this.prevAlpha;
    const prevY = this.prevLuma;
    const streak = this.streak;
    if (!this.hasPrev) {
      out.set(mask.subarray(0, n));
      streak.fill(0);
    } else {
      const weight = this.weight;
      for (let i = 0; i < n; i++) {
        const m = mask[i]!;
        const p = prevA[i]!;
        if (m === p) {
          out[i] = m;
          streak[i] = 0;
          continue;
        }
        const far = m - p > BIG_CHANGE || p - m > BIG_CHANGE;
        if (far && streak[i]! >= 1) {
          out[i] = m;
          streak[i] = 0;
          continue;
        }
        streak[i] = far ? 1 : 0;
        const y = luma[i]!;
        const q = prevY[i]!;
        const k = weight[y > q ? y - q : q - y]!;
        // Rounded towards the new value so a settled edge reaches it instead of stopping one short.
        const d = m - p;
        out[i] = p + (d > 0 ? (d * k + 255) >> 8 : -((-d * k + 255) >> 8));
      }
    }
    prevA.set(out.subarray(0, n));
    prevY.set(luma.subarray(0, n));
    this.hasPrev = true;
    return out;
  }
}
