/**
 * Pure geometry of the whole-body matte: where the person is in a mask, the square crop around
 * them that the pose model segments (so a small, far-away person gets the model's whole input),
 * when that crop must move or be found again, and how a crop's mask goes back into the frame's
 * mask grid. No I/O: the matte worker (src/media/personMatte.ts) runs the models.
 */
import type { Size } from './geometry';

/** An axis-aligned box in frame pixels, x1/y1 exclusive. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A square region of the frame in frame pixels; it may reach past the frame's edges (padded). */
export interface Crop {
  /** Centre. */
  cx: number;
  cy: number;
  /** Side length. */
  side: number;
}

export interface MaskBox {
  /** Bounding box of the confident pixels, in the mask's own pixels. */
  box: Box;
  /** Share of the mask's pixels that are confident (0..1). */
  area: number;
}

/** Mask values (0..255) at or above this count as the person when finding them. */
export const PERSON_LEVEL = 128;

/**
 * The box around the pixels at or above `level`, ignoring stray rows and columns: a row or column
 * counts only if at least `minRun` of its pixels are confident, so a few speckles of background
 * don't stretch the box. Null when nothing is.
 */
export function maskBox(mask: Uint8Array, width: number, height: number, level = PERSON_LEVEL, minRun = 2): MaskBox | null {
  const rows = new Int32Array(height);
  const cols = new Int32Array(width);
  let total = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let n = 0;
    for (let x = 0; x < width; x++) {
      if ((mask[row + x] ?? 0) >= level) {
        n++;
        cols[x] = (cols[x] ?? 0) + 1;
      }
    }
    rows[y] = n;
    total += n;
  }
  const first = (a: Int32Array) => a.findIndex((n) => n >= minRun);
  const last = (a: Int32Array) => a.length - 1 - [...a].reverse().findIndex((n) => n >= minRun);
  const y0 = first(rows);
  const x0 = first(cols);
  if (y0 < 0 || x0 < 0) return null;
  return { box: { x0, y0, x1: last(cols) + 1, y1: last(rows) + 1 }, area: total / (width * height) };
}

/** A box in crop-mask pixels (a side x side mask of `crop`) in frame pixels. */
export function cropBoxToFrame(box: Box, crop: Crop, maskSide: number): Box {
  const s = crop.side / maskSide;
  const left = crop.cx - crop.side / 2;
  const top = crop.cy - crop.side / 2;
  return { x0: left + box.x0 * s, y0: top + box.y0 * s, x1: left + box.x1 * s, y1: top + box.y1 * s };
}

/** A box in grid pixels (a mask of the whole frame, grid.width x grid.height) in frame pixels. */
export function gridBoxToFrame(box: Box, grid: Size, frame: Size): Box {
  const sx = frame.width / grid.width;
  const sy = frame.height / grid.height;
  return { x0: box.x0 * sx, y0: box.y0 * sy, x1: box.x1 * sx, y1: box.y1 * sy };
}

/**
 * How much larger than the person's box the crop is: the person fills 80% of the crop's side,
 * close to how the pose model's own tracker frames them (hips-to-head distance, scaled up).
 */
export const CROP_MARGIN = 1.25;

/** A crop is never smaller than this share of the frame's shorter side (a tiny box is noise, not a person). */
const MIN_SIDE_SHARE = 0.2;

/** The square crop centred on `box`, CROP_MARGIN times its longer side. */
export function cropAround(box: Box, frame: Size, margin = CROP_MARGIN): Crop {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const side = Math.max(w, h, MIN_SIDE_SHARE * Math.min(frame.width, frame.height) / margin) * margin;
  return { cx: (box.x0 + box.x1) / 2, cy: (box.y0 + box.y1) / 2, side };
}

/** The whole frame as one square crop (padded on the short side): where the search starts. */
export function wholeFrameCrop(frame: Size): Crop {
  return { cx: frame.width / 2, cy: frame.height / 2, side: Math.max(frame.width, frame.height) };
}

/**
 * Steadies the crop: a crop that moves a little each frame makes the model's mask shimmer, so it
 * stays put while the person's box still sits well inside it, and otherwise moves to the new one.
 */
