/**
 * Matte refinement: turns the segmenter's low-resolution mask into a full-resolution alpha that
 * follows the frame's edges and holds still over time. Pure and allocation-free per frame
 * (work buffers are made once per size), so the CPU compositor, the eval and the unit tests all
 * run the very same code.
 *
 * - Edges: a fast guided filter (He & Sun, 2015). Its linear coefficients (alpha ~ a * luma + b)
 *   are fitted at mask resolution against the frame's luma averaged down to that size, then
 *   upsampled and applied to the full-resolution luma, so the edge lands on the picture's own
 *   edge instead of the model's grid. Where luma does not explain the mask (a busy background's
 *   texture) the model's own mask is used instead, weighted by the fit's r squared; where the
 *   model is sure over a 3x3 neighbourhood, nothing can move the edge (a trimap). A contrast
 *   around 0.5 turns the model's wide ramp into an edge a couple of pixels wide.
 *   The full-resolution work is a bilinear lookup of the coefficients and a multiply-add, only
 *   in spans near the edge; the rest of the frame is filled with 0 or 255 (src/core/refineApply.ts,
 *   in wasm SIMD where the browser has it: the `kernels` a refiner is made with).
 * - Time: the mask is blended with the previous frame's where the picture did not change and
 *   taken as it is where it did, so still edges stop shimmering and moving ones leave no ghost;
 *   the coefficients likewise where the model's mask held still.
 * - Light wrap: a little of the new background over the person's outermost pixels.
 * - Colour guide (`colourGuide`, the default): the fit uses Y, U and V (a 3x3 solve per window)
 *   so an edge between equally bright colours is found too, and a busy background's luma texture
 *   drags the edge less (eval: edge error 0.130 -> 0.120, flicker 0.032 -> 0.025 against luma
 *   alone). Affordable because the fit runs on the trimap's unsure cells only (fitSparse).
 * Tuned with `npm run eval:matte` (docs/matte-quality.md).
 */
import type { Arena } from './arena';
import type { Size } from './geometry';
import { jsKernels, type PixelKernels } from './pixelKernels';
import type { ApplyLayout, CoefficientPlanes } from './refineApply';
import type { StageTimes } from './stageTimes';
import { boxBounds, downscaleI420ToRgba, type I420 } from './yuv';
import { bilinearAxis, upsampleMask, type BilinearAxis } from './yuvComposite';

export interface RefineSettings {
  /** Edge-aware upsampling guided by the frame (fast guided filter); off = plain bilinear. */
  guided: boolean;
  /**
   * Guide the filter by colour (Y, U and V: the full guided filter's 3x3 fit) instead of luma
   * alone, so an edge between two things of the same brightness but different colour is found.
   * On by default; without it (false) the fit is luma alone, a little cheaper.
   */
  colourGuide?: boolean;
  /** Motion-aware smoothing over time; off = each frame on its own. */
  temporal: boolean;
  /**
   * Light wrap, 0..1: at most this share of the new background shows through the person's
   * outermost few pixels, fading inward, so they look lit by the new scene. Not part of the
   * matte's accuracy: the eval measures with 0.
   */
  lightWrap: number;
}

export const DEFAULT_REFINE: RefineSettings = { guided: true, colourGuide: true, temporal: true, lightWrap: 0.35 };
export const NO_REFINE: RefineSettings = { guided: false, temporal: false, lightWrap: 0 };
/**
 * For a full-resolution mask video (fal.ai): its edge already follows the picture, so no guided
 * upsampling; what still helps is steadiness over time (per-frame models shimmer), done per pixel
 * by MaskSteadier. No light wrap: it needs the mask's local mean, which at full resolution costs
 * more than the rest of the composite.
 */
export const MASK_VIDEO_REFINE: RefineSettings = { guided: false, temporal: true, lightWrap: 0 };

