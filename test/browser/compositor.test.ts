// The compositors behind one interface, in real Chromium: WebGL2 and the CPU one on the wasm SIMD
// kernels must give what the CPU one on the plain-JS kernels gives (within float rounding) on
// synthetic frames, and the start-up choice must report what it measured, and say why when WebGL2
// can't start.
import { describe, expect, it } from 'vitest';
import type { Tint } from '../../src/core/colourMatch';
import { DEFAULT_REFINE, MASK_VIDEO_REFINE, NO_REFINE } from '../../src/core/matteRefine';
import type { RefineSettings } from '../../src/core/matteRefine';
import { newI420, type I420 } from '../../src/core/yuv';
import type { Compositor } from '../../src/workers/webcodecs/compositor';
import { newCpuCompositor } from '../../src/workers/webcodecs/cpuCompositor';
import { WebGl2Compositor } from '../../src/workers/webcodecs/webglCompositor';
import { pickOn } from './pickOn';
import { fillScene, sceneMask } from './scenes';

interface Scene {
  width: number;
  height: number;
  mask: { width: number; height: number };
  frames: number;
  refine: 'default' | 'luma' | 'none' | 'mask-video';
  /** Colour matching's tint, added to the person's samples by both. */
  tint?: Tint;
}

interface PlaneDiff {
  plane: 'y' | 'u' | 'v';
  max: number;
  /** Bytes that differ by more than 1. */
  over1: number;
  n: number;
}

type Make = (bg: I420, s: Scene, refine: RefineSettings) => Compositor;

/**
 * The CPU compositor on the JS kernels (the reference) and `make`'s over the same moving frames
 * (so temporal smoothing works), every byte diffed.
 */
function compareOnScene(s: Scene, make: Make): { diffs: PlaneDiff[]; bgShown: number; personKept: number } {
  const { width: W, height: H } = s;
  const cw = W >> 1;
  const ch = H >> 1;
  const refine =
    s.refine === 'none' ? NO_REFINE : s.refine === 'luma' ? { ...DEFAULT_REFINE, colourGuide: false } : s.refine === 'mask-video' ? MASK_VIDEO_REFINE : DEFAULT_REFINE;
  const bg = newI420(W, H);
  fillScene(bg, 0, false);
  const cpu = newCpuCompositor(bg, s.mask, refine, 'js');
  const tested = make(bg, s, refine);
  const planes = [
    { plane: 'y' as const, start: 0, end: W * H },
    { plane: 'u' as const, start: W * H, end: W * H + cw * ch },
    { plane: 'v' as const, start: W * H + cw * ch, end: W * H + 2 * cw * ch },
  ];
  const diffs = planes.map((p) => ({ plane: p.plane, max: 0, over1: 0, n: 0 }));
  let bgShown = 0;
  let personKept = 0;
  try {
    for (let i = 0; i < s.frames; i++) {
      const shift = i * 9;
      const a = newI420(W, H);
      fillScene(a, shift, true);
      const input = Uint8Array.from(a.data);
      const b = newI420(W, H);
      b.data.set(a.data);
      const mask = sceneMask(s.mask.width, s.mask.height, W, shift);
      cpu.composite(a, { mask }, s.tint);
      tested.composite(b, { mask }, s.tint);
      planes.forEach((p, k) => {
        const d = diffs[k]!;
        for (let j = p.start; j < p.end; j++) {
          const e = Math.abs(a.data[j]! - b.data[j]!);
          if (e > d.max) d.max = e;
          if (e > 1) d.over1++;
        }
        d.n += p.end - p.start;
      });
      // The tested output where it must be the background (a corner) and the person (the centre).
      const corner = 5 * W + 5;
      if (b.data[corner] === bg.data[corner]) bgShown++;
      const centre = (H >> 1) * W + (W >> 1) + shift;
      if (b.data[centre] === Math.min(255, Math.max(0, input[centre]! + (s.tint?.y ?? 0)))) personKept++;
    }
  } finally {
    cpu.close();
    tested.close();
  }
  return { diffs, bgShown, personKept };
}

