// The wasm SIMD pixel kernels (src/kernels/pixels.ts, compiled from source by the same Vite plugin
// the build uses) against the plain-JS ones, in Node's V8: the blend and the tint byte for byte,
// the refinement's apply within 1 code value; and the JS fallback where SIMD can't be validated.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_REFINE, MatteRefiner, REFINE_TUNING, type RefineSettings } from '../../src/core/matteRefine';
import { heapArena } from '../../src/core/arena';
import { downscalePlan, jsKernels, type PixelKernels } from '../../src/core/pixelKernels';
import { downscaleI420ToRgba, newI420, nv12ToI420, rotatedSize, rotateI420, type I420 } from '../../src/core/yuv';
import { kernelKindFor, withPixelKernels } from '../../src/workers/shared/wasmKernels';
import { fillScene, sceneMask } from '../browser/scenes';
import { seededRandom } from '../../src/core/seededRandom';

/** A frame in `kernels`' memory with `data`'s bytes. */
function frameIn(kernels: PixelKernels, f: I420): I420 {
  const data = kernels.arena.u8(f.data.length);
  data.set(f.data);
  return { width: f.width, height: f.height, data };
}

function randomFrame(w: number, h: number, seed: number): I420 {
  const next = seededRandom(seed);
  const f = newI420(w, h);
  for (let i = 0; i < f.data.length; i++) f.data[i] = Math.floor(next() * 256);
  return f;
}

