import { describe, expect, it } from 'vitest';
import {
  downscaleI420ToRgba,
  i420Bytes,
  i420ToRgba,
  newI420,
  nv12ToI420,
  planesOf,
  rgbaToI420,
  rotateI420,
  rotatedSize,
  type I420,
} from '../../src/core/yuv';

function solidRgba(w: number, h: number, rgb: [number, number, number]): Uint8ClampedArray {
  const out = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) out.set([...rgb, 255], i * 4);
  return out;
}

/** A frame whose Y, U and V values encode their own position, to follow pixels through a turn. */
function labelled(w: number, h: number): I420 {
  const f = newI420(w, h);
  const { y, u, v, cw, ch } = planesOf(f);
  for (let py = 0; py < h; py++) for (let px = 0; px < w; px++) y[py * w + px] = py * w + px;
  for (let i = 0; i < cw * ch; i++) {
    u[i] = 100 + i;
    v[i] = 200 + i;
  }
  return f;
}

describe('I420 layout', () => {
  it('packs Y then quarter-size U and V', () => {
    expect(i420Bytes(4, 2)).toBe(8 + 2 + 2);
    const p = planesOf(newI420(4, 2));
    expect([p.y.length, p.u.length, p.v.length, p.cw, p.ch]).toEqual([8, 2, 2, 2, 1]);
  });
});

describe('RGBA <-> I420', () => {
  it('maps black, white and grey to limited-range luma with neutral chroma', () => {
    for (const [rgb, luma] of [
      [[0, 0, 0], 16],
      [[255, 255, 255], 235],
      [[128, 128, 128], 126],
    ] as const) {
      const f = rgbaToI420(solidRgba(2, 2, [...rgb]), 2, 2, 'bt601');
      const { y, u, v } = planesOf(f);
      expect(y[0]).toBe(luma);
      expect(u[0]).toBe(128);
      expect(v[0]).toBe(128);
    }
  });

  it('round-trips colours within a couple of levels, in both matrices', () => {
    for (const matrix of ['bt601', 'bt709'] as const) {
      for (const rgb of [[200, 30, 40], [20, 180, 60], [10, 40, 220], [240, 220, 90]] as [number, number, number][]) {
        const back = i420ToRgba(rgbaToI420(solidRgba(4, 4, rgb), 4, 4, matrix), matrix);
        for (let c = 0; c < 3; c++) expect(Math.abs((back[c] ?? 0) - rgb[c]!)).toBeLessThanOrEqual(2);
        expect(back[3]).toBe(255);
      }
    }
  });

  it('gives chroma the mean of each 2x2 block', () => {
    const rgba = solidRgba(2, 2, [255, 0, 0]);
    rgba.set([0, 0, 255, 255], 4); // one blue pixel of four
    const { u } = planesOf(rgbaToI420(rgba, 2, 2, 'bt601'));
    const red = planesOf(rgbaToI420(solidRgba(2, 2, [255, 0, 0]), 2, 2, 'bt601')).u[0] ?? 0;
    const blue = planesOf(rgbaToI420(solidRgba(2, 2, [0, 0, 255]), 2, 2, 'bt601')).u[0] ?? 0;
    expect(Math.abs((u[0] ?? 0) - (3 * red + blue) / 4)).toBeLessThanOrEqual(1);
  });
});

describe('nv12ToI420', () => {
  it('splits the interleaved chroma into two planes', () => {
    const nv12 = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 10, 20, 11, 21]);
    const { y, u, v } = planesOf(nv12ToI420(nv12, 4, 2));
    expect([...y]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...u]).toEqual([10, 11]);
    expect([...v]).toEqual([20, 21]);
  });
});