const scenes: Scene[] = [
  { width: 1280, height: 720, mask: { width: 256, height: 144 }, frames: 4, refine: 'default' },
  { width: 1080, height: 1920, mask: { width: 256, height: 256 }, frames: 3, refine: 'default' },
  // A width that is not a multiple of 8 (odd chroma width): the padded path.
  { width: 642, height: 362, mask: { width: 256, height: 144 }, frames: 3, refine: 'default' },
  // Odd chroma height: the U plane ends in the middle of a texture row.
  { width: 648, height: 362, mask: { width: 256, height: 144 }, frames: 3, refine: 'default' },
  // Portrait, the square model's mask.
  { width: 720, height: 1280, mask: { width: 256, height: 256 }, frames: 2, refine: 'default' },
  { width: 1280, height: 720, mask: { width: 256, height: 144 }, frames: 2, refine: 'none' },
  // The default guides by colour (chroma coefficients, the pixels' U and V); luma alone too, on the
  // plain, padded and odd-chroma-height layouts and the square model.
  { width: 1280, height: 720, mask: { width: 256, height: 144 }, frames: 3, refine: 'luma' },
  { width: 642, height: 362, mask: { width: 256, height: 144 }, frames: 2, refine: 'luma' },
  { width: 648, height: 362, mask: { width: 256, height: 144 }, frames: 2, refine: 'luma' },
  { width: 720, height: 1280, mask: { width: 256, height: 256 }, frames: 2, refine: 'luma' },
  // Colour matching: each plane gets its own tint (and the padded path finds its planes too).
  { width: 1280, height: 720, mask: { width: 256, height: 144 }, frames: 2, refine: 'default', tint: { y: -14, u: 9, v: -6 } },
  { width: 642, height: 362, mask: { width: 256, height: 144 }, frames: 2, refine: 'default', tint: { y: 20, u: -12, v: 12 } },
];

describe('WebGL2 compositor against the CPU one, on synthetic frames', () => {
  for (const scene of scenes) {
    it(`${scene.width}x${scene.height}, refine ${scene.refine}${scene.tint ? ', tinted' : ''}: the same bytes within 2 code values, nearly all equal`, () => {
      const r = compareOnScene(scene, (bg, s, refine) => new WebGl2Compositor(bg, s.mask, refine));
      for (const d of r.diffs) {
        // float32 in the shader vs float64 in JS moves a rounding now and then, never more.
        expect(d.max, `${d.plane} max difference`).toBeLessThanOrEqual(2);
        expect(d.over1 / d.n, `${d.plane} share off by more than 1`).toBeLessThan(1e-4);
      }
      expect(r.bgShown, 'background shows where the mask is 0').toBe(scene.frames);
      expect(r.personKept, 'person kept where the mask is 255').toBe(scene.frames);
    });
  }
});

describe('the CPU compositor on the wasm SIMD kernels against the plain-JS ones', () => {
  const wasmScenes: Scene[] = [
    ...scenes,
    // The whole-body matte's finer grid, and a full-resolution mask video (steadied, not refined).
    { width: 1280, height: 720, mask: { width: 512, height: 288 }, frames: 3, refine: 'default', tint: { y: 6, u: -3, v: 4 } },
    { width: 1080, height: 1920, mask: { width: 288, height: 512 }, frames: 2, refine: 'default' },
    { width: 642, height: 362, mask: { width: 642, height: 362 }, frames: 3, refine: 'mask-video' },
    { width: 640, height: 360, mask: { width: 640, height: 360 }, frames: 2, refine: 'none' },
  ];
  it('Chromium runs them: the compositor says wasm-simd', () => {
    const c = newCpuCompositor(newI420(64, 36), { width: 16, height: 9 }, DEFAULT_REFINE);
    expect(c.kernelKind).toBe('wasm-simd');
    expect(newCpuCompositor(newI420(64, 36), { width: 16, height: 9 }, DEFAULT_REFINE, 'js').kernelKind).toBe('js');
  });
  for (const scene of wasmScenes) {
    it(`${scene.width}x${scene.height}, mask ${scene.mask.width}x${scene.mask.height}, refine ${scene.refine}${scene.tint ? ', tinted' : ''}: within 1 code value`, () => {
      const r = compareOnScene(scene, (bg, s, refine) => newCpuCompositor(bg, s.mask, refine, 'auto'));
      for (const d of r.diffs) expect(d.max, `${d.plane} max difference`).toBeLessThanOrEqual(1);
      expect(r.bgShown, 'background shows where the mask is 0').toBe(scene.frames);
      expect(r.personKept, 'person kept where the mask is 255').toBe(scene.frames);
    });
  }
});

describe('choosing at start-up, on this machine (WebGL on SwiftShader: a software renderer)', () => {
  it('auto takes the CPU one without timing WebGL2; a forced one is what it names', () => {
    expect(pickOn('auto')).toEqual({ kind: 'cpu', measuredMs: undefined });
    expect(pickOn('cpu')).toEqual({ kind: 'cpu', measuredMs: undefined });
    expect(pickOn('webgl2')).toEqual({ kind: 'webgl2', measuredMs: undefined });
  });
});