/** Tuning, in mask pixels and 0..1 units; chosen with `npm run eval:matte`. */
export const REFINE_TUNING = {
  /** Guided filter window radius at mask resolution. */
  radius: 1,
  /** Guided filter regularisation: higher = smoother, less edge-following. */
  eps: 0.0008,
  /** The colour guide's regularisation of U and V (chroma varies less than luma). */
  chromaEps: 0.0001,
  /** Output contrast around 0.5: the model's soft ramp is wider than a real edge. */
  gain: 4,
  /**
   * The mask value (0..1) the contrast turns into alpha 0.5; above 0.5 trims the model's edge
   * inward. The eval's best (0.55: edge error -0.002) moved edges found by colour alone, so 0.5.
   */
  pivot: 0.5,
  /** Weight of the new mask where the picture is still (the rest is the previous frame's). */
  stillWeight: 0.25,
  /** Luma change (0..1, window mean) at which the new mask is taken entirely. */
  motionFull: 0.08,
  /**
   * With the colour guide, the weight of a change in U or V (window mean) beside luma's in that
   * motion: a person leaving a background of their own brightness but another colour (a blue
   * shirt off a blue bar's luma) would otherwise leave their old mask behind for several frames.
   */
  chromaMotion: 1,
  /** Mask confidence (0..1) below which (or above 1 minus which) a cell counts as surely background (person). */
  sure: 0.06,
  /** Weight of the new guided-filter coefficients where the model's mask held still. */
  coefStill: 0.3,
  /** Mask change (0..1) at which the new coefficients are taken entirely. */
  maskMotionFull: 0.15,
  /** Exponent on the guide's fit (r squared) when mixing guided and plain: 0 = always guided. */
  fitPower: 1,
};

export type RefineTuning = typeof REFINE_TUNING;

/**
 * The planes of the wasm kernels' refineCoefficients, in the order of their slots (i32 byte
 * offsets from slot 4, after mask width, mask height, radius and flags); src/kernels/pixels.ts
 * names the same slots. The tuning follows as f64 at REFINE_TUNING_OFFSET.
 */
const REFINE_SLOTS = [
  'mask', 'guide', 'gu', 'gv', 'p', 'prevP', 'prevGuideMean', 'meanI', 'meanP', 'a', 'b', 'wrap', 'pMin', 'pMax', 'fit',
  'prevRawP', 'maskMotion', 'unsure', 'sparseOut', 'prevA', 'prevB', 'tmp', 'scratch', 'cols', 'au', 'av', 'prevAu',
  'prevAv', 'meanU', 'meanV', 'prevMeanU', 'prevMeanV', 'live', 'need',
] as const;
const REFINE_TUNING_OFFSET = 160;
const REFINE_BLOCK_BYTES = REFINE_TUNING_OFFSET + 12 * 8;

/** Running-sum box mean along one line of `len` samples `step` apart, edges clamped. */
function boxLine(src: Float32Array, dst: Float32Array, base: number, step: number, len: number, r: number, norm: number): void {
  const last = base + (len - 1) * step;
  let sum = 0;
  for (let k = -r; k <= r; k++) sum += src[base + Math.min(len - 1, Math.max(0, k)) * step]!;
  for (let k = 0, i = base; k < len; k++, i += step) {
    dst[i] = sum * norm;
    // Interior samples need no clamping: only the few at each end do.
    const add = k + r + 1 < len ? i + (r + 1) * step : last;
    const sub = k - r >= 0 ? i - r * step : base;
    sum += src[add]! - src[sub]!;
  }
}

/** Mean over a (2r+1)^2 window, edges clamped, separable running sums. */
function boxMean(src: Float32Array, dst: Float32Array, tmp: Float32Array, w: number, h: number, r: number, cols: Float32Array): void {
  const norm = 1 / (2 * r + 1);
  for (let y = 0; y < h; y++) boxLine(src, tmp, y * w, 1, w, r, norm);
  // Vertical pass a row at a time (running sums per column): memory order, cache friendly.
  cols.fill(0);
  for (let k = -r; k <= r; k++) {
    const row = Math.min(h - 1, Math.max(0, k)) * w;
    for (let x = 0; x < w; x++) cols[x] = cols[x]! + tmp[row + x]!;
  }
  for (let y = 0; y < h; y++) {
    const out = y * w;
    const add = Math.min(h - 1, y + r + 1) * w;
    const sub = Math.max(0, y - r) * w;
    for (let x = 0; x < w; x++) {
      dst[out + x] = cols[x]! * norm;
      cols[x] = cols[x]! + tmp[add + x]! - tmp[sub + x]!;
    }
  }
}

/** Work buffers of the colour-guided fit, at mask size (the two row buffers: mask width). */
interface ColourFit {
  /** Scratch for callers that bring no guide: the three guide planes, and the RGBA the downscale also writes. */
  planes: Float32Array;
  rgba: Uint8ClampedArray<ArrayBuffer>;
  gu: Float32Array;
  gv: Float32Array;
  au: Float32Array;
  av: Float32Array;
  prevAu: Float32Array;
  prevAv: Float32Array;
  /** Window means of U and V, this frame's and the previous one's: motion seen in colour. */
  meanU: Float32Array;
  meanV: Float32Array;
  prevMeanU: Float32Array;
  prevMeanV: Float32Array;
}

