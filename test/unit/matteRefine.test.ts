import { describe, expect, it } from 'vitest';
import { DEFAULT_REFINE, MatteRefiner, NO_REFINE, REFINE_TUNING } from '../../src/core/matteRefine';
import { newI420, type I420 } from '../../src/core/yuv';
import { upsampleMask } from '../../src/core/yuvComposite';

const W = 160;
const H = 96;
/** The default refinement without the light wrap (which deliberately lets the background in). */
const SHARP = { ...DEFAULT_REFINE, lightWrap: 0 };
const MW = 32;
const MH = 24;

/** A frame whose luma steps from `left` to `right` at column `edge` (the person is on the left). */
function stepFrame(edge: number, left = 70, right = 190): I420 {
  const f = newI420(W, H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) f.data[y * W + x] = x < edge ? left : right;
  return f;
}

/** The model's view of that edge: a soft ramp several mask pixels wide, centred near it. */
function rampMask(edge: number, width = 4): Uint8Array {
  const m = new Uint8Array(MW * MH);
  const centre = (edge / W) * MW;
  for (let y = 0; y < MH; y++) {
    for (let x = 0; x < MW; x++) {
      const t = (centre - (x + 0.5)) / width + 0.5;
      m[y * MW + x] = Math.round(Math.min(1, Math.max(0, t)) * 255);
    }
  }
  return m;
}

/** Columns (on the middle row) where alpha is neither 0 nor 255. */
function softColumns(alpha: Uint8Array): number {
  let n = 0;
  for (let x = 0; x < W; x++) {
    const a = alpha[(H >> 1) * W + x]!;
    if (a > 8 && a < 247) n++;
  }
  return n;
}

/** Where alpha crosses 128 on the middle row. */
function crossing(alpha: Uint8Array): number {
  const row = (H >> 1) * W;
  for (let x = 1; x < W; x++) if (alpha[row + x - 1]! >= 128 && alpha[row + x]! < 128) return x;
  return -1;
}

describe('MatteRefiner', () => {
  it('with refinement off, is the plain bilinear upsample', () => {
    const mask = rampMask(80);
    const r = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }, NO_REFINE);
    expect(r.refine(mask, stepFrame(80))).toEqual(upsampleMask(mask, MW, MH, W, H));
  });

  it('snaps a soft model edge onto the picture’s own edge', () => {
    const edge = 83; // not on the mask grid (5 px per mask cell)
    const frame = stepFrame(edge);
    const mask = rampMask(edge);
    const raw = upsampleMask(mask, MW, MH, W, H);
    const refined = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }, SHARP).refine(mask, frame);
    expect(softColumns(raw)).toBeGreaterThan(10);
    expect(softColumns(refined)).toBeLessThanOrEqual(1);
    expect(Math.abs(crossing(refined) - edge)).toBeLessThanOrEqual(1);
    // Far from the edge: plainly person and plainly background.
    expect(refined[(H >> 1) * W + 10]).toBe(255);
    expect(refined[(H >> 1) * W + W - 10]).toBe(0);
  });

  it('uses the guide it is given instead of measuring the frame again', () => {
    const frame = stepFrame(83);
    const mask = rampMask(83);
    const a = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }).refine(mask, frame);
    // Y, U and V planes: the default guides by colour.
    const flat = new Float32Array(3 * MW * MH).fill(0.5);
    const b = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }).refine(mask, frame, undefined, flat);
    expect(b).not.toEqual(a);
  });

  it('holds a still edge steady when the model wavers, and follows a moving one at once', () => {
    const still = stepFrame(83);
    const temporal = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }, { guided: false, temporal: true, lightWrap: 0 });
    const plain = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }, NO_REFINE);
    const change = (a: Uint8Array, b: Uint8Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;
    let prevT: Uint8Array | null = null;
    let prevP: Uint8Array | null = null;
    let flickerT = 0;
    let flickerP = 0;
    for (let k = 0; k < 10; k++) {
      // The model's edge jitters by a mask pixel either way on a picture that does not move.
      const mask = rampMask(83 + (k % 2 === 0 ? 5 : -5));
      const t = temporal.refine(mask, still);
      const p = plain.refine(mask, still);
      if (prevT && prevP) {
        flickerT += change(t, prevT);
        flickerP += change(p, prevP);
      }
      prevT = t.slice();
      prevP = p.slice();
    }
    expect(flickerT).toBeLessThan(flickerP * 0.5);

    // Now the person really moves 40 px: the new mask is taken where the picture changed.
    const moved = stepFrame(123);
    const after = temporal.refine(rampMask(123), moved);
    const expected = plain.refine(rampMask(123), moved);
    expect(Math.abs(crossing(after) - crossing(expected))).toBeLessThanOrEqual(1);
  });

  it('lets a little of the new background onto the person’s outermost pixels (light wrap)', () => {
    const edge = 83;
    const frame = stepFrame(edge);
    const mask = rampMask(edge);
    const sharp = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }, SHARP).refine(mask, frame);
    const wrapped = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }, DEFAULT_REFINE).refine(mask, frame);
    const row = (H >> 1) * W;
    const inside = row + edge - 3;
    expect(sharp[inside]).toBe(255);
    expect(wrapped[inside]!).toBeLessThan(245);
    expect(wrapped[inside]!).toBeGreaterThan(128);
    // Deep inside and outside: untouched.
    expect(wrapped[row + 10]).toBe(255);
    expect(wrapped[row + W - 10]).toBe(0);
    expect(wrapped[row + edge + 3]).toBe(0);
  });
});

