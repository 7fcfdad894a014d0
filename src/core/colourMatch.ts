/**
 * Optional colour matching: moves the person's overall tone part way towards the new background's,
 * so someone filmed under warm indoor light does not look pasted onto a cool evening street. The
 * person's mean Y, U and V (weighted by the mask) are shifted a share of the way to the
 * background's, with each shift capped so a very dark or very saturated background can only tint
 * the person, never repaint them; the person's means are smoothed over time so the tint does not
 * pump as they move. The tint is whole code values added to each plane (a table lookup a sample on
 * the CPU, one add in the GPU's blend). Pure and browser-free.
 */
import type { Size } from './geometry';
import { planesOf, type I420 } from './yuv';

export interface PlaneMeans {
  y: number;
  u: number;
  v: number;
}

export const COLOUR_MATCH_TUNING = {
  /** Share of the gap between the person's mean and the background's that is closed. */
  strength: 0.35,
  /** Largest shift of luma, and of each chroma channel, in code values. */
  maxLumaShift: 16,
  maxChromaShift: 8,
  /** Weight of each new frame in the running mean of the person's tone. */
  smoothing: 0.1,
  /** Below this share of the frame (mask-weighted) there is too little person to measure. */
  minCoverage: 0.005,
};

/** Mean of each plane, every `step`-th chroma sample in both directions (luma at the same places). */
export function i420Means(f: I420, step = 4): PlaneMeans {
  const { y, u, v, cw, ch } = planesOf(f);
  let sy = 0;
  let su = 0;
  let sv = 0;
  let n = 0;
  for (let cy = 0; cy < ch; cy += step) {
    for (let cx = 0; cx < cw; cx += step) {
      const c = cy * cw + cx;
      sy += y[2 * cy * f.width + 2 * cx]!;
      su += u[c]!;
      sv += v[c]!;
      n++;
    }
  }
  return n === 0 ? { y: 128, u: 128, v: 128 } : { y: sy / n, u: su / n, v: sv / n };
}

/**
 * Means of the frame weighted by the person's mask (0..255 at `maskSize`, nearest cell), sampled
 * like i420Means; null when the person covers too little of the frame to say.
 */
export function personMeans(f: I420, mask: Uint8Array, maskSize: Size, step = 4): PlaneMeans | null {
  const { y, u, v, cw, ch } = planesOf(f);
  const sx = maskSize.width / f.width;
  const sy = maskSize.height / f.height;
  let wy = 0;
  let wu = 0;
  let wv = 0;
  let wsum = 0;
  let samples = 0;
  for (let cy = 0; cy < ch; cy += step) {
    const py = 2 * cy;
    const mrow = Math.min(maskSize.height - 1, Math.floor(py * sy)) * maskSize.width;
    for (let cx = 0; cx < cw; cx += step) {
      const px = 2 * cx;
      const w = mask[mrow + Math.min(maskSize.width - 1, Math.floor(px * sx))]!;
      samples++;
      if (w === 0) continue;
      const c = cy * cw + cx;
      wy += w * y[py * f.width + px]!;
      wu += w * u[c]!;
      wv += w * v[c]!;
      wsum += w;
    }
  }
  if (samples === 0 || wsum / (255 * samples) < COLOUR_MATCH_TUNING.minCoverage) return null;
  return { y: wy / wsum, u: wu / wsum, v: wv / wsum };
}

function clampShift(d: number, max: number): number {
  return d > max ? max : d < -max ? -max : d;
}

/** The shift each plane gets: a share of the gap, capped. */
export function colourShift(person: PlaneMeans, background: PlaneMeans, t = COLOUR_MATCH_TUNING): PlaneMeans {
  return {
    y: clampShift(t.strength * (background.y - person.y), t.maxLumaShift),
    u: clampShift(t.strength * (background.u - person.u), t.maxChromaShift),
    v: clampShift(t.strength * (background.v - person.v), t.maxChromaShift),
  };
}

/** A whole-code-value shift of each plane: what the compositors add to the person's samples. */
export type Tint = PlaneMeans;

export const NO_TINT: Tint = { y: 0, u: 0, v: 0 };

export function isNoTint(t: Tint): boolean {
  return t.y === 0 && t.u === 0 && t.v === 0;
}

/**
 * Adds the tint to every sample of the frame, clamped to 0..255 (the CPU compositor calls this
 * after the matte is made, so the refinement still sees the picture's own luma, then blends).
 */
export function applyTint(frame: I420, tint: Tint, tables = new Uint8Array(256)): void {
  if (isNoTint(tint)) return;
  const { y, u, v } = planesOf(frame);
  for (const [plane, shift] of [
    [y, tint.y],
    [u, tint.u],
    [v, tint.v],
  ] as const) {
    if (shift === 0) continue;
    for (let i = 0; i < 256; i++) tables[i] = Math.min(255, Math.max(0, i + shift));
    for (let i = 0; i < plane.length; i++) plane[i] = tables[plane[i]!]!;
  }
}

/** Tracks the person's tone over the clip and says how far to tint each frame towards the background. */
export class ColourMatcher {
  private readonly target: PlaneMeans;
  private running: PlaneMeans | null = null;

  constructor(
    background: I420,
    private readonly maskSize: Size,
  ) {
    this.target = i420Means(background);
  }

  /** This frame's tint, from its mask (at `maskSize`); frames must come in order (smoothing). */
  tintFor(frame: I420, mask: Uint8Array): Tint {
    const now = personMeans(frame, mask, this.maskSize);
    if (now) {
      const r = this.running ?? now;
      const k = this.running ? COLOUR_MATCH_TUNING.smoothing : 1;
      this.running = { y: r.y + k * (now.y - r.y), u: r.u + k * (now.u - r.u), v: r.v + k * (now.v - r.v) };
    }
    if (!this.running) return NO_TINT;
    const shift = colourShift(this.running, this.target);
    return { y: Math.round(shift.y), u: Math.round(shift.u), v: Math.round(shift.v) };
  }
}