/** `arena`: where the kernels can reach them (the scratch for callers without a guide stays JS's own). */
function newColourFit(n: number, arena: Arena): ColourFit {
  const f = () => arena.f32(n);
  return {
    planes: new Float32Array(3 * n),
    rgba: new Uint8ClampedArray(4 * n),
    gu: f(),
    gv: f(),
    au: f(),
    av: f(),
    prevAu: f(),
    prevAv: f(),
    meanU: f(),
    meanV: f(),
    prevMeanU: f(),
    prevMeanV: f(),
  };
}

/**
 * Per mask cell: alpha (0..255) = clamp(a * Y + au * U + av * V + b) * (1 - wrap), the frame's
 * Y, U, V in 0..255; au and av are null without the colour guide.
 */
export interface Coefficients {
  a: Float32Array;
  b: Float32Array;
  wrap: Float32Array;
  au: Float32Array | null;
  av: Float32Array | null;
}

export class MatteRefiner {
  private readonly n: number;
  private readonly guide: Float32Array;
  private readonly p: Float32Array;
  private readonly prevP: Float32Array;
  private readonly prevGuideMean: Float32Array;
  private hasPrev = false;
  private readonly meanI: Float32Array;
  private readonly meanP: Float32Array;
  private readonly a: Float32Array;
  private readonly b: Float32Array;
  private readonly wrap: Float32Array;
  private readonly pMin: Float32Array;
  /** Per-column running sums for boxMean's vertical pass. */
  private readonly cols: Float32Array;
  private readonly fit: Float32Array;
  private readonly prevRawP: Float32Array;
  private readonly maskMotion: Float32Array;
  /** fitSparse: the unsure cells' indices and, per listed cell, its second-stage a, b, au, av. */
  private readonly unsure: Int32Array;
  private readonly sparseOut: Float32Array;
  private readonly prevA: Float32Array;
  private readonly prevB: Float32Array;
  private readonly pMax: Float32Array;
  private readonly tmp: Float32Array;
  private readonly scratch: Float32Array;
  /** markNeeded's per-cell classes and its answer. */
  private readonly live: Uint8Array;
  private readonly need: Uint8Array;
  /** The full-resolution apply's inputs: the same arrays every frame. */
  private readonly layout: ApplyLayout;
  private readonly planes: CoefficientPlanes;
  private readonly xs: Int32Array;
  private readonly ys: Int32Array;
  /** Colour guide only: the U and V guide planes, the chroma coefficients and their row buffers. */
  private readonly colour: ColourFit | null;
  /** With kernels that make the coefficients (wasm): their slots block and the mask's copy. */
  private readonly slots: { block: Uint8Array; mask: Uint8Array } | null = null;

  constructor(
    readonly maskSize: Size,
    readonly frameSize: Size,
    readonly settings: RefineSettings = DEFAULT_REFINE,
    /** Only the eval's parameter sweeps pass another. */
    private readonly tuning: RefineTuning = REFINE_TUNING,
    /** The per-pixel loops: the arrays they read are made in their arena. */
    private readonly kernels: PixelKernels = jsKernels(),
  ) {
    const { width: mw, height: mh } = maskSize;
    this.n = mw * mh;
    const { arena } = kernels;
    const f = () => arena.f32(this.n);
    this.guide = f();
    this.p = f();
    this.prevP = f();
    this.prevGuideMean = f();
    this.meanI = f();
    this.meanP = f();
    this.a = f();
    this.b = f();
    this.wrap = f();
    this.pMin = f();
    this.cols = arena.f32(mw);
    this.fit = f();
    this.prevRawP = f();
    this.maskMotion = f();
    this.unsure = arena.i32(this.n);
    this.sparseOut = arena.f32(4 * this.n);
    this.prevA = f();
    this.prevB = f();
    this.pMax = f();
    this.tmp = f();
    this.scratch = f();
    this.live = arena.u8(this.n);
    this.need = arena.u8(this.n);
    const ax = axisIn(arena, bilinearAxis(mw, frameSize.width));
    const spanStarts = arena.i32(mw + 1).fill(frameSize.width);
    for (let px = frameSize.width - 1; px >= 0; px--) {
      for (let i = ax.i0[px]!; i >= 0 && spanStarts[i]! > px; i--) spanStarts[i] = px;
    }
    this.layout = { mw, ax, ay: axisIn(arena, bilinearAxis(mh, frameSize.height)), spanStarts, rows: arena.f32(7 * mw) };
    this.xs = boxBounds(frameSize.width, mw);
    this.ys = boxBounds(frameSize.height, mh);
    this.colour = settings.guided && settings.colourGuide ? newColourFit(this.n, arena) : null;
    this.planes = { a: this.a, b: this.b, wrap: this.wrap, au: this.colour?.au ?? null, av: this.colour?.av ?? null, need: this.need };
    // The kernels' port raises the fit to no other power than 1 or 0 (an eval sweep's others stay here).
    if (kernels.refineCoefficients && (tuning.fitPower === 1 || tuning.fitPower === 0)) this.slots = this.fillSlots(arena);
  }

