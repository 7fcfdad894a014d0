import { describe, expect, it } from 'vitest';
import { CropTrack, LOST_AFTER, POSE_SIDE, type PoseLook, type PoseRun } from '../../src/core/cropTrack';
import { cropAround, type Box, type Crop } from '../../src/core/personCrop';

const FRAME = { width: 1280, height: 720 };

/**
 * A pose model stand-in: the person is `scene.box` (frame pixels); a crop's mask is that box as
 * the crop sees it (cut by the crop's edges), with the scene's sure share and pose flag.
 */
function fakeModel(scene: { box: Box | null; sure: number; flag: number }): PoseRun & { runs: Crop[] } {
  const runs: Crop[] = [];
  const run = (crop: Crop): PoseLook => {
    runs.push(crop);
    const { box } = scene;
    if (!box) return { found: null, sure: 0, flag: scene.flag };
    const s = POSE_SIDE / crop.side;
    const left = crop.cx - crop.side / 2;
    const top = crop.cy - crop.side / 2;
    const clip = (v: number) => Math.max(0, Math.min(POSE_SIDE, v));
    const x0 = clip((box.x0 - left) * s);
    const x1 = clip((box.x1 - left) * s);
    const y0 = clip((box.y0 - top) * s);
    const y1 = clip((box.y1 - top) * s);
    if (x1 <= x0 || y1 <= y0) return { found: null, sure: 0, flag: scene.flag };
    const area = ((x1 - x0) * (y1 - y0)) / (POSE_SIDE * POSE_SIDE);
    return { found: { box: { x0, y0, x1, y1 }, area }, sure: scene.sure, flag: scene.flag };
  };
  return Object.assign(run, { runs });
}

const person: Box = { x0: 560, y0: 160, x1: 720, y1: 640 };

describe('CropTrack', () => {
  it('follows a person standing still in the same crop, frame after frame', () => {
    const scene = { box: person, sure: 0.96, flag: 1 };
    const model = fakeModel(scene);
    const track = new CropTrack(cropAround(person, FRAME));
    const a = track.follow(model, FRAME, true);
    const b = track.follow(model, FRAME);
    expect(a?.box).toEqual(person);
    expect(b?.crop).toEqual(a?.crop);
    expect(model.runs).toHaveLength(2);
  });

  it('grows the crop at once when the person reaches its edge', () => {
    const scene = { box: person, sure: 0.96, flag: 1 };
    const model = fakeModel(scene);
    const track = new CropTrack(cropAround(person, FRAME));
    track.follow(model, FRAME, true);
    // They step well to the right: the old crop cuts them.
    scene.box = { ...person, x0: 900, x1: 1060 };
    const next = track.follow(model, FRAME);
    expect(model.runs.length).toBeGreaterThan(2);
    expect(next?.box.x0).toBeCloseTo(900, 6);
    expect(next?.box.x1).toBeCloseTo(1060, 6);
  });

  it('lets a person go whose pose flag stays faint for LOST_AFTER frames (they left; the crop holds a wall)', () => {
    const scene = { box: person, sure: 0.9, flag: 1 };
    const model = fakeModel(scene);
    const track = new CropTrack(cropAround(person, FRAME));
    expect(track.follow(model, FRAME, true)).not.toBeNull();
    // The model still paints a figure there, but is not sure anyone is there.
    scene.flag = 0.01;
    for (let i = 1; i < LOST_AFTER; i++) expect(track.follow(model, FRAME)).not.toBeNull();
    expect(track.follow(model, FRAME)).toBeNull();
  });

  it('keeps a person through a few faint frames (a bow), when the flag comes back', () => {
    const scene = { box: person, sure: 0.9, flag: 1 };
    const model = fakeModel(scene);
    const track = new CropTrack(cropAround(person, FRAME));
    track.follow(model, FRAME, true);
    for (const flag of [0.05, 0.06, 0.4, 0.05, 0.05, 0.9]) {
      scene.flag = flag;
      expect(track.follow(model, FRAME)).not.toBeNull();
    }
  });

  it('lets go of an unsure mask after LOST_AFTER frames, and of a mask that collapsed at once', () => {
    const scene = { box: person as Box | null, sure: 0.3, flag: 1 };
    const model = fakeModel(scene);
    const track = new CropTrack(cropAround(person, FRAME));
    expect(track.follow(model, FRAME, true)).not.toBeNull();
    for (let i = 1; i < LOST_AFTER; i++) expect(track.follow(model, FRAME)).not.toBeNull();
    expect(track.follow(model, FRAME)).toBeNull();

    const other = new CropTrack(cropAround(person, FRAME));
    scene.sure = 0.96;
    expect(other.follow(model, FRAME, true)).not.toBeNull();
    scene.box = null;
    expect(other.follow(model, FRAME)).toBeNull();
  });

  it('a fresh crop (just found by a search) is judged on its shape alone', () => {
    const model = fakeModel({ box: person, sure: 0.3, flag: 0.01 });
    expect(new CropTrack(cropAround(person, FRAME)).follow(model, FRAME, true)).not.toBeNull();
  });
});
