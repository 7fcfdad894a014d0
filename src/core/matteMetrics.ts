/**
 * How good is a matte, measured against the true alpha (the eval's generated clips know it
 * exactly). Pure: alphas are 0..255 bytes, one per pixel, row-major. Three measures:
 * - IoU: predicted and true alpha both thresholded at 128 (0.5), per frame, then averaged;
 * - edge error: mean |predicted - true| (0..1) over the edge band (pixels within `radius` of the
 *   true edge), where the cut-out's quality shows;
 * - flicker: mean |predicted(t) - predicted(t-1)| (0..1) over pixels whose true alpha did not
 *   change between the two frames: any change there is the matte's own jitter, not the person
 *   moving. Reported over the edge band (where flicker is visible) and over the whole frame.
 */
import type { Size } from './geometry';

export interface MatteSummary {
  frames: number;
  /** Mean over frames of the IoU at 0.5 (a frame with no person in either is a perfect 1). */
  iou: number;
  /** The worst single frame's IoU: a mask that drops out for a frame or two shows here. */
  iouMin: number;
  /** Which frame (0-based) that was: to look at it (`--dump`). */
  iouMinFrame: number;
  /** Mean absolute alpha error (0..1) over edge-band pixels, pooled over all frames. */
  edgeError: number;
  /** Mean absolute frame-to-frame alpha change (0..1) over edge-band pixels whose truth held still. */
  flickerEdge: number;
  /** The same over every pixel whose truth held still. */
  flickerAll: number;
  /**
   * Mean over frames with a person of the IoU inside the lowest fifth of the true person's
   * bounding box (feet and lower legs); null when the scorer was not told the frame width.
   */
  feetIou: number | null;
  /**
   * Of the true pixels of carried items outside the person (a bag, a backpack, a phone), the
   * share the prediction keeps, both at 0.5, pooled over frames; null without item truth.
   */
  itemKept: number | null;
}

/** The edge band's half-width: 8 px at 720p (shorter side 720), scaled with the frame. */
export function bandRadiusFor(size: Size): number {
  return Math.max(1, Math.round((8 * Math.min(size.width, size.height)) / 720));
}

/**
 * 1 for pixels within `radius` (Chebyshev distance) of the true edge, else 0: those whose
 * (2r+1)^2 window, clipped to the frame, holds both person (>= 128) and background truth pixels.
 * A person cut by the frame border has no edge there. Uses an integral image: O(pixels).
 */
export function edgeBand(truth: Uint8Array, width: number, height: number, radius: number, out: Uint8Array = new Uint8Array(width * height)): Uint8Array {
  const stride = width + 1;
  const sums = new Int32Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += truth[y * width + x]! >= 128 ? 1 : 0;
      sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1]! + row;
    }
  }
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width, x + radius + 1);
      const person = sums[y1 * stride + x1]! - sums[y0 * stride + x1]! - sums[y1 * stride + x0]! + sums[y0 * stride + x0]!;
      out[y * width + x] = person > 0 && person < (y1 - y0) * (x1 - x0) ? 1 : 0;
    }
  }
  return out;
}

/** IoU of predicted and true alpha, both thresholded at 128; 1 when neither has any person. */
export function frameIoU(pred: Uint8Array, truth: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < truth.length; i++) {
    const p = pred[i]! >= 128;
    const t = truth[i]! >= 128;
    if (p && t) both++;
    if (p || t) either++;
  }
  return either === 0 ? 1 : both / either;
}

/**
 * IoU (both thresholded at 128) inside the lowest fifth of the true person's bounding box, where
 * feet and ankles are; null when the truth has no person.
 */
export function feetIoU(pred: Uint8Array, truth: Uint8Array, width: number): number | null {
  const height = Math.floor(truth.length / width);
  let x0 = width;
  let x1 = -1;
  let y0 = height;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (truth[row + x]! < 128) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  if (x1 < 0) return null;
  const top = y1 + 1 - Math.max(1, Math.round((y1 + 1 - y0) / 5));
  let both = 0;
  let either = 0;
  for (let y = top; y <= y1; y++) {
    for (let x = x0, i = y * width + x0; x <= x1; x++, i++) {
      const p = pred[i]! >= 128;
      const t = truth[i]! >= 128;
      if (p && t) both++;
      if (p || t) either++;
    }
  }
  return either === 0 ? 1 : both / either;
}

/** Accumulates the measures over a clip's frames, fed in order (flicker needs the previous frame). */
export class MatteScorer {
  private frames = 0;
  private iouSum = 0;
  private iouMin = 1;
  private iouMinFrame = 0;
  private edgeSum = 0;
  private edgeCount = 0;
  private flickerEdgeSum = 0;
  private flickerEdgeCount = 0;
  private flickerAllSum = 0;
  private flickerAllCount = 0;
  private feetSum = 0;
  private feetFrames = 0;
  private itemPixels = 0;
  private itemKeptPixels = 0;
  private readonly prevPred: Uint8Array;
  private readonly prevTruth: Uint8Array;

