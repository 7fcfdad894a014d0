import { describe, expect, it } from 'vitest';
import { flat } from './frames';
import { planesOf } from '../../src/core/yuv';
import { blendI420, upsampleMask } from '../../src/core/yuvComposite';


describe('upsampleMask', () => {
  it('keeps a flat mask flat and hits the corners exactly', () => {
    expect([...upsampleMask(new Uint8Array(4).fill(200), 2, 2, 8, 6)].every((v) => v === 200)).toBe(true);
    const m = upsampleMask(new Uint8Array([0, 255]), 2, 1, 8, 1);
    expect(m[0]).toBe(0);
    expect(m[7]).toBe(255);
  });

  it('ramps linearly between mask pixel centres', () => {
    // 2 mask pixels over 8: centres at 1.5 and 5.5; between them a ramp, outside flat.
    const m = [...upsampleMask(new Uint8Array([0, 255]), 2, 1, 8, 1)];
    expect(m.slice(0, 2)).toEqual([0, 0]);
    expect(m.slice(6)).toEqual([255, 255]);
    for (let i = 2; i < 6; i++) expect(m[i]!).toBeGreaterThan(m[i - 1]!);
    expect(Math.abs(m[3]! + m[4]! - 255)).toBeLessThanOrEqual(2);
  });
});

describe('blendI420', () => {
  it('keeps the person where alpha is 255 and shows the background where it is 0', () => {
    const frame = flat(4, 2, 200, 90, 160);
    const bg = flat(4, 2, 50, 140, 110);
    const alpha = new Uint8Array([255, 255, 0, 0, 255, 255, 0, 0]);
    blendI420(frame, bg, alpha);
    const p = planesOf(frame);
    expect([...p.y]).toEqual([200, 200, 50, 50, 200, 200, 50, 50]);
    expect([...p.u]).toEqual([90, 140]);
    expect([...p.v]).toEqual([160, 110]);
  });

  it('mixes in proportion to alpha, on luma and on chroma (mean alpha of the 2x2 block)', () => {
    const frame = flat(2, 2, 200, 100, 100);
    const bg = flat(2, 2, 100, 200, 200);
    blendI420(frame, bg, new Uint8Array([128, 128, 255, 0]));
    const p = planesOf(frame);
    expect(Math.abs(p.y[0]! - 150)).toBeLessThanOrEqual(1);
    expect(p.y[2]).toBe(200);
    expect(p.y[3]).toBe(100);
    // mean alpha (128+128+255+0)/4 ≈ 128 -> halfway
    expect(Math.abs(p.u[0]! - 150)).toBeLessThanOrEqual(1);
  });
});
