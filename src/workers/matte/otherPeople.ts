/**
 * Everyone in the picture besides the person the whole-body matte follows (two people side by
 * side, a couple dancing apart): now and then the pose model looks at parts of the frame (the
 * larger search tiles), and each figure there that is nobody already followed, and that the
 * model's pose flag says is a person, gets a crop of its own, followed as the main person's is
 * (src/core/cropTrack.ts). Their masks are merged into the frame's.
 */
import type { Size } from '../../core/geometry';
import { CropTrack, figuresIn, holdsPerson, POSE_SIDE, type PoseRun } from '../../core/cropTrack';
import { cropAround, pasteCropMask, searchTiles, type Box, type Crop } from '../../core/personCrop';

/**
 * Frames between two looks for more people. The pose model marks one person in a crop (in the
 * whole frame, the main one again), so a look runs it on the larger search tiles: all of them at
 * the first frame (people there from the start are found at once), then one a second in turn,
 * and once more on each figure it marks there that is nobody followed (at most 3): up to 4 runs a
 * second, where following one person is 30.
 */
const LOOK_EVERY = 30;
/** People followed besides the main one. */
const MAX_OTHERS = 2;

interface Other {
  track: CropTrack;
  /** Their crop's mask, the crop it was made in, its pose flag and their box in frame pixels. */
  mask: Uint8Array;
  made: Crop;
  flag: number;
  box: Box;
}

function centreIn(box: Box, boxes: readonly Box[]): boolean {
  const x = (box.x0 + box.x1) / 2;
  const y = (box.y0 + box.y1) / 2;
  return boxes.some((b) => x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1);
}

export class OtherPeople {
  private people: Other[] = [];
  /** Frames until the next look; 0 = look on the next step. */
  private lookIn = 0;
  /** Looks so far: which region the next one takes. */
  private looks = 0;

  clear(): void {
    this.people = [];
    this.lookIn = 0;
    this.looks = 0;
  }

  /** How many are followed. */
  get count(): number {
    return this.people.length;
  }

  /** The surest of them that someone is there (their crops' pose flags); 0 if nobody. */
  get presence(): number {
    return this.people.reduce((m, p) => Math.max(m, p.flag), 0);
  }

  /**
   * One frame: follows each of them, drops those lost or now on someone already followed
   * (`taken`: the main person's box), and every LOOK_EVERY frames looks for more. `run` leaves
   * its mask in `cropMask`.
   */
  step(run: PoseRun, cropMask: Uint8Array, frame: Size, taken: readonly Box[]): void {
    const seen = [...taken];
    const kept: Other[] = [];
    for (const p of this.people) {
      const followed = p.track.follow(run, frame);
      if (!followed || centreIn(followed.box, seen)) continue;
      p.mask.set(cropMask);
      p.made = followed.crop;
      p.flag = followed.flag;
      p.box = followed.box;
      seen.push(followed.box);
      kept.push(p);
    }
    this.people = kept;
    if (this.lookIn-- > 0 || this.people.length >= MAX_OTHERS) return;
    this.lookIn = LOOK_EVERY;
    const tiles = searchTiles(frame, 1);
    const look = this.looks++;
    const figures: Box[] = [];
    for (const region of look === 0 ? tiles : [tiles[(look - 1) % tiles.length]!]) {
      run(region);
      figures.push(...figuresIn(cropMask, region));
    }
    for (const figure of figures) {
      if (this.people.length >= MAX_OTHERS) return;
      if (centreIn(figure, seen)) continue;
      const crop = cropAround(figure, frame);
      if (!holdsPerson(run(crop))) continue;
      const track = new CropTrack(crop);
      const followed = track.follow(run, frame, true);
      if (!followed || centreIn(followed.box, seen)) continue;
      seen.push(followed.box);
      this.people.push({ track, mask: cropMask.slice(), made: followed.crop, flag: followed.flag, box: followed.box });
    }
  }

  /** Merges their masks into the frame's mask grid. */
  paste(frame: Size, grid: Size, out: Uint8Array): void {
    for (const p of this.people) pasteCropMask(p.mask, POSE_SIDE, p.made, frame, grid, out, true);
  }
}