  /** `width`: the frame width, for the feet measure (which needs rows). */
  constructor(
    readonly pixels: number,
    readonly width: number | null = null,
  ) {
    this.prevPred = new Uint8Array(pixels);
    this.prevTruth = new Uint8Array(pixels);
  }

  /**
   * One frame: predicted alpha, true alpha and its edge band (from edgeBand), all `pixels` long;
   * `items`: the true alpha of carried items outside the person, for clips that have them.
   */
  add(pred: Uint8Array, truth: Uint8Array, band: Uint8Array, items?: Uint8Array): void {
    if (items) {
      for (let i = 0; i < this.pixels; i++) {
        if (items[i]! < 128) continue;
        this.itemPixels++;
        if (pred[i]! >= 128) this.itemKeptPixels++;
      }
    }
    const iou = frameIoU(pred, truth);
    this.iouSum += iou;
    if (iou < this.iouMin) {
      this.iouMin = iou;
      this.iouMinFrame = this.frames;
    }
    if (this.width) {
      const feet = feetIoU(pred, truth, this.width);
      if (feet !== null) {
        this.feetSum += feet;
        this.feetFrames++;
      }
    }
    let edgeSum = 0;
    let edgeCount = 0;
    for (let i = 0; i < this.pixels; i++) {
      if (band[i] === 0) continue;
      edgeSum += Math.abs(pred[i]! - truth[i]!);
      edgeCount++;
    }
    this.edgeSum += edgeSum / 255;
    this.edgeCount += edgeCount;
    if (this.frames > 0) {
      let fe = 0;
      let fec = 0;
      let fa = 0;
      let fac = 0;
      for (let i = 0; i < this.pixels; i++) {
        if (truth[i] !== this.prevTruth[i]) continue;
        const d = Math.abs(pred[i]! - this.prevPred[i]!);
        fa += d;
        fac++;
        if (band[i] !== 0) {
          fe += d;
          fec++;
        }
      }
      this.flickerEdgeSum += fe / 255;
      this.flickerEdgeCount += fec;
      this.flickerAllSum += fa / 255;
      this.flickerAllCount += fac;
    }
    this.prevPred.set(pred.subarray(0, this.pixels));
    this.prevTruth.set(truth.subarray(0, this.pixels));
    this.frames++;
  }

  summary(): MatteSummary {
    const mean = (sum: number, n: number) => (n > 0 ? sum / n : 0);
    return {
      frames: this.frames,
      iou: mean(this.iouSum, this.frames),
      iouMin: this.frames > 0 ? this.iouMin : 0,
      iouMinFrame: this.iouMinFrame,
      edgeError: mean(this.edgeSum, this.edgeCount),
      flickerEdge: mean(this.flickerEdgeSum, this.flickerEdgeCount),
      flickerAll: mean(this.flickerAllSum, this.flickerAllCount),
      feetIou: this.width && this.feetFrames > 0 ? this.feetSum / this.feetFrames : null,
      itemKept: this.itemPixels > 0 ? this.itemKeptPixels / this.itemPixels : null,
    };
  }
}

/**
 * Overall figures: the plain mean over clips, so every clip counts the same whatever its length;
 * iouMin is the worst frame of any clip.
 */
export function meanOfClips(clips: readonly MatteSummary[]): MatteSummary {
  const n = clips.length;
  const avg = (k: keyof Omit<MatteSummary, 'frames' | 'iouMin' | 'iouMinFrame' | 'feetIou' | 'itemKept'>) => (n > 0 ? clips.reduce((s, c) => s + c[k], 0) / n : 0);
  // Of the clips that have them.
  const meanOf = (xs: (number | null)[]) => {
    const have = xs.filter((x): x is number => x !== null);
    return have.length > 0 ? have.reduce((a, b) => a + b, 0) / have.length : null;
  };
  return {
    frames: clips.reduce((s, c) => s + c.frames, 0),
    iou: avg('iou'),
    iouMin: n > 0 ? Math.min(...clips.map((c) => c.iouMin)) : 0,
    // Of no one clip: the clips' own summaries say where theirs was.
    iouMinFrame: -1,
    edgeError: avg('edgeError'),
    flickerEdge: avg('flickerEdge'),
    flickerAll: avg('flickerAll'),
    feetIou: meanOf(clips.map((c) => c.feetIou)),
    itemKept: meanOf(clips.map((c) => c.itemKept)),
  };
}

/** Precision and recall of a "busy" verdict against labels, with the confusion counts. */
export function busyPrecisionRecall(cases: readonly { busy: boolean; flagged: boolean }[]): {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
} {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const c of cases) {
    if (c.flagged && c.busy) tp++;
    else if (c.flagged) fp++;
    else if (c.busy) fn++;
    else tn++;
  }
  // No flags at all: precision is undefined; report 1 (no false alarms) rather than NaN.
  return { tp, fp, fn, tn, precision: tp + fp > 0 ? tp / (tp + fp) : 1, recall: tp + fn > 0 ? tp / (tp + fn) : 1 };
}