  /** The wasm kernels' view of this refiner: every plane's address, the sizes and the tuning (REFINE_SLOTS). */
  private fillSlots(arena: Arena): { block: Uint8Array; mask: Uint8Array } {
    const block = arena.u8(REFINE_BLOCK_BYTES);
    const mask = arena.u8(this.n);
    const c = this.colour;
    const { settings: s, tuning: t } = this;
    const planes: Record<(typeof REFINE_SLOTS)[number], ArrayBufferView | null> = {
      mask,
      guide: this.guide,
      gu: c?.gu ?? null,
      gv: c?.gv ?? null,
      p: this.p,
      prevP: this.prevP,
      prevGuideMean: this.prevGuideMean,
      meanI: this.meanI,
      meanP: this.meanP,
      a: this.a,
      b: this.b,
      wrap: this.wrap,
      pMin: this.pMin,
      pMax: this.pMax,
      fit: this.fit,
      prevRawP: this.prevRawP,
      maskMotion: this.maskMotion,
      unsure: this.unsure,
      sparseOut: this.sparseOut,
      prevA: this.prevA,
      prevB: this.prevB,
      tmp: this.tmp,
      scratch: this.scratch,
      cols: this.cols,
      au: c?.au ?? null,
      av: c?.av ?? null,
      prevAu: c?.prevAu ?? null,
      prevAv: c?.prevAv ?? null,
      meanU: c?.meanU ?? null,
      meanV: c?.meanV ?? null,
      prevMeanU: c?.prevMeanU ?? null,
      prevMeanV: c?.prevMeanV ?? null,
      live: this.live,
      need: this.need,
    };
    const ints = new Int32Array(block.buffer, block.byteOffset, REFINE_TUNING_OFFSET / 4);
    ints[0] = this.maskSize.width;
    ints[1] = this.maskSize.height;
    ints[2] = t.radius;
    ints[3] = (s.temporal ? 1 : 0) | (s.guided ? 2 : 0) | (c ? 4 : 0) | (t.chromaMotion > 0 ? 8 : 0);
    REFINE_SLOTS.forEach((name, k) => {
      ints[4 + k] = planes[name]?.byteOffset ?? 0;
    });
    new Float64Array(block.buffer, block.byteOffset + REFINE_TUNING_OFFSET, 12).set([
      t.eps,
      t.chromaEps,
      t.gain,
      t.pivot,
      t.stillWeight,
      t.motionFull,
      t.chromaMotion,
      t.sure,
      t.coefStill,
      t.maskMotionFull,
      t.fitPower,
      s.lightWrap,
    ]);
    return { block, mask };
  }

  /**
   * The mask-resolution half and markNeeded in the kernels (wasm), when they have it and the
   * caller brings the guide; false: do it here in JS.
   */
  private kernelCoefficients(mask: Uint8Array, guide: Float32Array | undefined): boolean {
    const { kernels } = this;
    const c = this.colour;
    if (!kernels.refineCoefficients || !this.slots || !guide || guide.length < (c ? 3 : 1) * this.n) return false;
    const n = this.n;
    this.guide.set(guide.subarray(0, n));
    if (c) {
      c.gu.set(guide.subarray(n, 2 * n));
      c.gv.set(guide.subarray(2 * n, 3 * n));
    }
    this.slots.mask.set(mask.subarray(0, n));
    kernels.refineCoefficients(this.slots.block, this.hasPrev);
    if (this.settings.temporal) this.hasPrev = true;
    return true;
  }