export function steadyCrop(previous: Crop, next: Crop): Crop {
  const shift = Math.hypot(next.cx - previous.cx, next.cy - previous.cy) / previous.side;
  const grow = next.side / previous.side;
  return shift < 0.03 && grow > 0.94 && grow < 1.06 ? previous : next;
}

/**
 * The separate confident regions of a mask (8-connected), largest first, each as its box and its
 * share of the mask; regions under `minArea` of the mask are dropped.
 */
/** maskBlobs' work buffers, kept between calls (it runs on every frame's mask): seen cells and the fill's stack. */
let blobScratch: { seen: Uint8Array; stack: Int32Array } | null = null;

export function maskBlobs(mask: Uint8Array, width: number, height: number, level = PERSON_LEVEL, minArea = 0.002): MaskBox[] {
  const n = width * height;
  if (!blobScratch || blobScratch.seen.length < n) blobScratch = { seen: new Uint8Array(n), stack: new Int32Array(n) };
  const { stack } = blobScratch;
  // Each cell is pushed at most once (it is marked as it is pushed), so the stack never holds more than n.
  const label = blobScratch.seen.subarray(0, n).fill(0);
  const blobs: MaskBox[] = [];
  for (let start = 0; start < n; start++) {
    if (label[start] !== 0 || (mask[start] ?? 0) < level) continue;
    label[start] = 1;
    let top = 0;
    stack[top++] = start;
    let count = 0;
    const box = { x0: width, y0: height, x1: 0, y1: 0 };
    while (top > 0) {
      const i = stack[--top]!;
      count++;
      const x = i % width;
      const y = (i - x) / width;
      box.x0 = Math.min(box.x0, x);
      box.y0 = Math.min(box.y0, y);
      box.x1 = Math.max(box.x1, x + 1);
      box.y1 = Math.max(box.y1, y + 1);
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (label[j] === 0 && (mask[j] ?? 0) >= level) {
            label[j] = 1;
            stack[top++] = j;
          }
        }
      }
    }
    const area = count / (width * height);
    if (area >= minArea) blobs.push({ box, area });
  }
  return blobs.sort((a, b) => b.area - a.area);
}

/**
 * Whether a crop's mask looks like one person framed by it: the box spans at least `minSpan` of
 * the crop on its longer side (a person framed by cropAround spans 80%; a stray blob of
 * background texture segmented on its own is small or shapeless) and fills at least a fifth of
 * its box (arms spread wide still do).
 */
export function looksLikePerson(found: MaskBox | null, maskSide: number, minSpan = 0.4): boolean {
  if (!found || found.area < LOST_AREA) return false;
  const w = found.box.x1 - found.box.x0;
  const h = found.box.y1 - found.box.y0;
  return Math.max(w, h) >= minSpan * maskSide && (found.area * maskSide * maskSide) / (w * h) >= 0.2;
}

/**
 * Square crops that tile the frame at one scale, for searching: side = the frame's shorter side
 * / `level` (level 1: one row along the longer side), overlapping by at least a third so a person
 * is whole in one of them.
 */
export function searchTiles(frame: Size, level: number): Crop[] {
  const side = Math.min(frame.width, frame.height) / level;
  const along = (length: number) => {
    const n = Math.max(1, Math.ceil((length - side) / (side * 0.6)) + 1);
    return Array.from({ length: n }, (_, i) => (n === 1 ? length / 2 : side / 2 + ((length - side) * i) / (n - 1)));
  };
  const out: Crop[] = [];
  for (const cy of along(frame.height)) for (const cx of along(frame.width)) out.push({ cx, cy, side });
  return out;
}

/**
 * Grows a box whose person was cut by the crop: each side that touches the crop's edge (inside
 * the frame) moves out by `grow` of the crop's side, so the next crop takes in the rest of them.
 */
export function growCutBox(found: MaskBox, crop: Crop, maskSide: number, frame: Size, grow = 0.35): Box {
  const f = cropBoxToFrame(found.box, crop, maskSide);
  const edge = 0.02 * maskSide;
  const g = grow * crop.side;
  return {
    x0: found.box.x0 <= edge ? Math.max(0, f.x0 - g) : f.x0,
    y0: found.box.y0 <= edge ? Math.max(0, f.y0 - g) : f.y0,
    x1: found.box.x1 >= maskSide - edge ? Math.min(frame.width, f.x1 + g) : f.x1,
    y1: found.box.y1 >= maskSide - edge ? Math.min(frame.height, f.y1 + g) : f.y1,
  };
}

