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
import type { Size } from '../../core/geometry';
import { CropTrack, figuresIn, holdsPerson, POSE_SIDE, type Followed, type PoseRun } from '../../core/cropTrack';
import {
  cropAround,
  cropBoxToFrame,
  gridBoxToFrame,
  maskBlobs,
  maskBox,
  pasteCropMask,
  searchTiles,
  wholeFrameCrop,
  type Box,
  type Crop,
} from '../../core/personCrop';
import { FrameDownscaler } from './frameDownscaler';
import type { KernelChoice } from '../../core/pixelKernels';
import { OtherPeople } from './otherPeople';
import { cropI420ToRgba, type I420, type YuvMatrix } from '../../core/yuv';
import { upsampleMask } from '../../core/yuvComposite';
import { unitToBytes } from '../../core/maskPlane';
import { StageTimes } from '../../core/stageTimes';

/** One frame's matte. */
export interface FrameMatteResult {
  /** The person's confidence (0..255) over the whole frame, grid.width x grid.height. */
  mask: Uint8Array;
  /** The mask grid: a matte picks it on its first frame and keeps it for the clip. */
  grid: Size;
  /**
   * How sure the matte is that anyone is there at all, 0..1: for a tracked whole body the pose
   * model's pose flag on its crop; 1 for a close-up (the selfie model's own framing, confirmed);
   * 0 for nobody. The mask alone cannot say it: the pose model paints a figure into any crop.
   */
  presence: number;
  /** How many people the mask holds (each whole body followed; 1 for a close-up). */
  people: number;
}

export interface FrameMatte {
  /**
   * The mask for `frame`; fills `guide` (mean Y, U, V per grid cell, 0..1: the refinement's guide;
   * room for the finest grid the matte may pick). `times` gets its stages: 'prepare' (the frame
   * averaged down), 'crop' (a crop for the pose model), 'model' (the segmenter's runs, its mask
   * read back), 'mask' (that mask to bytes).
   */
  run(frame: I420, matrix: YuvMatrix, guide: Float32Array, times?: StageTimes): FrameMatteResult;
}

type Timestamps = () => number;

/** Of the mask's person pixels (>= 128), the share that is sure (>= 250). */
function sureShare(mask: Uint8Array): number {
  let on = 0;
  let sure = 0;
  for (let i = 0; i < mask.length; i++) {
    const v = mask[i]!;
    if (v >= 128) {
      on++;
      if (v >= 250) sure++;
    }
  }
  return on > 0 ? sure / on : 0;
}

/** Logits (the pose model's mask) to 0..255 through the sigmoid. */
function logitsToBytes(values: Float32Array, out: Uint8Array): void {
  for (let p = 0; p < out.length; p++) {
    const x = values[p] ?? -20;
    out[p] = x > 8 ? 255 : x < -8 ? 0 : Math.round(255 / (1 + Math.exp(-x)));
  }
}

/**
 * The segmenter's mask of `image` into `out`; returns its quality score (the pose model's pose
 * flag, see scripts/patch-mediapipe-models.mjs; 1 for a model without one).
 */
function segmentInto(segmenter: ImageSegmenter, image: ImageData, ts: number, out: Uint8Array, logits: boolean, times: StageTimes): number {
  const t0 = performance.now();
  const result = segmenter.segmentForVideo(image, ts);
  try {
    const confidence = result.confidenceMasks?.[0];
    if (!confidence) throw new Error('segmenter returned no mask');
    const values = confidence.getAsFloat32Array();
    const t1 = performance.now();
    times.add('model', t1 - t0);
    if (logits) logitsToBytes(values, out);
    else unitToBytes(values, out);
    times.add('mask', performance.now() - t1);
    return result.qualityScores?.[0] ?? 1;
  } finally {
    result.close();
  }
}

/**
 * The selfie model on the whole frame, its mask on the mask grid. The grid is the model's input
 * size, or finer (the whole-body matte's, so a small person's crop mask keeps its detail): then
 * the frame is averaged down to the model's size on its own and the model's mask upsampled.
 */
