// The matte eval's ground truth is only as good as its rasterizer: coverage must be the true area.
import { describe, expect, it } from 'vitest';
import { affine, apply, drawPerson, invert, polygonCoverage, type Point } from '../../eval/lib/raster.mjs';

const shoelace = (poly: readonly Point[]) =>
  Math.abs(poly.reduce((s, [x, y], i) => {
    const [nx, ny] = poly[(i + 1) % poly.length]!;
    return s + x * ny - nx * y;
  }, 0)) / 2;

describe('polygonCoverage', () => {
  it('gives a half-pixel-offset square its exact partial coverage', () => {
    // [0.5, 2.5]^2 on 3x3: corners a quarter, sides a half, centre whole
    const { out } = polygonCoverage([[0.5, 0.5], [2.5, 0.5], [2.5, 2.5], [0.5, 2.5]], 3, 3);
    expect([...out]).toEqual([64, 128, 64, 128, 255, 128, 64, 128, 64]);
  });

  it('sums to the polygon area for a rotated, scaled outline', () => {
    const shape: Point[] = [[3, 2], [17, 4], [15, 13], [9, 9], [4, 15]];
    const m = affine({ scale: 1.7, angleDeg: 23, pivot: [10, 8], at: [20.3, 17.6] });
    const poly = shape.map((p) => apply(m, p));
    const { out } = polygonCoverage(poly, 40, 36);
    const area = out.reduce((s, v) => s + v, 0) / 255;
    expect(Math.abs(area - shoelace(poly)) / shoelace(poly)).toBeLessThan(0.01);
  });

  it('inverts transforms', () => {
    const m = affine({ scale: 0.8, angleDeg: -7, pivot: [256, 512], at: [640, 730] });
    const [u, v] = apply(invert(m), apply(m, [100, 50]));
    expect(u).toBeCloseTo(100, 9);
    expect(v).toBeCloseTo(50, 9);
  });
});

describe('drawPerson', () => {
  it('composites with exactly the alpha it returns', () => {
    const W = 6;
    const H = 4;
    const frame = new Uint8Array(W * H * 3).fill(20);
    const photo = new Uint8Array(4 * 4 * 3).fill(220);
    // a 4x4 photo, its outline a square from (0.5, 0.5) to (3.5, 3.5), moved by (1.25, 0)
    const truth = drawPerson(frame, W, H, photo, 4, 4, [[0.5, 0.5], [3.5, 0.5], [3.5, 3.5], [0.5, 3.5]], [affine({ at: [1.25, 0] })]);
    for (let i = 0; i < W * H; i++) {
      expect(frame[i * 3]).toBe(Math.round(20 + (200 * truth[i]!) / 255));
    }
    expect(truth[1 * W + 2]).toBe(255);
    expect(truth[0]).toBe(0);
    expect(truth[1 * W + 1]).toBe(Math.round(0.25 * 255)); // x in [1.75, 2): a quarter of the pixel
  });
});
