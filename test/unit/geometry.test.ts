import { describe, expect, it } from 'vitest';
import {
  clampBlurSigma,
  coverCrop,
  DEFAULT_BLUR_SIGMA,
  displaySize,
  evenSize,
  MAX_BLUR_SIGMA,
  modelFor,
  type Rect,
  type Size,
} from '../../src/core/geometry';

function expectValidCover(source: Size, target: Size, crop: Rect): void {
  for (const v of [crop.x, crop.y, crop.width, crop.height]) expect(Number.isInteger(v)).toBe(true);
  expect(crop.x).toBeGreaterThanOrEqual(0);
  expect(crop.y).toBeGreaterThanOrEqual(0);
  expect(crop.width).toBeGreaterThanOrEqual(1);
  expect(crop.height).toBeGreaterThanOrEqual(1);
  expect(crop.x + crop.width).toBeLessThanOrEqual(source.width);
  expect(crop.y + crop.height).toBeLessThanOrEqual(source.height);
  // One side is the whole source side; the other matches the target aspect to within 1 px.
  expect(crop.width === source.width || crop.height === source.height).toBe(true);
  const ratio = target.width / target.height;
  expect(Math.abs(crop.width - crop.height * ratio)).toBeLessThanOrEqual(1);
  expect(Math.abs(crop.height - crop.width / ratio)).toBeLessThanOrEqual(1 / Math.min(1, ratio));
  // Centred: the margins on either side differ by at most 1 px.
  expect(Math.abs(crop.x - (source.width - crop.x - crop.width))).toBeLessThanOrEqual(1);
  expect(Math.abs(crop.y - (source.height - crop.y - crop.height))).toBeLessThanOrEqual(1);
}

describe('coverCrop', () => {
  it('crops the sides of a wider source (landscape photo behind a portrait video)', () => {
    const source = { width: 1920, height: 1080 };
    const target = { width: 720, height: 1280 };
    const crop = coverCrop(source, target);
    expect(crop).toEqual({ x: 656, y: 0, width: 608, height: 1080 });
    expectValidCover(source, target, crop);
  });

  it('crops top and bottom of a taller source (portrait photo behind a landscape video)', () => {
    const source = { width: 3024, height: 4032 };
    const target = { width: 1280, height: 720 };
    const crop = coverCrop(source, target);
    expect(crop).toEqual({ x: 0, y: 1165, width: 3024, height: 1701 });
    expectValidCover(source, target, crop);
  });

  it('keeps the whole source when the aspect ratios match', () => {
    expect(coverCrop({ width: 3840, height: 2160 }, { width: 1280, height: 720 })).toEqual({ x: 0, y: 0, width: 3840, height: 2160 });
    expect(coverCrop({ width: 500, height: 500 }, { width: 256, height: 256 })).toEqual({ x: 0, y: 0, width: 500, height: 500 });
  });

  it('is integral, in bounds, centred and of the right aspect over many sizes', () => {
    const sizes: Size[] = [
      { width: 1, height: 1 },
      { width: 7, height: 3 },
      { width: 3, height: 7 },
      { width: 640, height: 480 },
      { width: 1080, height: 1920 },
      { width: 1919, height: 1081 },
      { width: 4000, height: 3000 },
      { width: 5000, height: 100 },
      { width: 100, height: 5000 },
    ];
    const targets: Size[] = [
      { width: 1280, height: 720 },
      { width: 720, height: 1280 },
      { width: 1080, height: 1080 },
      { width: 854, height: 480 },
      { width: 478, height: 850 },
    ];
    for (const source of sizes) {
      for (const target of targets) {
        const crop = coverCrop(source, target);
        if (source.width < 10 || source.height < 10) {
          // Tiny sources cannot hold the aspect to a pixel, but must stay integral and in bounds.
          expect(crop.x + crop.width).toBeLessThanOrEqual(source.width);
          expect(crop.y + crop.height).toBeLessThanOrEqual(source.height);
          expect(crop.width).toBeGreaterThanOrEqual(1);
          expect(crop.height).toBeGreaterThanOrEqual(1);
          continue;
        }
        expectValidCover(source, target, crop);
      }
    }
  });
});

describe('evenSize', () => {
  it('drops the last row and column of odd sizes', () => {
    expect(evenSize({ width: 721, height: 1281 })).toEqual({ width: 720, height: 1280 });
    expect(evenSize({ width: 1919, height: 1080 })).toEqual({ width: 1918, height: 1080 });
    expect(evenSize({ width: 1280, height: 719 })).toEqual({ width: 1280, height: 718 });
  });

  it('leaves even sizes alone', () => {
    expect(evenSize({ width: 1920, height: 1080 })).toEqual({ width: 1920, height: 1080 });
  });

  it('never goes below 2 px', () => {
    expect(evenSize({ width: 3, height: 2 })).toEqual({ width: 2, height: 2 });
  });
});

describe('displaySize', () => {
  const coded = { width: 1920, height: 1080 };
  it('keeps the coded size at 0 and 180 degrees', () => {
    expect(displaySize(coded, 0)).toEqual(coded);
    expect(displaySize(coded, 180)).toEqual(coded);
    expect(displaySize(coded, -180)).toEqual(coded);
    expect(displaySize(coded, 360)).toEqual(coded);
  });

  it('swaps the sides at 90, 270 and -90 degrees (phone portrait)', () => {
    for (const deg of [90, 270, -90, -270, 450]) {
      expect(displaySize(coded, deg), `${deg}`).toEqual({ width: 1080, height: 1920 });
    }
  });
});

describe('modelFor', () => {
  it('uses the 256x144 landscape model for wide frames', () => {
    expect(modelFor({ width: 1280, height: 720 })).toEqual({ kind: 'landscape', width: 256, height: 144 });
    expect(modelFor({ width: 641, height: 640 }).kind).toBe('landscape');
  });

  it('uses the 256x256 square model for portrait and square frames', () => {
    expect(modelFor({ width: 720, height: 1280 })).toEqual({ kind: 'square', width: 256, height: 256 });
    expect(modelFor({ width: 1080, height: 1080 })).toEqual({ kind: 'square', width: 256, height: 256 });
  });
});

describe('clampBlurSigma', () => {
  it('keeps sigmas in 0..60', () => {
    expect(clampBlurSigma(0)).toBe(0);
    expect(clampBlurSigma(14)).toBe(14);
    expect(clampBlurSigma(7.5)).toBe(7.5);
    expect(clampBlurSigma(MAX_BLUR_SIGMA)).toBe(60);
    expect(clampBlurSigma(500)).toBe(MAX_BLUR_SIGMA);
    expect(clampBlurSigma(-3)).toBe(0);
  });

  it('falls back to the default for NaN', () => {
    expect(clampBlurSigma(NaN)).toBe(DEFAULT_BLUR_SIGMA);
    expect(DEFAULT_BLUR_SIGMA).toBe(14);
  });
});
