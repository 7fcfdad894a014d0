import { describe, expect, it } from 'vitest';
import {
  cropAround,
  cropBoxToFrame,
  growCutBox,
  judgeCrop,
  looksLikePerson,
  maskBlobs,
  maskBox,
  searchTiles,
  pasteCropMask,
  steadyCrop,
  wholeFrameCrop,
  type Crop,
} from '../../src/core/personCrop';
import { cropI420ToRgba, newI420, planesOf } from '../../src/core/yuv';

/** A w x h mask with the rectangle [x0, x1) x [y0, y1) at `value`. */
function rectMask(w: number, h: number, x0: number, y0: number, x1: number, y1: number, value = 255): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let y = y0; y < y1; y++) m.fill(value, y * w + x0, y * w + x1);
  return m;
}

describe('maskBox', () => {
  it('finds the confident rectangle and its share of the mask', () => {
    const found = maskBox(rectMask(100, 50, 10, 5, 30, 45), 100, 50);
    expect(found?.box).toEqual({ x0: 10, y0: 5, x1: 30, y1: 45 });
    expect(found?.area).toBeCloseTo((20 * 40) / 5000, 6);
  });

  it('is null for an empty or unsure mask', () => {
    expect(maskBox(new Uint8Array(100), 10, 10)).toBeNull();
    expect(maskBox(rectMask(10, 10, 0, 0, 10, 10, 100), 10, 10)).toBeNull();
  });

  it('ignores a lone speckle away from the person', () => {
    const m = rectMask(100, 100, 40, 20, 60, 90);
    m[5 * 100 + 95] = 255;
    expect(maskBox(m, 100, 100)?.box).toEqual({ x0: 40, y0: 20, x1: 60, y1: 90 });
  });
});

describe('crops', () => {
  const frame = { width: 1280, height: 720 };

  it('frames a standing person with a quarter of their height to spare', () => {
    const crop = cropAround({ x0: 600, y0: 300, x1: 660, y1: 480 }, frame);
    expect(crop).toEqual({ cx: 630, cy: 390, side: 225 });
  });

  it('never makes a crop smaller than a fifth of the frame (a speck is not a person)', () => {
    expect(cropAround({ x0: 10, y0: 10, x1: 12, y1: 14 }, frame).side).toBeCloseTo(0.2 * 720, 6);
  });

  it('maps boxes between crop-mask pixels and frame pixels', () => {
    const crop: Crop = { cx: 640, cy: 360, side: 512 };
    expect(cropBoxToFrame({ x0: 0, y0: 0, x1: 256, y1: 128 }, crop, 256)).toEqual({ x0: 384, y0: 104, x1: 896, y1: 360 });
  });

  it('starts from the whole frame, padded to a square', () => {
    expect(wholeFrameCrop(frame)).toEqual({ cx: 640, cy: 360, side: 1280 });
  });

  it('holds the crop still for small moves and follows large ones', () => {
    const a: Crop = { cx: 500, cy: 300, side: 400 };
    expect(steadyCrop(a, { cx: 505, cy: 302, side: 410 })).toBe(a);
    const moved = { cx: 540, cy: 300, side: 400 };
    expect(steadyCrop(a, moved)).toBe(moved);
    const grown = { cx: 500, cy: 300, side: 460 };
    expect(steadyCrop(a, grown)).toBe(grown);
  });
});

