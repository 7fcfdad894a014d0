import { describe, expect, it } from 'vitest';
import { formatCarries, limitedToFull, maskFromFrame, unitToBytes } from '../../src/core/maskPlane';

describe('maskFromFrame', () => {
  // 4x2 frame: Y plane 8 bytes, U and V 2 each, then (I420A) an alpha plane of 8.
  const y = [16, 235, 126, 0, 255, 16, 235, 100];
  const u = [128, 128];
  const v = [128, 128];
  const a = [0, 255, 10, 20, 30, 40, 50, 60];

  it('stretches limited-range luma to 0..255 (white mask = opaque, black = clear)', () => {
    const out = maskFromFrame(Uint8Array.from([...y, ...u, ...v]), 'I420', 'luma', 4, 2, false, new Uint8Array(8));
    expect([...out]).toEqual([0, 255, 128, 0, 255, 0, 255, 98]);
  });

  it('takes full-range luma as it is', () => {
    const out = maskFromFrame(Uint8Array.from([...y, ...u, ...v]), 'I420', 'luma', 4, 2, true, new Uint8Array(8));
    expect([...out]).toEqual(y);
  });

  it("reads the alpha plane of I420A, not the picture's luma", () => {
    const out = maskFromFrame(Uint8Array.from([...y, ...u, ...v, ...a]), 'I420A', 'alpha', 4, 2, false, new Uint8Array(8));
    expect([...out]).toEqual(a);
  });

  it('finds the alpha plane after rounded-up chroma planes on odd sizes', () => {
    // 3x3: Y 9, U 4, V 4 (2x2 each), A 9
    const raw = Uint8Array.from([...Array<number>(9).fill(50), ...Array<number>(8).fill(128), 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...maskFromFrame(raw, 'I420A', 'alpha', 3, 3, true, new Uint8Array(9))]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads NV12 luma (the Y plane comes first there too)', () => {
    const out = maskFromFrame(Uint8Array.from([...y, 128, 128, 128, 128]), 'NV12', 'luma', 4, 2, true, new Uint8Array(8));
    expect([...out]).toEqual(y);
  });

  it('reads grey and alpha from packed RGBA and BGRA', () => {
    const rgba = Uint8Array.from([255, 255, 255, 7, 0, 0, 0, 9, 200, 100, 0, 11, 0, 100, 200, 13]);
    expect([...maskFromFrame(rgba, 'RGBA', 'luma', 2, 2, true, new Uint8Array(4))]).toEqual([255, 0, 119, 81]);
    expect([...maskFromFrame(rgba, 'BGRA', 'luma', 2, 2, true, new Uint8Array(4))]).toEqual([255, 0, 81, 119]);
    expect([...maskFromFrame(rgba, 'RGBA', 'alpha', 2, 2, true, new Uint8Array(4))]).toEqual([7, 9, 11, 13]);
  });

  it('refuses buffers that are too small instead of reading past them', () => {
    expect(() => maskFromFrame(new Uint8Array(4), 'I420', 'luma', 4, 2, true, new Uint8Array(8))).toThrow(/shorter/);
    expect(() => maskFromFrame(new Uint8Array(12), 'I420', 'luma', 4, 2, true, new Uint8Array(4))).toThrow(/needs 8/);
    expect(() => maskFromFrame(new Uint8Array(15), 'RGBA', 'alpha', 2, 2, true, new Uint8Array(4))).toThrow(/shorter/);
  });
});

describe('formatCarries', () => {
  it('needs an alpha plane for an alpha mask, any picture for a luma one', () => {
    expect(formatCarries('I420A', 'alpha')).toBe(true);
    expect(formatCarries('I420', 'alpha')).toBe(false);
    expect(formatCarries('NV12', 'alpha')).toBe(false);
    expect(formatCarries('I420', 'luma')).toBe(true);
    expect(formatCarries('I444', 'luma')).toBe(false);
  });
});

describe('limitedToFull', () => {
  it('maps 16 and 235 to the ends and clamps beyond them', () => {
    expect([0, 16, 125.5, 235, 255].map(limitedToFull)).toEqual([0, 0, 128, 255, 255]);
  });
});

describe('unitToBytes', () => {
  it('maps 0..1 to 0..255, rounding, and fills only what `out` holds', () => {
    const out = new Uint8Array(4);
    unitToBytes(Float32Array.of(0, 0.5, 1, 0.002, 0.9), out);
    expect([...out]).toEqual([0, 128, 255, 1]);
  });
});