class WholeFrameSelfie {
  /** Target 0: the grid; 1: the model's input, when the grid is finer. */
  private readonly down: FrameDownscaler;
  private gridImage: ImageData | null = null;
  private readonly modelMask: Uint8Array | null = null;

  constructor(
    private readonly segmenter: ImageSegmenter,
    private readonly modelSize: Size,
    readonly grid: Size,
    private readonly nextTimestamp: Timestamps,
    kernels: KernelChoice = 'auto',
  ) {
    const finer = modelSize.width !== grid.width || modelSize.height !== grid.height;
    this.down = new FrameDownscaler(finer ? [grid, modelSize] : [grid], kernels);
    if (finer) this.modelMask = new Uint8Array(modelSize.width * modelSize.height);
  }

  /** Averages the frame down to the grid, filling the refinement's guide: first, every frame. */
  prepare(frame: I420, matrix: YuvMatrix, guide: Float32Array, times: StageTimes): void {
    this.gridImage = times.time('prepare', () => this.down.run(frame, matrix, 0, guide));
  }

  /** The selfie model's mask of the prepared frame into `mask` (grid size). */
  segment(frame: I420, matrix: YuvMatrix, mask: Uint8Array, times: StageTimes): void {
    if (!this.modelMask) {
      const image = this.gridImage ?? this.down.run(frame, matrix, 0);
      segmentInto(this.segmenter, image, this.nextTimestamp(), mask, false, times);
      return;
    }
    const { width, height } = this.modelSize;
    const image = times.time('prepare', () => this.down.run(frame, matrix, 1));
    segmentInto(this.segmenter, image, this.nextTimestamp(), this.modelMask, false, times);
    upsampleMask(this.modelMask, width, height, this.grid.width, this.grid.height, mask);
  }
}

/** The selfie model on the whole frame; its grid is the model's input. */
export class SelfieMatte implements FrameMatte {
  private readonly selfie: WholeFrameSelfie;

  constructor(segmenter: ImageSegmenter, model: Size, nextTimestamp: Timestamps, kernels: KernelChoice = 'auto') {
    this.selfie = new WholeFrameSelfie(segmenter, model, model, nextTimestamp, kernels);
  }

  run(frame: I420, matrix: YuvMatrix, guide: Float32Array, times = new StageTimes()): FrameMatteResult {
    const { grid } = this.selfie;
    const mask = new Uint8Array(grid.width * grid.height);
    this.selfie.prepare(frame, matrix, guide, times);
    this.selfie.segment(frame, matrix, mask, times);
    // The selfie model has no presence output of its own: its mask speaks for itself.
    return { mask, grid, presence: 1, people: mainBox(mask, grid.width, grid.height) ? 1 : 0 };
  }
}

export { POSE_SIDE };

/**
 * The pose model sees a person in any crop it is given (it was trained on crops a detector had
 * already framed around one): on a bare wall it still paints a figure, but an unsure one. Of a
 * mask's person pixels, the share the model is sure of (>= 250 of 255) tells them apart: 0.95-0.97
 * for people standing in the eval, 0.48-0.87 for figures painted on bare walls and floors (a
 * person bowing can score as low): a ranking, not a proof.
 */
const SURE_CLEAR = 0.93;

/** Frames with nobody found between two searches of the whole frame (a search costs several model runs). */
const SEARCH_EVERY = 15;

/** Consecutive frames that must agree before the matte switches between whole-body and close-up. */
const SWITCH_AFTER = 3;

/**
 * Is this person framed close up, cut by the frame (head and shoulders or half a body, cut by
 * the bottom; or lying across the picture, cut by a side)? The selfie model is made for that
 * framing and keeps dark clothes the pose model drops; the pose model is made for whole, upright
 * bodies.
 */
function cutByFrame(box: Box, frame: Size): boolean {
  const bottom = box.y1 >= frame.height * 0.985 && box.y1 - box.y0 >= 0.45 * frame.height;
  const side = (box.x0 <= frame.width * 0.015 || box.x1 >= frame.width * 0.985) && box.x1 - box.x0 >= 0.45 * frame.width;
  return bottom || side;
}