  /**
   * The full-resolution alpha (0..255, frame width x height) for this frame. Call once per frame,
   * in order: temporal smoothing keeps state between calls. `guide` is the frame's mean Y per
   * mask cell (0..1), then its mean U and V with the colour guide, when the caller already has it
   * (downscaleI420ToRgba makes it); else it is computed here, the same way. `times` gets
   * 'coefficients' (the mask-resolution half) and 'apply' (the full-resolution half).
   */
  refine(mask: Uint8Array, frame: I420, out: Uint8Array = new Uint8Array(frame.width * frame.height), guide?: Float32Array, times?: StageTimes): Uint8Array {
    const { guided, temporal, lightWrap } = this.settings;
    const t0 = performance.now();
    if (!guided && !temporal && lightWrap <= 0) {
      upsampleMask(mask, this.maskSize.width, this.maskSize.height, frame.width, frame.height, out);
      times?.add('apply', performance.now() - t0);
      return out;
    }
    if (!this.kernelCoefficients(mask, guide)) {
      this.coefficients(mask, frame, guide);
      this.markNeeded();
    }
    const t1 = performance.now();
    this.kernels.applyCoefficients(this.layout, this.planes, frame, out);
    times?.add('coefficients', t1 - t0);
    times?.add('apply', performance.now() - t1);
    return out;
  }

  /** The coefficients the last refine() made, as they are (not made again). */
  lastCoefficients(): Coefficients {
    return { a: this.a, b: this.b, wrap: this.wrap, au: this.colour?.au ?? null, av: this.colour?.av ?? null };
  }

  /**
   * The low-resolution half of refine(), for compositors that do the full-resolution half
   * themselves (a GPU): the Coefficients, sampled bilinearly at each pixel (chroma: the pixel's
   * 2x2 block's sample). The arrays are reused by the next call.
   */
  coefficients(mask: Uint8Array, frame: I420, guide?: Float32Array): Coefficients {
    const { width: mw, height: mh } = this.maskSize;
    const { radius: r, gain } = this.tuning;
    const n = this.n;
    const c = this.colour;
    if (c && !(guide && guide.length >= 3 * n)) {
      // No colour guide given: make all three planes the way the matte worker does (its RGBA, in
      // whichever matrix, is not used here).
      downscaleI420ToRgba(frame, mw, mh, 'bt601', c.rgba, c.planes);
      guide = c.planes;
    }
    if (guide) {
      this.guide.set(guide.subarray(0, n));
      if (c) {
        c.gu.set(guide.subarray(n, 2 * n));
        c.gv.set(guide.subarray(2 * n, 3 * n));
      }
    } else this.lumaDown(frame);
    for (let i = 0; i < this.n; i++) this.p[i] = mask[i]! / 255;
    boxMean(this.guide, this.meanI, this.tmp, mw, mh, r, this.cols);
    const hadPrev = this.hasPrev;
    if (this.settings.temporal) {
      // How much the model's own answer moved, before smoothing: the person moving, not the scene.
      for (let i = 0; i < this.n; i++) this.maskMotion[i] = Math.abs(this.p[i]! - this.prevRawP[i]!);
      this.prevRawP.set(this.p);
      if (c && this.tuning.chromaMotion > 0) {
        boxMean(c.gu, c.meanU, this.tmp, mw, mh, r, this.cols);
        boxMean(c.gv, c.meanV, this.tmp, mw, mh, r, this.cols);
      }
      this.smoothOverTime();
    }
    if (this.settings.guided) {
      // The trimap (where the model is sure): fitSparse fits only the cells outside it.
      this.neighbourhoodRange(mw, mh);
      this.fitSparse(mw, mh, r);
      // To the 0..255 domain with the contrast around the middle folded in.
      const { sure, pivot } = this.tuning;
      const offset = 127.5 - 255 * gain * pivot;
      for (let i = 0; i < this.n; i++) {
        // Where the model is sure over a whole 3x3 neighbourhood, the picture's texture must not
        // move the edge (a busy old background would leak through): a trimap from the mask.
        if (this.pMax[i]! < sure) {
          this.a[i] = 0;
          this.b[i] = offset;
        } else if (this.pMin[i]! > 1 - sure) {
          this.a[i] = 0;
          this.b[i] = 255 * gain + offset;
        } else {
          this.a[i] = this.a[i]! * gain;
          this.b[i] = this.b[i]! * 255 * gain + offset;
        }
      }
      // fitSparse left the sure cells' chroma slopes at 0.
      if (this.colour) {
        const { au, av } = this.colour;
        for (let i = 0; i < this.n; i++) {
          au[i] = au[i]! * gain;
          av[i] = av[i]! * gain;
        }
      }
      if (this.settings.temporal) this.steadyCoefficients(hadPrev);
    } else {
      this.a.fill(0);
      for (let i = 0; i < this.n; i++) this.b[i] = this.p[i]! * 255;
    }
    this.wrapBand(mw, mh, r);
    return { a: this.a, b: this.b, wrap: this.wrap, au: this.colour?.au ?? null, av: this.colour?.av ?? null };
  }

