import { describe, expect, it } from 'vitest';
import { MaskSteadier } from '../../src/core/maskSteady';
import { REFINE_TUNING } from '../../src/core/matteRefine';

const still = REFINE_TUNING.stillWeight;

describe('MaskSteadier', () => {
  it('takes the first frame as it is', () => {
    const s = new MaskSteadier(3);
    expect([...s.steady(Uint8Array.of(0, 128, 255), Uint8Array.of(10, 20, 30), new Uint8Array(3))]).toEqual([0, 128, 255]);
  });

  it('where the picture held still, moves only part way to a new mask value', () => {
    const s = new MaskSteadier(2);
    const luma = Uint8Array.of(100, 100);
    s.steady(Uint8Array.of(0, 255), luma, new Uint8Array(2));
    const out = s.steady(Uint8Array.of(200, 55), luma, new Uint8Array(2));
    expect(out[0]).toBeCloseTo(200 * still, -1);
    expect(out[1]).toBeCloseTo(255 - 200 * still, -1);
  });

  it('where the picture changed, takes the new mask at once (no ghost behind a moving hand)', () => {
    const s = new MaskSteadier(1);
    s.steady(Uint8Array.of(255), Uint8Array.of(60), new Uint8Array(1));
    const moved = Math.ceil(REFINE_TUNING.motionFull * 255) + 1;
    expect(s.steady(Uint8Array.of(0), Uint8Array.of(60 + moved), new Uint8Array(1))[0]).toBe(0);
  });

  it('a person who walks off a background of their own brightness leaves no ghost after one frame', () => {
    const s = new MaskSteadier(1);
    const luma = Uint8Array.of(120); // the person and the wall behind look the same
    s.steady(Uint8Array.of(255), luma, new Uint8Array(1));
    const first = s.steady(Uint8Array.of(0), luma, new Uint8Array(1))[0]!;
    expect(first).toBeGreaterThan(100); // one frame of disagreement is damped
    expect(s.steady(Uint8Array.of(0), luma, new Uint8Array(1))[0]).toBe(0);
  });

  it('a one-frame flip of the model is damped and does not snap', () => {
    const s = new MaskSteadier(1);
    const luma = Uint8Array.of(120);
    s.steady(Uint8Array.of(255), luma, new Uint8Array(1));
    s.steady(Uint8Array.of(0), luma, new Uint8Array(1));
    expect(s.steady(Uint8Array.of(255), luma, new Uint8Array(1))[0]).toBeGreaterThan(200);
  });

  it('a mask that settles is reached exactly, not one short', () => {
    const s = new MaskSteadier(1);
    const luma = Uint8Array.of(50);
    s.steady(Uint8Array.of(0), luma, new Uint8Array(1));
    let v = 0;
    for (let i = 0; i < 40; i++) v = s.steady(Uint8Array.of(201), luma, new Uint8Array(1))[0]!;
    expect(v).toBe(201);
  });

  it('damps a shimmer: an edge pixel flipping between two values each frame swings far less', () => {
    const s = new MaskSteadier(1);
    const luma = Uint8Array.of(128);
    const out: number[] = [];
    for (let i = 0; i < 30; i++) out.push(s.steady(Uint8Array.of(i % 2 ? 200 : 100), luma, new Uint8Array(1))[0]!);
    const swing = Math.max(...out.slice(20)) - Math.min(...out.slice(20));
    expect(swing).toBeLessThan(100 * 0.3);
  });
});
