import { describe, expect, it } from 'vitest';
import { boxesForGauss, gaussianBlurRgba } from '../../src/core/gaussian';

describe('boxesForGauss', () => {
  it('gives three odd boxes whose variances add up to sigma²', () => {
    // Whole-pixel boxes are coarse for tiny sigmas (1 px: ~18% off); from 3 px on they are close.
    for (const [sigma, tolerance] of [[1, 0.25], [3, 0.1], [14, 0.05], [40, 0.05]] as const) {
      const boxes = boxesForGauss(sigma);
      expect(boxes).toHaveLength(3);
      for (const b of boxes) expect(b % 2).toBe(1);
      const variance = boxes.reduce((s, w) => s + (w * w - 1) / 12, 0);
      expect(Math.abs(Math.sqrt(variance) - sigma) / sigma).toBeLessThan(tolerance);
    }
  });
});

describe('gaussianBlurRgba', () => {
  it('spreads an impulse with the spread of the gaussian and keeps its energy', () => {
    const w = 101;
    const h = 1;
    const rgba = new Uint8ClampedArray(w * h * 4);
    // a bright bar: 10 px of 255 in the middle, so rounding doesn't swallow it
    for (let x = 45; x < 55; x++) rgba.set([255, 255, 255, 255], x * 4);
    const before = Array.from({ length: w }, (_, x) => rgba[x * 4]!);
    gaussianBlurRgba(rgba, w, h, 6);
    const after = Array.from({ length: w }, (_, x) => rgba[x * 4]!);
    const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
    expect(Math.abs(sum(after) - sum(before)) / sum(before)).toBeLessThan(0.02);
    const variance = (a: number[]) => {
      const m = a.reduce((s, v, i) => s + v * i, 0) / sum(a);
      return a.reduce((s, v, i) => s + v * (i - m) ** 2, 0) / sum(a);
    };
    // blurring adds sigma² to the bar's own variance
    expect(Math.abs(variance(after) - variance(before) - 36)).toBeLessThan(5);
    expect(after[50]!).toBeLessThan(255);
    expect(after[30]!).toBeGreaterThan(0);
    // alpha untouched
    expect(rgba[3]).toBe(0);
    expect(rgba[50 * 4 + 3]).toBe(255);
  });

  it('leaves a flat image flat (edges repeat the border) and does nothing at sigma 0', () => {
    const rgba = new Uint8ClampedArray(16 * 8 * 4).fill(77);
    gaussianBlurRgba(rgba, 16, 8, 5);
    expect(rgba.every((v) => v === 77)).toBe(true);
    const one = new Uint8ClampedArray([9, 8, 7, 6, 1, 2, 3, 4]);
    gaussianBlurRgba(one, 2, 1, 0);
    expect([...one]).toEqual([9, 8, 7, 6, 1, 2, 3, 4]);
  });
});