  /** The frame's luma averaged into mask-sized cells, 0..1. */
  private lumaDown(frame: I420): void {
    const { width: mw, height: mh } = this.maskSize;
    const w = frame.width;
    const y = frame.data;
    for (let my = 0; my < mh; my++) {
      const y0 = this.ys[my]!;
      const y1 = this.ys[my + 1]!;
      for (let mx = 0; mx < mw; mx++) {
        const x0 = this.xs[mx]!;
        const x1 = this.xs[mx + 1]!;
        let s = 0;
        for (let py = y0; py < y1; py++) {
          const row = py * w;
          for (let px = x0; px < x1; px++) s += y[row + px]!;
        }
        this.guide[my * mw + mx] = s / ((y1 - y0) * (x1 - x0) * 255);
      }
    }
  }

  /** Blend with the previous mask where the window's mean luma held still; follow it where it moved. */
  private smoothOverTime(): void {
    const { stillWeight, motionFull, chromaMotion } = this.tuning;
    const c = chromaMotion > 0 ? this.colour : null;
    if (this.hasPrev) {
      for (let i = 0; i < this.n; i++) {
        let change = Math.abs(this.meanI[i]! - this.prevGuideMean[i]!);
        if (c) change = Math.max(change, chromaMotion * Math.max(Math.abs(c.meanU[i]! - c.prevMeanU[i]!), Math.abs(c.meanV[i]! - c.prevMeanV[i]!)));
        const motion = change / motionFull;
        const k = motion >= 1 ? 1 : stillWeight + (1 - stillWeight) * motion;
        this.p[i] = this.prevP[i]! + k * (this.p[i]! - this.prevP[i]!);
      }
    }
    this.prevP.set(this.p);
    this.prevGuideMean.set(this.meanI);
    if (c) {
      c.prevMeanU.set(c.meanU);
      c.prevMeanV.set(c.meanV);
    }
    this.hasPrev = true;
  }

  /**
   * Where the model's mask held still, the coefficients are blended with the previous frame's
   * too: a busy background moving behind a still person otherwise drags the edge along with it.
   */
  private steadyCoefficients(hadPrev: boolean): void {
    const { coefStill, maskMotionFull } = this.tuning;
    if (hadPrev) {
      for (let i = 0; i < this.n; i++) {
        const motion = this.maskMotion[i]! / maskMotionFull;
        const k = motion >= 1 ? 1 : coefStill + (1 - coefStill) * motion;
        this.a[i] = this.prevA[i]! + k * (this.a[i]! - this.prevA[i]!);
        this.b[i] = this.prevB[i]! + k * (this.b[i]! - this.prevB[i]!);
        if (this.colour) {
          const c = this.colour;
          c.au[i] = c.prevAu[i]! + k * (c.au[i]! - c.prevAu[i]!);
          c.av[i] = c.prevAv[i]! + k * (c.av[i]! - c.prevAv[i]!);
        }
      }
    }
    this.prevA.set(this.a);
    this.prevB.set(this.b);
    if (this.colour) {
      this.colour.prevAu.set(this.colour.au);
      this.colour.prevAv.set(this.colour.av);
    }
  }

  /** Min and max of p over each cell's 3x3 neighbourhood (edges clamped). */
  private neighbourhoodRange(mw: number, mh: number): void {
    const p = this.p;
    const rowMin = this.tmp;
    const rowMax = this.scratch;
    for (let y = 0; y < mh; y++) {
      const row = y * mw;
      for (let x = 0; x < mw; x++) {
        const l = p[row + (x > 0 ? x - 1 : 0)]!;
        const c = p[row + x]!;
        const r = p[row + (x < mw - 1 ? x + 1 : x)]!;
        rowMin[row + x] = Math.min(l, c, r);
        rowMax[row + x] = Math.max(l, c, r);
      }
    }
    for (let y = 0; y < mh; y++) {
      const up = (y > 0 ? y - 1 : 0) * mw;
      const row = y * mw;
      const down = (y < mh - 1 ? y + 1 : y) * mw;
      for (let x = 0; x < mw; x++) {
        this.pMin[row + x] = Math.min(rowMin[up + x]!, rowMin[row + x]!, rowMin[down + x]!);
        this.pMax[row + x] = Math.max(rowMax[up + x]!, rowMax[row + x]!, rowMax[down + x]!);
      }
    }
  }