/** The box of the largest confident region: the person, not the stray blobs around them. */
function mainBox(mask: Uint8Array, width: number, height: number): Box | null {
  return maskBlobs(mask, width, height)[0]?.box ?? null;
}

/** The share of a selfie mask's person the model must be sure of to call it a close-up on its own. */
const SELFIE_SURE_CLOSE = 0.9;

/** While close up, the pose model looks at the whole frame this often (frames) to see whether a whole body has come into view. */
const CLOSE_RECHECK = 15;

export class BodyMatte implements FrameMatte {
  /** The selfie model on the model's grid (a clip that opens close up) and on the fine grid. */
  private readonly coarse: WholeFrameSelfie;
  private readonly fine: WholeFrameSelfie;
  /** The one of the two this clip uses, picked on its first frame. */
  private whole: WholeFrameSelfie;
  private readonly cropRgba = new Uint8ClampedArray(POSE_SIDE * POSE_SIDE * 4);
  private readonly cropImage = new ImageData(this.cropRgba, POSE_SIDE, POSE_SIDE);
  private readonly cropMask = new Uint8Array(POSE_SIDE * POSE_SIDE);
  /** The person followed; null = search. */
  private track: CropTrack | null = null;
  /** Anyone else in the picture, each followed in a crop of their own. */
  private readonly others = new OtherPeople();
  /** Frames until the next search while nobody is found. */
  private searchIn = 0;
  /** 'close': the selfie model on the whole frame; 'body': the pose model on the tracked crop. */
  private mode: 'body' | 'close' = 'body';
  /** Consecutive frames that said the other mode fits better. */
  private against = 0;
  private frames = 0;
  /** The crop cropMask was made in, while it may be reused; frames since then. */
  private made: Crop | null = null;
  private age = 0;
  /** The pose flag of the last pose-model run (set by poseInto). */
  private flag = 0;
  /** The followed person's mask in the crop `made` (cropMask is reused by the others' runs), and its pose flag. */
  private readonly madeMask = new Uint8Array(POSE_SIDE * POSE_SIDE);
  private madeFlag = 0;
  /** The current frame's stage times (run() sets them). */
  private times = new StageTimes();

  /** `poseEvery`: run the pose model on every n-th frame, reusing its mask on the frames between. */
  constructor(
    private readonly pose: ImageSegmenter,
    selfie: ImageSegmenter,
    model: Size,
    fineGrid: Size,
    private readonly nextTimestamp: Timestamps,
    private readonly poseEvery = 1,
    kernels: KernelChoice = 'auto',
  ) {
    this.coarse = new WholeFrameSelfie(selfie, model, model, nextTimestamp, kernels);
    this.fine = new WholeFrameSelfie(selfie, model, fineGrid, nextTimestamp, kernels);
    this.whole = this.coarse;
  }

  /**
   * A clip that opens close up keeps the selfie model's own grid (refined as the selfie matte's
   * masks are); any other gets the fine grid, so the pose model's crop mask of a small person
   * keeps its detail (eval: whole bodies 0.927 -> 0.936 refined IoU, close-ups unchanged).
   */
  run(frame: I420, matrix: YuvMatrix, guide: Float32Array, times = new StageTimes()): FrameMatteResult {
    this.times = times;
    const size: Size = { width: frame.width, height: frame.height };
    if (this.frames === 0) {
      this.coarse.prepare(frame, matrix, guide, times);
      const mask = this.newMask();
      if (this.closeUpAtStart(frame, matrix, size, mask)) {
        this.frames++;
        this.mode = 'close';
        return { mask, grid: this.whole.grid, presence: 1, people: 1 };
      }
      this.whole = this.fine;
    }
    const mask = this.newMask();
    return { mask, grid: this.whole.grid, ...this.runOn(frame, matrix, guide, size, mask) };
  }