describe('MatteRefiner with the colour guide', () => {
  const COLOUR = { ...SHARP, colourGuide: true };
  const LUMA = { ...SHARP, colourGuide: false };

  /** Same luma on both sides, different colour: only chroma shows where the edge is. */
  function chromaStep(edge: number): I420 {
    const f = newI420(W, H);
    const cw = W >> 1;
    const ch = H >> 1;
    f.data.fill(120, 0, W * H);
    for (let y = 0; y < ch; y++) {
      for (let x = 0; x < cw; x++) {
        const person = 2 * x < edge;
        f.data[W * H + y * cw + x] = person ? 90 : 170;
        f.data[W * H + cw * ch + y * cw + x] = person ? 170 : 90;
      }
    }
    return f;
  }

  it('finds an edge that luma cannot see (same brightness, different colour)', () => {
    const edge = 84; // even: on the chroma grid
    const frame = chromaStep(edge);
    const mask = rampMask(edge - 6); // the model's edge a little off
    const luma = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }, LUMA).refine(mask, frame);
    const colour = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }, COLOUR).refine(mask, frame);
    expect(Math.abs(crossing(colour) - edge)).toBeLessThanOrEqual(2);
    expect(Math.abs(crossing(luma) - edge)).toBeGreaterThan(Math.abs(crossing(colour) - edge));
  });

  it('on a grey picture it gives what the luma guide gives', () => {
    const edge = 83;
    const frame = stepFrame(edge);
    frame.data.fill(128, W * H);
    const mask = rampMask(edge);
    const luma = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }, SHARP).refine(mask, frame);
    const colour = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }, COLOUR).refine(mask, frame);
    let worst = 0;
    for (let i = 0; i < luma.length; i++) worst = Math.max(worst, Math.abs(luma[i]! - colour[i]!));
    expect(worst).toBeLessThanOrEqual(3);
  });

  it('a person moving off a background of their own brightness but another colour leaves no trail', () => {
    const size = { width: MW, height: MH };
    const frameSize = { width: W, height: H };
    const withChroma = new MatteRefiner(size, frameSize, COLOUR);
    const lumaAlone = new MatteRefiner(size, frameSize, COLOUR, { ...REFINE_TUNING, chromaMotion: 0 });
    for (let k = 0; k < 4; k++) {
      withChroma.refine(rampMask(124), chromaStep(124));
      lumaAlone.refine(rampMask(124), chromaStep(124));
    }
    // The person steps 80 px left: only the colour changed where they were.
    const now = withChroma.refine(rampMask(44), chromaStep(44));
    const trail = lumaAlone.refine(rampMask(44), chromaStep(44));
    expect(Math.abs(crossing(now) - 44)).toBeLessThanOrEqual(2);
    // Luma alone sees no motion there and keeps most of the old mask (the trail this prevents).
    expect(crossing(trail)).toBeGreaterThan(100);
  });

  it("reads U and V from the guide's second and third planes when the caller gives them", () => {
    const frame = chromaStep(84);
    const mask = rampMask(78);
    const measured = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }, COLOUR).refine(mask, frame);
    // The same planes, made the way the matte worker makes them.
    const n = MW * MH;
    const guide = new Float32Array(3 * n);
    guide.fill(120 / 255, 0, n);
    for (let y = 0; y < MH; y++) {
      for (let x = 0; x < MW; x++) {
        // chroma cells: 80 chroma columns over 32 cells, 2.5 each; recompute like boxBounds does
        let su = 0;
        let sv = 0;
        let count = 0;
        const x0 = Math.round((x * (W / 2)) / MW);
        const x1 = Math.round(((x + 1) * (W / 2)) / MW);
        const y0 = Math.round((y * (H / 2)) / MH);
        const y1 = Math.round(((y + 1) * (H / 2)) / MH);
        for (let cy = y0; cy < Math.max(y0 + 1, y1); cy++) {
          for (let cx = x0; cx < Math.max(x0 + 1, x1); cx++) {
            su += frame.data[W * H + cy * (W / 2) + cx]!;
            sv += frame.data[W * H + (W / 2) * (H / 2) + cy * (W / 2) + cx]!;
            count++;
          }
        }
        guide[n + y * MW + x] = su / (count * 255);
        guide[2 * n + y * MW + x] = sv / (count * 255);
      }
    }
    const given = new MatteRefiner({ width: MW, height: MH }, { width: W, height: H }, COLOUR).refine(mask, frame, undefined, guide);
    expect(given).toEqual(measured);
  });
});