function maxDiff(a: Uint8Array, b: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('wasm SIMD kernels', () => {
  it('are what this V8 gets', () => {
    expect(kernelKindFor('auto')).toBe('wasm-simd');
    expect(kernelKindFor('js')).toBe('js');
  });

  // Widths that are and are not multiples of the vectors (16 luma, 8 chroma), odd chroma sizes.
  for (const [w, h] of [
    [64, 32],
    [642, 362],
    [38, 6],
    [1280, 720],
  ] as const) {
    it(`blend ${w}x${h}: byte for byte the JS blend, on any alpha (0, 255 and between)`, () => {
      const frame = randomFrame(w, h, w);
      const bg = randomFrame(w, h, h);
      const next = seededRandom(w * h);
      // Runs of 0, of 255 and of anything, so every branch of both is taken.
      const alpha = Uint8Array.from({ length: w * h }, (_, i) => {
        const run = Math.floor(i / 24) % 3;
        return run === 0 ? 0 : run === 1 ? 255 : Math.floor(next() * 256);
      });
      const js = newI420(w, h);
      js.data.set(frame.data);
      jsKernels().blendI420(js, bg, alpha);
      const out = withPixelKernels('auto', (k) => {
        const f = frameIn(k, frame);
        const a = k.arena.u8(alpha.length);
        a.set(alpha);
        k.blendI420(f, frameIn(k, bg), a);
        return Uint8Array.from(f.data);
      });
      expect(maxDiff(out, js.data)).toBe(0);
    });
  }

  it('tint: each plane shifted and clamped, byte for byte the JS tint', () => {
    const frame = randomFrame(98, 34, 7);
    for (const tint of [
      { y: 12, u: -30, v: 0 },
      { y: -255, u: 255, v: 3 },
      { y: 0, u: 0, v: 0 },
    ]) {
      const js = newI420(98, 34);
      js.data.set(frame.data);
      jsKernels().applyTint(js, tint);
      const out = withPixelKernels('auto', (k) => {
        const f = frameIn(k, frame);
        k.applyTint(f, tint);
        return Uint8Array.from(f.data);
      });
      expect(maxDiff(out, js.data)).toBe(0);
    }
  });

  const luma: RefineSettings = { ...DEFAULT_REFINE, colourGuide: false };
  const still: RefineSettings = { guided: false, temporal: true, lightWrap: 0.35 };
  for (const [name, W, H, mw, mh, refine] of [
    ['colour guide, 720p, the selfie grid', 1280, 720, 256, 144, DEFAULT_REFINE],
    ['colour guide, 720p, the whole-body grid', 1280, 720, 512, 288, DEFAULT_REFINE],
    ['luma guide, portrait, odd chroma height', 648, 362, 144, 256, luma],
    ['colour guide, width not a multiple of 4', 642, 362, 256, 144, DEFAULT_REFINE],
    ['no guided fit, steadied and wrapped only', 640, 360, 256, 144, still],
  ] as const) {
    it(`refinement, ${name}: the same coefficients to the last bit, alpha within 1 code value, over moving frames`, () => {
      const size = { width: W, height: H };
      const js = new MatteRefiner({ width: mw, height: mh }, size, refine);
      let worst = 0;
      let off = 0;
      let planesEqual = true;
      withPixelKernels('auto', (k) => {
        const wasm = new MatteRefiner({ width: mw, height: mh }, size, refine, REFINE_TUNING, k);
        const out = k.arena.u8(W * H);
        const work = frameIn(k, newI420(W, H));
        return () => {
          for (let i = 0; i < 4; i++) {
            const f = newI420(W, H);
            fillScene(f, i * 11, true);
            const mask = sceneMask(mw, mh, W, i * 11);
            // The guide as the matte worker sends it: mean Y, U and V per mask cell.
            const guide = new Float32Array(3 * mw * mh);
            downscaleI420ToRgba(f, mw, mh, 'bt601', undefined, guide);
            const expected = js.refine(mask, f, undefined, guide);
            work.data.set(f.data);
            wasm.refine(mask, work, out, guide);
            const [x, y] = [js.lastCoefficients(), wasm.lastCoefficients()];
            for (const key of ['a', 'b', 'wrap', 'au', 'av'] as const) {
              const [p, q] = [x[key], y[key]];
              if ((p === null) !== (q === null) || (p && q && p.some((v, j) => !Object.is(v, q[j])))) planesEqual = false;
            }
            worst = Math.max(worst, maxDiff(out, expected));
            for (let p = 0; p < out.length; p++) if (out[p] !== expected[p]) off++;
          }
        };
      })();
      expect(planesEqual, 'coefficients identical').toBe(true);
      expect(worst).toBeLessThanOrEqual(1);
      expect(off / (4 * W * H)).toBeLessThan(1e-3);
    });
  }

  for (const [name, W, H, ow, oh] of [
    ['720p to the selfie grid', 1280, 720, 256, 144],
    ['720p to the whole-body grid', 1280, 720, 512, 288],
    ['portrait to the square model', 1080, 1920, 256, 256],
    ['sizes that do not divide', 642, 362, 100, 77],
  ] as const) {
    it(`downscale, ${name}: RGBA and the guide's three planes equal to JS's`, () => {
      const frame = randomFrame(W, H, W + H);
      fillScene(frame, 5, true);
      const cells = ow * oh;
      for (const matrix of ['bt601', 'bt709'] as const) {
        const rgbaJs = new Uint8ClampedArray(4 * cells);
        const guideJs = new Float32Array(3 * cells);
        jsKernels().downscaleI420ToRgba(downscalePlan(heapArena, frame, { width: ow, height: oh }), frame, matrix, rgbaJs, guideJs);
        const got = withPixelKernels('auto', (k) => {
          const f = frameIn(k, frame);
          const plan = downscalePlan(k.arena, frame, { width: ow, height: oh });
          const bytes = k.arena.u8(4 * cells);
          const rgba = new Uint8ClampedArray(bytes.buffer, bytes.byteOffset, bytes.length);
          const guide = k.arena.f32(3 * cells);
          return () => {
            k.downscaleI420ToRgba(plan, f, matrix, rgba, guide);
            return { rgba: Uint8Array.from(rgba), guide: Float32Array.from(guide) };
          };
        })();
        expect(maxDiff(got.rgba, Uint8Array.from(rgbaJs)), matrix).toBe(0);
        expect([...got.guide]).toEqual([...guideJs]);
      }
    });
  }

  for (const [w, h] of [
    [1920, 1080],
    [100, 36],
    [34, 18],
  ] as const) {
    it(`upright copy ${w}x${h}: each rotation and NV12 to I420, byte for byte the JS ones`, () => {
      const frame = randomFrame(w, h, w * 7 + h);
      for (const rotation of [0, 90, 180, 270] as const) {
        const size = rotatedSize(w, h, rotation);
        const js = rotateI420(frame, rotation);
        const got = withPixelKernels('auto', (k) => {
          const src = frameIn(k, frame);
          const out = frameIn(k, newI420(size.width, size.height));
          return () => {
            k.rotateI420(src, rotation, out);
            return Uint8Array.from(out.data);
          };
        })();
        expect(maxDiff(got, js.data), `rotation ${rotation}`).toBe(0);
      }
      const nv12 = randomFrame(w, h, 99).data;
      const js = nv12ToI420(nv12, w, h);
      const got = withPixelKernels('auto', (k) => {
        const src = k.arena.u8(nv12.length);
        src.set(nv12);
        const out = frameIn(k, newI420(w, h));
        return () => {
          k.nv12ToI420(src, out);
          return Uint8Array.from(out.data);
        };
      })();
      expect(maxDiff(got, js.data), 'nv12').toBe(0);
    });
  }

  it('an array outside their memory is refused, not silently copied', () => {
    const k = withPixelKernels('auto', (kernels) => ({ kernels, frame: frameIn(kernels, newI420(32, 16)), alpha: kernels.arena.u8(32 * 16) }));
    expect(() => k.kernels.blendI420(k.frame, newI420(32, 16), k.alpha)).toThrow(/outside their memory/);
  });
});

describe('the JS fallback', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('is chosen at start-up when this browser cannot validate the SIMD module, and composites the same', async () => {
    vi.resetModules();
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    const fresh = await import('../../src/workers/shared/wasmKernels');
    expect(fresh.kernelKindFor('auto')).toBe('js');
    const kernels = fresh.withPixelKernels('auto', (k) => k);
    expect(kernels.kind).toBe('js');
    const frame = randomFrame(64, 32, 3);
    const bg = randomFrame(64, 32, 4);
    const alpha = new Uint8Array(64 * 32).fill(0);
    kernels.blendI420(frame, bg, alpha);
    expect(maxDiff(frame.data, bg.data)).toBe(0);
  });
});
