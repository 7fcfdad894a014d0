import { describe, expect, it } from 'vitest';
import { flat } from './frames';
import { applyTint, COLOUR_MATCH_TUNING, ColourMatcher, colourShift, i420Means, personMeans } from '../../src/core/colourMatch';
import { newI420, planesOf, type I420 } from '../../src/core/yuv';


/** Left half one colour (the person), right half another. */
function halves(width: number, height: number, left: [number, number, number], right: [number, number, number]): I420 {
  const f = newI420(width, height);
  const p = planesOf(f);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) p.y[y * width + x] = x < width / 2 ? left[0] : right[0];
  for (let y = 0; y < p.ch; y++)
    for (let x = 0; x < p.cw; x++) {
      p.u[y * p.cw + x] = x < p.cw / 2 ? left[1] : right[1];
      p.v[y * p.cw + x] = x < p.cw / 2 ? left[2] : right[2];
    }
  return f;
}

const leftMask = (w: number, h: number) => {
  const m = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w / 2; x++) m[y * w + x] = 255;
  return m;
};

describe('means', () => {
  it('i420Means of a flat frame is its colour', () => {
    expect(i420Means(flat(64, 32, 100, 90, 160))).toEqual({ y: 100, u: 90, v: 160 });
  });

  it("personMeans weighs by the mask, at the mask's own (smaller) size", () => {
    const f = halves(64, 32, [200, 100, 150], [30, 128, 128]);
    expect(personMeans(f, leftMask(16, 8), { width: 16, height: 8 })).toEqual({ y: 200, u: 100, v: 150 });
  });

  it('personMeans says nothing when there is (almost) no person', () => {
    expect(personMeans(flat(64, 32, 1, 2, 3), new Uint8Array(16 * 8), { width: 16, height: 8 })).toBeNull();
  });
});

describe('colourShift', () => {
  it('closes a share of the gap', () => {
    const s = colourShift({ y: 100, u: 120, v: 130 }, { y: 110, u: 125, v: 120 });
    const k = COLOUR_MATCH_TUNING.strength;
    expect(s.y).toBeCloseTo(10 * k);
    expect(s.u).toBeCloseTo(5 * k);
    expect(s.v).toBeCloseTo(-10 * k);
  });

  it('is capped, so a far-off background only tints', () => {
    const s = colourShift({ y: 235, u: 16, v: 240 }, { y: 16, u: 240, v: 16 });
    expect(s).toEqual({ y: -COLOUR_MATCH_TUNING.maxLumaShift, u: COLOUR_MATCH_TUNING.maxChromaShift, v: -COLOUR_MATCH_TUNING.maxChromaShift });
  });
});

describe('applyTint', () => {
  it('adds whole code values per plane, clamped to 8 bits', () => {
    const f = newI420(2, 2);
    f.data.set([0, 100, 250, 255, 10, 200]);
    applyTint(f, { y: 10, u: -20, v: 60 });
    expect([...f.data]).toEqual([10, 110, 255, 255, 0, 255]);
  });

  it('no tint leaves the frame alone', () => {
    const f = flat(4, 4, 77, 88, 99);
    const before = f.data.slice();
    applyTint(f, { y: 0, u: 0, v: 0 });
    expect(f.data).toEqual(before);
  });
});

describe('ColourMatcher', () => {
  it("moves the person towards the background's tone and holds steady as they move", () => {
    const bg = flat(64, 32, 60, 150, 110);
    const m = new ColourMatcher(bg, { width: 16, height: 8 });
    const mask = leftMask(16, 8);
    const first = m.tintFor(halves(64, 32, [160, 120, 140], [0, 0, 0]), mask);
    expect(first.y).toBeLessThan(0);
    expect(first.u).toBeGreaterThan(0);
    expect(first.v).toBeLessThan(0);
    // One very different frame (a flash) barely moves the running tone.
    const flash = m.tintFor(halves(64, 32, [235, 128, 128], [0, 0, 0]), mask);
    expect(Math.abs(flash.y - first.y)).toBeLessThanOrEqual(Math.ceil(Math.abs(first.y) * 0.5));
    for (const t of [first, flash]) for (const v of [t.y, t.u, t.v]) expect(Number.isInteger(v)).toBe(true);
  });

  it('gives no tint until it has seen a person', () => {
    const m = new ColourMatcher(flat(64, 32, 60, 150, 110), { width: 16, height: 8 });
    expect(m.tintFor(flat(64, 32, 100, 100, 100), new Uint8Array(16 * 8))).toEqual({ y: 0, u: 0, v: 0 });
  });
});