describe('judgeCrop', () => {
  const frame = { width: 1280, height: 720 };
  const crop: Crop = { cx: 640, cy: 360, side: 400 };

  it('keeps a crop with the person well inside', () => {
    expect(judgeCrop(maskBox(rectMask(256, 256, 90, 30, 160, 230), 256, 256), crop, 256, frame)).toBe('keep');
  });

  it('recrops when the person reaches a side of the crop inside the frame', () => {
    expect(judgeCrop(maskBox(rectMask(256, 256, 0, 30, 100, 230), 256, 256), crop, 256, frame)).toBe('recrop');
    expect(judgeCrop(maskBox(rectMask(256, 256, 90, 30, 160, 256), 256, 256), crop, 256, frame)).toBe('recrop');
  });

  it('keeps a crop whose edge is also the frame edge (the person is cut by the frame, not the crop)', () => {
    const low: Crop = { cx: 640, cy: 520, side: 400 }; // bottom edge at y 720
    expect(judgeCrop(maskBox(rectMask(256, 256, 90, 30, 160, 256), 256, 256), low, 256, frame)).toBe('keep');
  });

  it('calls a collapsed mask lost', () => {
    expect(judgeCrop(null, crop, 256, frame)).toBe('lost');
    expect(judgeCrop(maskBox(rectMask(256, 256, 100, 100, 105, 110), 256, 256), crop, 256, frame)).toBe('lost');
  });
});

describe('pasteCropMask', () => {
  it('puts the crop mask where the crop is in the frame grid, zero elsewhere', () => {
    const frame = { width: 1280, height: 720 };
    const grid = { width: 256, height: 144 };
    // A crop of 400 px centred at (640, 360) whose mask is fully on: frame x 440..840, y 160..560.
    const crop: Crop = { cx: 640, cy: 360, side: 400 };
    const out = new Uint8Array(grid.width * grid.height).fill(7);
    pasteCropMask(new Uint8Array(256 * 256).fill(255), 256, crop, frame, grid, out);
    const at = (fx: number, fy: number) => out[Math.floor(fy / 5) * grid.width + Math.floor(fx / 5)];
    expect(at(640, 360)).toBe(255);
    expect(at(450, 170)).toBe(255);
    expect(at(830, 550)).toBe(255);
    expect(at(420, 360)).toBe(0);
    expect(at(640, 140)).toBe(0);
    expect(at(10, 10)).toBe(0);
  });

  it('keeps the larger value when merging several crops', () => {
    const frame = { width: 100, height: 100 };
    const grid = { width: 10, height: 10 };
    const out = new Uint8Array(100);
    pasteCropMask(new Uint8Array(64).fill(200), 8, { cx: 25, cy: 50, side: 40 }, frame, grid, out);
    pasteCropMask(new Uint8Array(64).fill(100), 8, { cx: 75, cy: 50, side: 40 }, frame, grid, out, true);
    expect(out[5 * 10 + 2]).toBe(200);
    expect(out[5 * 10 + 7]).toBe(100);
  });

  it('carries an edge across at the right place', () => {
    const frame = { width: 256, height: 256 };
    const grid = { width: 64, height: 64 };
    // Crop = whole frame; the crop mask's left half is on: grid columns 0..31 on, 32..63 off.
    const m = rectMask(256, 256, 0, 0, 128, 256);
    const out = new Uint8Array(64 * 64);
    pasteCropMask(m, 256, { cx: 128, cy: 128, side: 256 }, frame, grid, out);
    expect(out[10 * 64 + 30]).toBe(255);
    expect(out[10 * 64 + 33]).toBe(0);
  });
});

describe('cropI420ToRgba', () => {
  it('reads the crop region and pads outside the frame with black', () => {
    const f = newI420(64, 64);
    const { y, u, v } = planesOf(f);
    y.fill(235);
    u.fill(128);
    v.fill(128);
    // The crop's left half lies outside the frame (x < 0).
    const out = cropI420ToRgba(f, -32, 0, 64, 16, 'bt601');
    const px = (x: number, yy: number) => Array.from(out.subarray((yy * 16 + x) * 4, (yy * 16 + x) * 4 + 4));
    expect(px(2, 8)).toEqual([0, 0, 0, 255]);
    expect(px(12, 8)).toEqual([255, 255, 255, 255]);
  });

  it('averages a large crop down', () => {
    const f = newI420(64, 64);
    const { y, u, v } = planesOf(f);
    u.fill(128);
    v.fill(128);
    // Alternate columns 16 / 235: averaged 2:1 they become mid grey, not stripes.
    for (let r = 0; r < 64; r++) for (let c = 0; c < 64; c++) y[r * 64 + c] = c % 2 ? 235 : 16;
    const out = cropI420ToRgba(f, 0, 0, 32, 16, 'bt601');
    const grey = out[(5 * 16 + 5) * 4] ?? 0;
    expect(grey).toBeGreaterThan(120);
    expect(grey).toBeLessThan(135);
  });
});