  private newMask(): Uint8Array {
    return new Uint8Array(this.whole.grid.width * this.whole.grid.height);
  }

  /** Fills `mask` for this frame (after the first frame's grid choice); says who is in it. */
  private runOn(frame: I420, matrix: YuvMatrix, guide: Float32Array, size: Size, mask: Uint8Array): { presence: number; people: number } {
    const closeUp = { presence: 1, people: 1 };
    const first = this.frames++ === 0;
    this.whole.prepare(frame, matrix, guide, this.times);
    if (this.mode === 'close') {
      let close = this.selfieInto(frame, matrix, mask, size);
      // The selfie model floods busy backgrounds to the frame's edges: now and then ask the pose model too.
      if (close && this.frames % CLOSE_RECHECK === 0) close = this.closeUpConfirmed(frame, matrix, size, mask);
      this.against = close ? 0 : this.against + 1;
      if (this.against >= SWITCH_AFTER) {
        this.mode = 'body';
        this.against = 0;
        this.track = null;
        this.searchIn = 0;
      }
      return closeUp;
    }

    const { grid } = this.whole;
    if (this.made && ++this.age < this.poseEvery) {
      pasteCropMask(this.madeMask, POSE_SIDE, this.made, size, grid, mask);
      this.others.paste(size, grid, mask);
      return { presence: Math.max(this.madeFlag, this.others.presence), people: 1 + this.others.count };
    }
    const run = this.poseRun(frame, matrix);
    const body = this.body(run, size);
    this.made = body?.crop ?? null;
    this.madeFlag = body?.flag ?? 0;
    this.age = 0;
    if (body) {
      this.against = cutByFrame(body.box, size) ? this.against + 1 : 0;
      if (first ? this.against > 0 : this.against >= SWITCH_AFTER) {
        // Close up: this frame too comes from the selfie model.
        this.mode = 'close';
        this.against = 0;
        this.made = null;
        this.others.clear();
        this.selfieInto(frame, matrix, mask, size);
        return closeUp;
      }
      // Kept before the others' runs reuse cropMask.
      this.madeMask.set(this.cropMask);
      pasteCropMask(this.madeMask, POSE_SIDE, body.crop, size, grid, mask);
      this.others.step(run, this.cropMask, size, [body.box]);
      this.others.paste(size, grid, mask);
      return { presence: Math.max(body.flag, this.others.presence), people: 1 + this.others.count };
    }
    // The main person is gone and no search found anyone: those still followed stay.
    if (this.others.count > 0) {
      this.others.step(run, this.cropMask, size, []);
      if (this.others.count > 0) {
        mask.fill(0);
        this.others.paste(size, grid, mask);
        return { presence: this.others.presence, people: this.others.count };
      }
    }
    // Nobody the pose model can frame: someone lying across the picture or too close for it is
    // still the selfie model's (a mask cut by the frame), as sure as that model is of it;
    // otherwise there is no one.
    if (this.selfieInto(frame, matrix, mask, size)) return { presence: sureShare(mask), people: 1 };
    mask.fill(0);
    return { presence: 0, people: 0 };
  }

  /** The pose model as the crop tracker sees it: a crop in, its look out, its mask in cropMask. */
  private poseRun(frame: I420, matrix: YuvMatrix): PoseRun {
    return (crop) => {
      this.poseInto(frame, matrix, crop);
      return { found: maskBox(this.cropMask, POSE_SIDE, POSE_SIDE), sure: sureShare(this.cropMask), flag: this.flag };
    };
  }

  /**
   * A clip that opens on a close-up needs no search: when the selfie model's mask on the whole
   * frame is cut by the frame and the pose model's there is too, it is one (both, because on a
   * busy background the selfie model alone can flood to an edge).
   * Leaves the selfie model's mask in `mask`.
   */
  private closeUpAtStart(frame: I420, matrix: YuvMatrix, size: Size, mask: Uint8Array): boolean {
    return this.selfieInto(frame, matrix, mask, size) && this.closeUpConfirmed(frame, matrix, size, mask);
  }

