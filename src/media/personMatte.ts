/**
 * Runs in the matte worker: one frame in, the person's mask over the whole frame out (at the mask
 * grid's size, 0..255), plus the refinement's guide. Two ways to make it:
 * - SelfieMatte: the selfie model on the whole frame averaged down (head-and-shoulders framing).
 * - BodyMatte: the whole-body matte. It tracks the person with a square crop around them and
 *   segments that crop with the pose model's segmentation head, so a small or far-away person
 *   gets the model's whole 256x256 input and legs and feet are kept; it searches the whole frame
 *   when it has no one (start, or the mask collapsed) and recrops at once when the person reaches
 *   the crop's edge. The geometry is pure and tested (src/core/personCrop.ts).
 */
import type { ImageSegmenter } from '@mediapipe/tasks-vision';
import type { Size } from '../core/geometry';
import {
  cropAround,
  cropBoxToFrame,
  judgeCrop,
  maskBox,
  pasteCropMask,
  steadyCrop,
  wholeFrameCrop,
  type Crop,
} from '../core/personCrop';
import { cropI420ToRgba, downscaleI420ToRgba, type I420, type YuvMatrix } from '../core/yuv';

/** What the matte saw in one frame, for the Check step's verdicts and the eval. */
export interface FrameMatteStats {
  /** Model runs this frame took (a search or a recrop adds one). */
  runs: number;
  /** The crop the person was segmented in (null: nobody found). */
  crop: Crop | null;
}

export interface FrameMatte {
  /** Fills `mask` (grid size, 0..255) and `guide` (mean Y, U, V per grid cell, 0..1) for `frame`. */
  run(frame: I420, matrix: YuvMatrix, mask: Uint8Array, guide: Float32Array): FrameMatteStats;
}

type Timestamps = () => number;

/** A confidence mask (0..1 floats) to bytes. */
function toBytes(values: Float32Array, out: Uint8Array): void {
  for (let p = 0; p < out.length; p++) out[p] = Math.round((values[p] ?? 0) * 255);
}

/** Logits (the pose model's mask) to 0..255 through the sigmoid. */
function logitsToBytes(values: Float32Array, out: Uint8Array): void {
  for (let p = 0; p < out.length; p++) {
    const x = values[p] ?? -20;
    out[p] = x > 8 ? 255 : x < -8 ? 0 : Math.round(255 / (1 + Math.exp(-x)));
  }
}

function segmentInto(segmenter: ImageSegmenter, image: ImageData, ts: number, out: Uint8Array, logits: boolean): void {
  const result = segmenter.segmentForVideo(image, ts);
  try {
    const confidence = result.confidenceMasks?.[0];
    if (!confidence) throw new Error('segmenter returned no mask');
    const values = confidence.getAsFloat32Array();
    if (logits) logitsToBytes(values, out);
    else toBytes(values, out);
  } finally {
    result.close();
  }
}

export class SelfieMatte implements FrameMatte {
  private readonly rgba: Uint8ClampedArray<ArrayBuffer>;
  private readonly image: ImageData;

  constructor(
    private readonly segmenter: ImageSegmenter,
    private readonly grid: Size,
    private readonly nextTimestamp: Timestamps,
  ) {
    this.rgba = new Uint8ClampedArray(grid.width * grid.height * 4);
    this.image = new ImageData(this.rgba, grid.width, grid.height);
  }

  run(frame: I420, matrix: YuvMatrix, mask: Uint8Array, guide: Float32Array): FrameMatteStats {
    downscaleI420ToRgba(frame, this.grid.width, this.grid.height, matrix, this.rgba, guide);
    segmentInto(this.segmenter, this.image, this.nextTimestamp(), mask, false);
    return { runs: 1, crop: wholeFrameCrop(frame) };
  }
}

/** The pose model's input and output side. */
export const POSE_SIDE = 256;

export class BodyMatte implements FrameMatte {
  private readonly gridRgba: Uint8ClampedArray<ArrayBuffer>;
  private readonly cropRgba = new Uint8ClampedArray(POSE_SIDE * POSE_SIDE * 4);
  private readonly cropImage = new ImageData(this.cropRgba, POSE_SIDE, POSE_SIDE);
  private readonly cropMask = new Uint8Array(POSE_SIDE * POSE_SIDE);
  /** Where to segment the next frame; null = search the whole frame. */
  private crop: Crop | null = null;

  constructor(
    private readonly pose: ImageSegmenter,
    private readonly grid: Size,
    private readonly nextTimestamp: Timestamps,
  ) {
    this.gridRgba = new Uint8ClampedArray(grid.width * grid.height * 4);
  }

  run(frame: I420, matrix: YuvMatrix, mask: Uint8Array, guide: Float32Array): FrameMatteStats {
    // The guide (and nothing else) still comes from the whole frame averaged to the grid.
    downscaleI420ToRgba(frame, this.grid.width, this.grid.height, matrix, this.gridRgba, guide);
    const size: Size = { width: frame.width, height: frame.height };
    let runs = 0;
    const segment = (crop: Crop) => {
      cropI420ToRgba(frame, crop.cx - crop.side / 2, crop.cy - crop.side / 2, crop.side, POSE_SIDE, matrix, this.cropRgba);
      segmentInto(this.pose, this.cropImage, this.nextTimestamp(), this.cropMask, true);
      runs++;
      return maskBox(this.cropMask, POSE_SIDE, POSE_SIDE);
    };

    let crop = this.crop;
    let found = crop ? segment(crop) : null;
    let verdict = crop ? judgeCrop(found, crop, POSE_SIDE, size) : 'lost';
    if (verdict === 'lost') {
      // Search: the whole frame as one crop says roughly where the person is.
      const whole = wholeFrameCrop(size);
      const rough = segment(whole);
      crop = rough ? cropAround(cropBoxToFrame(rough.box, whole, POSE_SIDE), size) : null;
      found = crop ? segment(crop) : null;
      verdict = crop ? judgeCrop(found, crop, POSE_SIDE, size) : 'lost';
    }
    if (crop && found && verdict === 'recrop') {
      // Part of the person is outside the crop: segment again around all of them (once a frame).
      crop = cropAround(cropBoxToFrame(found.box, crop, POSE_SIDE), size);
      found = segment(crop);
    }
    if (!crop || !found || verdict === 'lost') {
      mask.fill(0);
      this.crop = null;
      return { runs, crop: null };
    }
    pasteCropMask(this.cropMask, POSE_SIDE, crop, size, this.grid, mask);
    this.crop = steadyCrop(crop, cropAround(cropBoxToFrame(found.box, crop, POSE_SIDE), size));
    return { runs, crop };
  }
}