  /**
   * The light wrap's weight: p * (1 - local mean of p) peaks (0.25) on the edge and fades to 0 a
   * window's width inside; outside the person alpha is 0 anyway.
   */
  private wrapBand(mw: number, mh: number, r: number): void {
    const strength = this.settings.lightWrap;
    if (strength <= 0) {
      this.wrap.fill(0);
      return;
    }
    // The local mean of p: the guided fit has just made it; without the fit, make it here.
    if (!this.settings.guided) boxMean(this.p, this.meanP, this.tmp, mw, mh, r, this.cols);
    for (let i = 0; i < this.n; i++) {
      const w = 4 * strength * this.p[i]! * (1 - this.meanP[i]!);
      this.wrap[i] = w < 0.004 ? 0 : w > 1 ? 1 : w;
    }
  }

  /**
   * The guided fit where it matters only: the trimap's unsure cells (usually a few percent of the
   * mask), each from direct sums over its window instead of box filters over the whole grid.
   * Sure cells keep no slope and their local mean (the trimap overrides them anyway). With the
   * colour guide it is He et al.'s 3-channel fit (a 3x3 solve per window), else luma alone; the
   * fit's share of p's variance explained mixes guided and plain (a busy texture explains little).
   */
  private fitSparse(mw: number, mh: number, r: number): void {
    const { eps, chromaEps, fitPower, sure } = this.tuning;
    const p = this.p;
    const gy = this.guide;
    const c = this.colour;
    const gu = c?.gu;
    const gv = c?.gv;
    const n = this.n;
    boxMean(p, this.meanP, this.tmp, mw, mh, r, this.cols);
    this.a.fill(0);
    this.b.set(this.meanP);
    this.fit.fill(0);
    if (c) {
      c.au.fill(0);
      c.av.fill(0);
    }
    const list = this.unsure;
    let count = 0;
    for (let i = 0; i < n; i++) if (this.pMax[i]! >= sure && this.pMin[i]! <= 1 - sure) list[count++] = i;
    const norm = 1 / ((2 * r + 1) * (2 * r + 1));
    const clampX = (x: number) => (x < 0 ? 0 : x >= mw ? mw - 1 : x);
    const clampY = (y: number) => (y < 0 ? 0 : y >= mh ? mh - 1 : y);
    for (let k = 0; k < count; k++) {
      const i = list[k]!;
      const x = i % mw;
      const y = (i - x) / mw;
      let sy = 0, sp = 0, syy = 0, syp = 0, spp = 0;
      let su = 0, sv = 0, suu = 0, svv = 0, suv = 0, syu = 0, syv = 0, sup = 0, svp = 0;
      for (let dy = -r; dy <= r; dy++) {
        const row = clampY(y + dy) * mw;
        for (let dx = -r; dx <= r; dx++) {
          const j = row + clampX(x + dx);
          const Y = gy[j]!;
          const P = p[j]!;
          sy += Y;
          sp += P;
          syy += Y * Y;
          syp += Y * P;
          spp += P * P;
          if (gu && gv) {
            const U = gu[j]!;
            const V = gv[j]!;
            su += U;
            sv += V;
            suu += U * U;
            svv += V * V;
            suv += U * V;
            syu += Y * U;
            syv += Y * V;
            sup += U * P;
            svp += V * P;
          }
        }
      }
      const mY = sy * norm;
      const mp = sp * norm;
      const varP = spp * norm - mp * mp;
      const s00 = syy * norm - mY * mY + eps;
      const c0 = syp * norm - mY * mp;
      let fit: number;
      if (c) {
        const mU = su * norm;
        const mV = sv * norm;
        // Sigma + eps I (symmetric) and cov(I, p), inverted by cofactors (positive definite).
        const s01 = syu * norm - mY * mU;
        const s02 = syv * norm - mY * mV;
        const s11 = suu * norm - mU * mU + chromaEps;
        const s12 = suv * norm - mU * mV;
        const s22 = svv * norm - mV * mV + chromaEps;
        const c1 = sup * norm - mU * mp;
        const c2 = svp * norm - mV * mp;
        const i00 = s11 * s22 - s12 * s12;
        const i01 = s02 * s12 - s01 * s22;
        const i02 = s01 * s12 - s02 * s11;
        const i11 = s00 * s22 - s02 * s02;
        const i12 = s01 * s02 - s00 * s12;
        const i22 = s00 * s11 - s01 * s01;
        const det = s00 * i00 + s01 * i01 + s02 * i02;
        const inv = det > 1e-20 ? 1 / det : 0;
        const aY = (i00 * c0 + i01 * c1 + i02 * c2) * inv;
        const aU = (i01 * c0 + i11 * c1 + i12 * c2) * inv;
        const aV = (i02 * c0 + i12 * c1 + i22 * c2) * inv;
        this.a[i] = aY;
        c.au[i] = aU;
        c.av[i] = aV;
        this.b[i] = mp - aY * mY - aU * mU - aV * mV;
        fit = (aY * c0 + aU * c1 + aV * c2) / (varP + 1e-4);
      } else {
        const varI = s00 - eps;
        const a = c0 / s00;
        this.a[i] = a;
        this.b[i] = mp - a * mY;
        fit = (c0 * c0) / ((varI + 1e-4) * (varP + 1e-4));
      }
      fit = fit < 0 ? 0 : fit > 1 ? 1 : fit;
      this.fit[i] = fitPower === 1 ? fit : fitPower === 0 ? 1 : Math.pow(fit, fitPower);
    }
    // Second stage: each unsure cell takes its window's mean coefficients (the filter's output
    // side), all read before any is written back.
    const out = this.sparseOut;
    for (let k = 0; k < count; k++) {
      const i = list[k]!;
      const x = i % mw;
      const y = (i - x) / mw;
      let ma = 0, mb = 0, mf = 0, mu = 0, mv = 0;
      for (let dy = -r; dy <= r; dy++) {
        const row = clampY(y + dy) * mw;
        for (let dx = -r; dx <= r; dx++) {
          const j = row + clampX(x + dx);
          ma += this.a[j]!;
          mb += this.b[j]!;
          mf += this.fit[j]!;
          if (c) {
            mu += c.au[j]!;
            mv += c.av[j]!;
          }
        }
      }
      const w = mf * norm;
      out[4 * k] = ma * norm * w;
      out[4 * k + 1] = mb * norm * w + (1 - w) * p[i]!;
      out[4 * k + 2] = mu * norm * w;
      out[4 * k + 3] = mv * norm * w;
    }
    for (let k = 0; k < count; k++) {
      const i = list[k]!;
      this.a[i] = out[4 * k]!;
      this.b[i] = out[4 * k + 1]!;
      if (c) {
        c.au[i] = out[4 * k + 2]!;
        c.av[i] = out[4 * k + 3]!;
      }
    }
  }