  /**
   * The selfie model on the whole frame (already averaged into the grid image) into `mask`;
   * whether the largest figure in it is cut by the frame.
   */
  private selfieInto(frame: I420, matrix: YuvMatrix, mask: Uint8Array, size: Size): boolean {
    this.whole.segment(frame, matrix, mask, this.times);
    const { grid } = this.whole;
    const box = mainBox(mask, grid.width, grid.height);
    return box !== null && cutByFrame(gridBoxToFrame(box, grid, size), size);
  }

  /** The pose model on one crop of the frame, its mask (0..255) into cropMask and its pose flag into flag. */
  private poseInto(frame: I420, matrix: YuvMatrix, crop: Crop): void {
    this.times.time('crop', () => cropI420ToRgba(frame, crop.cx - crop.side / 2, crop.cy - crop.side / 2, crop.side, POSE_SIDE, matrix, this.cropRgba));
    this.flag = segmentInto(this.pose, this.cropImage, this.nextTimestamp(), this.cropMask, true, this.times);
  }

  /**
   * A selfie mask cut by the frame (in `mask`) is a close-up when the selfie model is sure of it
   * or the pose model agrees. Either alone is not enough: on a busy background the selfie model
   * floods to an edge, unsure (0.20-0.78 of its person sure, in the eval, against 0.85-0.97 for
   * real close-ups); and the pose model, made for upright people, sees only the face of someone
   * lying across the picture, whom the selfie model is sure of (0.94-0.97).
   */
  private closeUpConfirmed(frame: I420, matrix: YuvMatrix, size: Size, mask: Uint8Array): boolean {
    return sureShare(mask) >= SELFIE_SURE_CLOSE || this.poseSeesCloseUp(frame, matrix, size);
  }

  /** Whether the largest figure the pose model finds in the whole frame is cut by the frame. */
  private poseSeesCloseUp(frame: I420, matrix: YuvMatrix, size: Size): boolean {
    const whole = wholeFrameCrop(size);
    this.poseInto(frame, matrix, whole);
    const pose = mainBox(this.cropMask, POSE_SIDE, POSE_SIDE);
    return pose !== null && cutByFrame(cropBoxToFrame(pose, whole, POSE_SIDE), size);
  }

  /** The pose model on the followed person's crop, searching when there is none; leaves the mask in cropMask. */
  private body(run: PoseRun, size: Size): Followed | null {
    let followed = this.track?.follow(run, size) ?? null;
    if (!followed) {
      this.track = null;
      if (this.searchIn-- <= 0) {
        const crop = this.search(size, run);
        this.searchIn = crop ? 0 : SEARCH_EVERY;
        if (crop) {
          this.track = new CropTrack(crop);
          followed = this.track.follow(run, size, true);
          if (!followed) this.track = null;
        }
      }
    }
    return followed;
  }

  /**
   * Finds the person: regions the model marks in the whole frame and in ever smaller tiles (a
   * person far away is a few dozen pixels in the whole frame at the model's input), each tried
   * as a crop of its own. The model paints a figure into any crop it is given, so the crop whose
   * mask it is surest of wins, if it is sure enough at all.
   */
  private search(size: Size, run: PoseRun): Crop | null {
    // Typed by assertion: assigned in the loops, TS would otherwise keep it narrowed to null.
    let best = null as { crop: Crop; sure: number } | null;
    for (const tiles of [[wholeFrameCrop(size)], searchTiles(size, 1), searchTiles(size, 2)]) {
      for (const tile of tiles) {
        run(tile);
        for (const figure of figuresIn(this.cropMask, tile)) {
          const crop = cropAround(figure, size);
          const look = run(crop);
          if (holdsPerson(look) && (!best || look.sure > best.sure)) best = { crop, sure: look.sure };
        }
      }
      // A clear find at this scale needs no finer one.
      if (best && best.sure >= SURE_CLEAR) return best.crop;
    }
    return best?.crop ?? null;
  }
}