export type CropVerdict =
  /** The person sits inside the crop: segment the next frame there (after steadying). */
  | 'keep'
  /** The person reaches the crop's edge (moving out of it, or larger than it): recrop now. */
  | 'recrop'
  /** The mask collapsed: nobody there any more; search the whole frame. */
  | 'lost';

/** Smallest share of a crop a person's mask can cover before the track counts as lost. */
export const LOST_AREA = 0.01;

/**
 * Judges the mask of one crop (its box in crop-mask pixels, maskSide x maskSide). A box within
 * 2% of an edge of the crop that is not also the frame's edge means part of the person may be
 * outside the crop.
 */
export function judgeCrop(found: MaskBox | null, crop: Crop, maskSide: number, frame: Size): CropVerdict {
  if (!found || found.area < LOST_AREA) return 'lost';
  const edge = 0.02 * maskSide;
  const f = cropBoxToFrame(found.box, crop, maskSide);
  const px = crop.side / maskSide;
  const cut = (inCrop: boolean, atFrameEdge: boolean) => inCrop && !atFrameEdge;
  if (
    cut(found.box.x0 <= edge, f.x0 <= px) ||
    cut(found.box.y0 <= edge, f.y0 <= px) ||
    cut(found.box.x1 >= maskSide - edge, f.x1 >= frame.width - px) ||
    cut(found.box.y1 >= maskSide - edge, f.y1 >= frame.height - px)
  ) {
    return 'recrop';
  }
  return 'keep';
}

/**
 * Writes the crop's mask (maskSide x maskSide, 0..255) into the frame's mask grid (grid.width x
 * grid.height covering the whole frame): each grid cell averages `taps` x `taps` bilinear samples
 * of the crop mask over its area, 0 outside the crop. With `merge`, keeps the larger of the value
 * already in `out` and the crop's (several people, several crops).
 */
export function pasteCropMask(
  cropMask: Uint8Array,
  maskSide: number,
  crop: Crop,
  frame: Size,
  grid: Size,
  out: Uint8Array,
  merge = false,
  taps = 2,
): void {
  const cellW = frame.width / grid.width;
  const cellH = frame.height / grid.height;
  const toMask = maskSide / crop.side;
  const left = crop.cx - crop.side / 2;
  const top = crop.cy - crop.side / 2;
  const sample = (mx: number, my: number): number => {
    // Pixel centres: mask pixel i covers [i, i+1), its value sits at i + 0.5.
    const x = mx - 0.5;
    const y = my - 0.5;
    if (x < -0.5 || y < -0.5 || x > maskSide - 0.5 || y > maskSide - 0.5) return 0;
    const xi = Math.max(0, Math.min(maskSide - 1, Math.floor(x)));
    const yi = Math.max(0, Math.min(maskSide - 1, Math.floor(y)));
    const xj = Math.min(maskSide - 1, xi + 1);
    const yj = Math.min(maskSide - 1, yi + 1);
    const fx = Math.max(0, Math.min(1, x - xi));
    const fy = Math.max(0, Math.min(1, y - yi));
    const a = cropMask[yi * maskSide + xi] ?? 0;
    const b = cropMask[yi * maskSide + xj] ?? 0;
    const c = cropMask[yj * maskSide + xi] ?? 0;
    const d = cropMask[yj * maskSide + xj] ?? 0;
    return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
  };
  const n = taps * taps;
  for (let gy = 0; gy < grid.height; gy++) {
    for (let gx = 0; gx < grid.width; gx++) {
      let sum = 0;
      for (let ty = 0; ty < taps; ty++) {
        const fy = (gy + (ty + 0.5) / taps) * cellH;
        const my = (fy - top) * toMask;
        for (let tx = 0; tx < taps; tx++) {
          const fx = (gx + (tx + 0.5) / taps) * cellW;
          sum += sample((fx - left) * toMask, my);
        }
      }
      const v = Math.round(sum / n);
      const i = gy * grid.width + gx;
      out[i] = merge ? Math.max(out[i] ?? 0, v) : v;
    }
  }
}
