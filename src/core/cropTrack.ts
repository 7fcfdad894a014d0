/**
 * Following one person from frame to frame in a square crop of their own: the pose model
 * segments the crop, the crop grows at once when it cut the person and holds still for small
 * moves, and the track ends when the person is no longer there. Pure: the model run is passed
 * in (the matte worker's, or a test's), so the rules are unit-tested (test/unit/cropTrack.test.ts).
 */
import type { Size } from './geometry';
import { cropAround, cropBoxToFrame, growCutBox, judgeCrop, looksLikePerson, maskBlobs, steadyCrop, type Box, type Crop, type MaskBox } from './personCrop';

/** The pose model's input and output side. */
export const POSE_SIDE = 256;

/** What one pose-model run on a crop says; its mask stays in the caller's buffer. */
export interface PoseLook {
  /** The mask's box and area, in crop-mask pixels (POSE_SIDE square); null if empty. */
  found: MaskBox | null;
  /** Of the mask's person pixels, the share the model is sure of (>= 250 of 255). */
  sure: number;
  /** The model's pose flag: how sure it is that a person fills the crop, 0..1. */
  flag: number;
}

export type PoseRun = (crop: Crop) => PoseLook;

/** A crop a search finds holds a person only if the model is this sure of its mask... */
export const SURE_FOUND = 0.6;
/**
 * ...and its pose flag reaches this: 0.99-1.00 on nearly every frame of the eval's people standing
 * or walking, 0.05-0.9 while one bows; on the figures the model paints into bare walls and empty
 * gradients mostly 0.00, now and then up to 0.99 for a single frame (which FLAG_LOST then ends).
 */
export const FLAG_FOUND = 0.9;

/** Whether a crop a search tried holds a person: person-shaped, and the model sure of its mask and its pose flag. */
export function holdsPerson({ found, sure, flag }: PoseLook): boolean {
  return looksLikePerson(found, POSE_SIDE) && sure >= SURE_FOUND && flag >= FLAG_FOUND;
}

/** The figures (at most 3, largest first) the model marked in its mask of `region`, in frame pixels: where a search tries crops. */
export function figuresIn(mask: Uint8Array, region: Crop): Box[] {
  return maskBlobs(mask, POSE_SIDE, POSE_SIDE)
    .slice(0, 3)
    .map((b) => cropBoxToFrame(b.box, region, POSE_SIDE));
}

/** Below this sure share for LOST_AFTER frames in a row, the crop has lost its person. */
export const SURE_TRACK = 0.5;
/**
 * Below this pose flag for LOST_AFTER frames in a row, the crop has lost its person: someone who
 * walked out of the picture, or a crop left on the wall after the person changed size at once.
 */
export const FLAG_LOST = 0.15;
export const LOST_AFTER = 3;

/** This frame's result of following: the crop the mask was made in, the person's box there, the flag. */
export interface Followed {
  crop: Crop;
  found: MaskBox;
  flag: number;
  /** The person's box in frame pixels. */
  box: Box;
}

export class CropTrack {
  private unsure = 0;
  private faint = 0;

  constructor(private crop: Crop) {}

  /**
   * This frame: segments the crop, grows it towards the person when they reach its edge (twice
   * at most) and steadies it for the next frame. Null when the person is lost: the mask collapsed
   * or is no longer person-shaped, or it was unsure or its flag faint for LOST_AFTER frames in a
   * row. `fresh`: the crop was just found by a search, which has judged it already.
   */
  follow(run: PoseRun, frame: Size, fresh = false): Followed | null {
    let crop = this.crop;
    let look = run(crop);
    let verdict = judgeCrop(look.found, crop, POSE_SIDE, frame);
    if (!fresh) {
      this.unsure = look.sure < SURE_TRACK ? this.unsure + 1 : 0;
      this.faint = look.flag < FLAG_LOST ? this.faint + 1 : 0;
      const gone = this.unsure >= LOST_AFTER || this.faint >= LOST_AFTER;
      if (verdict === 'keep' && (!looksLikePerson(look.found, POSE_SIDE, 0.35) || gone)) return null;
    }
    // Part of the person is outside the crop: grow towards them and segment again.
    for (let i = 0; i < 2 && look.found && verdict === 'recrop'; i++) {
      crop = cropAround(growCutBox(look.found, crop, POSE_SIDE, frame), frame);
      look = run(crop);
      verdict = judgeCrop(look.found, crop, POSE_SIDE, frame);
    }
    if (!look.found || verdict === 'lost') return null;
    const box = cropBoxToFrame(look.found.box, crop, POSE_SIDE);
    this.crop = steadyCrop(crop, cropAround(box, frame));
    return { crop, found: look.found, flag: look.flag, box };
  }
}
