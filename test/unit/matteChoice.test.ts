import { describe, expect, it } from 'vitest';
import { maskGridFor, matteFrameFor } from '../../src/core/matteChoice';
import { modelFor } from '../../src/core/geometry';

describe('maskGridFor', () => {
  it("is the selfie model's input for the selfie matte and twice as fine for the whole-body matte", () => {
    const landscape = modelFor({ width: 1280, height: 720 });
    expect(maskGridFor(landscape, { kind: 'selfie' })).toEqual({ width: 256, height: 144 });
    expect(maskGridFor(landscape, { kind: 'body' })).toEqual({ width: 512, height: 288 });
    expect(maskGridFor(modelFor({ width: 1080, height: 1920 }), { kind: 'body' })).toEqual({ width: 512, height: 512 });
  });
});

describe('matteFrameFor (the ffmpeg.wasm path)', () => {
  it("gives the selfie matte its model's input, squeezed as the model sees the whole frame", () => {
    const size = { width: 1080, height: 1920 };
    expect(matteFrameFor(size, modelFor(size), { kind: 'selfie' })).toEqual({ width: 256, height: 256 });
  });

  it('gives the whole-body matte the picture in its own shape, 512 on the long side, even, never scaled up', () => {
    const tall = { width: 1080, height: 1920 };
    expect(matteFrameFor(tall, modelFor(tall), { kind: 'body' })).toEqual({ width: 288, height: 512 });
    const wide = { width: 1280, height: 720 };
    expect(matteFrameFor(wide, modelFor(wide), { kind: 'body' })).toEqual({ width: 512, height: 288 });
    const odd = { width: 1000, height: 562 };
    const f = matteFrameFor(odd, modelFor(odd), { kind: 'body' });
    expect(f.width % 2 + (f.height % 2)).toBe(0);
    expect(f.width).toBe(512);
    const small = { width: 480, height: 270 };
    expect(matteFrameFor(small, modelFor(small), { kind: 'body' })).toEqual({ width: 480, height: 270 });
  });
});