  /**
   * Per mask cell of row m: does a frame row between mask rows m and m + 1 need the cell's
   * interpolated coefficients? Not when the cells around it (columns x - 1..x + 1 of both rows)
   * all give a constant alpha (no slope, no wrap, b at or beyond 0 or 255) on the same side: then
   * its spans are filled and its coefficients never read. Most of the frame, so apply() skips most
   * of its per-row set-up.
   */
  private markNeeded(): Uint8Array {
    const { width: mw, height: mh } = this.maskSize;
    const { a, b, wrap } = this;
    const c = this.colour;
    const live = this.live;
    // 0: constant 0, 1: constant 255, 2: anything else.
    for (let i = 0; i < this.n; i++) {
      const flat = a[i] === 0 && wrap[i] === 0 && (!c || (c.au[i] === 0 && c.av[i] === 0));
      live[i] = !flat ? 2 : b[i]! <= 0 ? 0 : b[i]! >= 255 ? 1 : 2;
    }
    const need = this.need;
    for (let m = 0; m < mh; m++) {
      const r0 = m * mw;
      const r1 = Math.min(m + 1, mh - 1) * mw;
      for (let x = 0; x < mw; x++) {
        const first = live[r0 + x]!;
        let mixed = first === 2;
        for (let dx = -1; dx <= 1 && !mixed; dx++) {
          const xx = x + dx < 0 ? 0 : x + dx >= mw ? mw - 1 : x + dx;
          if (live[r0 + xx] !== first || live[r1 + xx] !== first) mixed = true;
        }
        need[r0 + x] = mixed ? 1 : 0;
      }
    }
    return need;
  }

}

/** A bilinear axis copied into `arena`. */
function axisIn(arena: Arena, axis: BilinearAxis): BilinearAxis {
  const n = axis.w.length;
  const i0 = arena.i32(n);
  const i1 = arena.i32(n);
  const w = arena.f32(n);
  i0.set(axis.i0);
  i1.set(axis.i1);
  w.set(axis.w);
  return { i0, i1, w };
}