describe('rotateI420', () => {
  const w = 4;
  const h = 2;
  const at = (f: I420, x: number, y: number) => planesOf(f).y[y * f.width + x];

  it('swaps the sides for quarter turns', () => {
    expect(rotatedSize(4, 2, 90)).toEqual({ width: 2, height: 4 });
    expect(rotatedSize(4, 2, 180)).toEqual({ width: 4, height: 2 });
  });

  it('90° clockwise puts the top-left pixel top-right', () => {
    const src = labelled(w, h);
    const out = rotateI420(src, 90);
    expect([out.width, out.height]).toEqual([2, 4]);
    expect(at(out, 1, 0)).toBe(at(src, 0, 0));
    expect(at(out, 0, 0)).toBe(at(src, 0, 1));
    expect(at(out, 0, 3)).toBe(at(src, 3, 1));
    // Chroma (2x1 here) turns too: 1x2.
    expect([...planesOf(out).u]).toEqual([100, 101]);
  });

  it('270° puts the top-left pixel bottom-left, and 180° flips both ways', () => {
    const src = labelled(w, h);
    const r270 = rotateI420(src, 270);
    expect(at(r270, 0, 3)).toBe(at(src, 0, 0));
    expect(at(r270, 1, 3)).toBe(at(src, 0, 1));
    const r180 = rotateI420(src, 180);
    expect(at(r180, 3, 1)).toBe(at(src, 0, 0));
    expect([...planesOf(r180).v]).toEqual([201, 200]);
  });

  it('four quarter turns give the frame back', () => {
    const src = labelled(6, 4);
    let f = src;
    for (let i = 0; i < 4; i++) f = rotateI420(f, 90);
    expect([...f.data]).toEqual([...src.data]);
    expect([...rotateI420(src, 0).data]).toEqual([...src.data]);
  });
});

describe('downscaleI420ToRgba', () => {
  it('averages each block (area scaling) and converts to RGB', () => {
    // 8x4 frame: left half black, right half white -> 2x1: black, white.
    const rgba = new Uint8ClampedArray(8 * 4 * 4);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 8; x++) rgba.set(x < 4 ? [0, 0, 0, 255] : [255, 255, 255, 255], (y * 8 + x) * 4);
    const small = downscaleI420ToRgba(rgbaToI420(rgba, 8, 4, 'bt601'), 2, 1, 'bt601');
    expect(Math.max(small[0]!, small[1]!, small[2]!)).toBeLessThanOrEqual(1);
    expect(Math.min(small[4]!, small[5]!, small[6]!)).toBeGreaterThanOrEqual(254);
    expect(small[3]).toBe(255);
  });

  it('keeps a flat colour flat at a non-integer ratio (1280x720 -> 256x144 shape)', () => {
    const f = rgbaToI420(solidRgba(20, 10, [30, 160, 90]), 20, 10, 'bt709');
    const small = downscaleI420ToRgba(f, 6, 3, 'bt709');
    for (let i = 0; i < 18; i++) {
      expect(Math.abs(small[i * 4]! - 30)).toBeLessThanOrEqual(2);
      expect(Math.abs(small[i * 4 + 1]! - 160)).toBeLessThanOrEqual(2);
      expect(Math.abs(small[i * 4 + 2]! - 90)).toBeLessThanOrEqual(2);
    }
  });
});

describe('downscaleI420ToRgba guide planes', () => {
  it('fills mean U and V after the luma when the guide has room for three planes', () => {
    const f = newI420(8, 4);
    f.data.fill(100, 0, 32);
    f.data.fill(60, 32, 40);
    f.data.fill(200, 40, 48);
    const one = new Float32Array(4 * 2);
    const three = new Float32Array(3 * 4 * 2);
    downscaleI420ToRgba(f, 4, 2, 'bt601', undefined, one);
    downscaleI420ToRgba(f, 4, 2, 'bt601', undefined, three);
    expect([...one].every((v) => Math.abs(v - 100 / 255) < 1e-6)).toBe(true);
    expect([...three.subarray(0, 8)]).toEqual([...one]);
    expect([...three.subarray(8, 16)].every((v) => Math.abs(v - 60 / 255) < 1e-6)).toBe(true);
    expect([...three.subarray(16, 24)].every((v) => Math.abs(v - 200 / 255) < 1e-6)).toBe(true);
  });
});