describe('maskBlobs', () => {
  it('separates regions, largest first, and drops specks', () => {
    const m = rectMask(100, 100, 10, 10, 30, 60); // 1000 px
    for (let y = 70; y < 80; y++) m.fill(255, y * 100 + 60, y * 100 + 90); // 300 px
    m[5 * 100 + 95] = 255; // a speck
    const blobs = maskBlobs(m, 100, 100);
    expect(blobs.map((b) => b.box)).toEqual([
      { x0: 10, y0: 10, x1: 30, y1: 60 },
      { x0: 60, y0: 70, x1: 90, y1: 80 },
    ]);
    expect(blobs[0]!.area).toBeCloseTo(0.1, 6);
  });

  it('joins pixels that touch at a corner', () => {
    const m = new Uint8Array(16);
    m[0] = 255;
    m[5] = 255;
    expect(maskBlobs(m, 4, 4, 128, 0)).toHaveLength(1);
  });
});

describe('looksLikePerson', () => {
  it('takes a figure framed by its crop and refuses a small or shapeless one', () => {
    expect(looksLikePerson(maskBox(rectMask(256, 256, 100, 26, 156, 230), 256, 256), 256)).toBe(true);
    expect(looksLikePerson(maskBox(rectMask(256, 256, 100, 100, 140, 150), 256, 256), 256)).toBe(false);
    // two far corners: a large box that is almost empty
    const m = rectMask(256, 256, 0, 0, 30, 30);
    for (let y = 226; y < 256; y++) m.fill(255, y * 256 + 226, y * 256 + 256);
    expect(looksLikePerson(maskBox(m, 256, 256), 256)).toBe(false);
    expect(looksLikePerson(null, 256)).toBe(false);
  });
});

describe('searchTiles', () => {
  it('covers a landscape frame with overlapping squares at each level', () => {
    const frame = { width: 1280, height: 720 };
    const one = searchTiles(frame, 1);
    expect(one.map((t) => [t.cx, t.cy, t.side])).toEqual([[360, 360, 720], [640, 360, 720], [920, 360, 720]]);
    const two = searchTiles(frame, 2);
    expect(two.every((t) => t.side === 360)).toBe(true);
    // every point of the frame is inside some tile
    for (const [x, y] of [[0, 0], [1279, 719], [640, 360], [200, 700]] as const) {
      expect(two.some((t) => Math.abs(x - t.cx) <= t.side / 2 && Math.abs(y - t.cy) <= t.side / 2)).toBe(true);
    }
  });

  it('runs down the long side of a portrait frame', () => {
    const tiles = searchTiles({ width: 1080, height: 1920 }, 1);
    expect(tiles.every((t) => t.cx === 540 && t.side === 1080)).toBe(true);
    expect(tiles[0]!.cy).toBe(540);
    expect(tiles.at(-1)!.cy).toBe(1380);
  });
});

describe('growCutBox', () => {
  it('moves out only the sides where the crop cut the person', () => {
    const frame = { width: 1280, height: 720 };
    const crop: Crop = { cx: 640, cy: 360, side: 256 };
    // Cut at the top of the crop (row 0), well inside elsewhere: 1 crop px = 1 frame px here.
    const found = maskBox(rectMask(256, 256, 100, 0, 150, 200), 256, 256)!;
    expect(growCutBox(found, crop, 256, frame)).toEqual({ x0: 612, y0: 232 - 0.35 * 256, x1: 662, y1: 432 });
  });
});
