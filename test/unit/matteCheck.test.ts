import { describe, expect, it } from 'vitest';
import { clipVerdict, MATTE_REASONS, matteNotes, matteReasons, matteSignals, type CheckFrame, type CheckPair } from '../../src/core/matteCheck';
import { REASONS } from '../../src/core/backgroundScore';

const MODEL = { width: 32, height: 18 };
const FINE = { width: 64, height: 36 };

/** A frame on `grid`: a person box (cells, end exclusive) at `value`, flat grey luma elsewhere; the matte's presence. */
function frame(grid = MODEL, box: [number, number, number, number] | null = [12, 4, 20, 18], value = 255, lumaShift = 0, presence = box ? 1 : 0): CheckFrame {
  const mask = new Uint8Array(grid.width * grid.height);
  const luma = new Uint8Array(grid.width * grid.height).fill(120);
  if (box) {
    const [x0, y0, x1, y1] = box;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        mask[y * grid.width + x] = value;
        luma[y * grid.width + x] = 60 + lumaShift;
      }
    }
  }
  return { mask, luma, grid, presence, people: box ? 1 : 0 };
}

const still = (f: CheckFrame): CheckPair => ({ first: f, next: f, selfie: f.grid === MODEL ? f.mask : undefined });

describe('matteSignals and matteReasons', () => {
  it('a person found, in the picture, steady and sure: no warning', () => {
    const s = matteSignals([still(frame()), still(frame()), still(frame())], MODEL);
    expect(s).toMatchObject({ found: 1, outOfFrame: 0, unsteady: 0, unsure: 0, disagree: 0 });
    expect(matteReasons(s)).toEqual([]);
  });

  it('nobody in any moment: says so, and only that', () => {
    const s = matteSignals([still(frame(MODEL, null)), still(frame(MODEL, null))], MODEL);
    expect(s.found).toBe(0);
    expect(matteReasons(s)).toEqual([MATTE_REASONS.noPerson]);
  });

  it('a figure the matte is not sure is anyone (presence below 0.3 in either frame of a moment) counts as nobody', () => {
    const phantom = frame(MODEL, [12, 4, 20, 18], 255, 0, 0.05);
    // Sure of it in one frame of the moment, not the next: the pose model's single-frame figures.
    const blip: CheckPair = { first: frame(MODEL, [12, 4, 20, 18], 255, 0, 0.99), next: phantom };
    const s = matteSignals([still(phantom), blip], MODEL);
    expect(s.found).toBe(0);
    expect(matteReasons(s)).toEqual([MATTE_REASONS.noPerson]);
    // A person bowing: less sure in both frames, but sure enough.
    const bowing: CheckPair = { first: frame(MODEL, [12, 4, 20, 18], 255, 0, 0.4), next: frame(MODEL, [12, 4, 20, 18], 255, 0, 0.7) };
    expect(matteSignals([bowing], MODEL).found).toBe(1);
  });

  it('several people kept: a note that says so, not a warning', () => {
    const two = { ...frame(), people: 2 };
    const s = matteSignals([still(frame()), still(two)], MODEL);
    expect(s.people).toBe(2);
    expect(matteReasons(s)).toEqual([]);
    expect(matteNotes(s)).toEqual(['We found 2 people here: the cut-out keeps each of them.']);
    expect(matteNotes(matteSignals([still(frame())], MODEL))).toEqual([]);
    // Nobody found in the moment: its count does not matter.
    expect(matteSignals([still({ ...frame(MODEL, null), people: 2 })], MODEL).people).toBe(0);
  });

  it('lost in some moments: warns that the cut-out may lose them there', () => {
    const s = matteSignals([still(frame()), still(frame(MODEL, null))], MODEL);
    expect(s.found).toBe(0.5);
    expect(matteReasons(s)).toContain(MATTE_REASONS.lost);
  });

  it('a whole body reaching the side of the picture is partly out; a close-up cut by the bottom is not', () => {
    const side = matteSignals([still(frame(MODEL, [0, 4, 6, 16]))], MODEL);
    expect(side.outOfFrame).toBe(1);
    expect(matteReasons(side)).toContain(MATTE_REASONS.outOfFrame);
    const closeUp = matteSignals([still(frame(MODEL, [8, 6, 24, 18]))], MODEL);
    expect(closeUp.outOfFrame).toBe(0);
    expect(matteReasons(closeUp)).not.toContain(MATTE_REASONS.outOfFrame);
  });

  it('an outline that changes between consecutive frames of a still picture is unsteady; a person who moves is not', () => {
    const a = frame(MODEL, [12, 4, 20, 18]);
    // Same picture, the mask lost a third of the person.
    const wavering: CheckPair = { first: a, next: { ...frame(MODEL, [12, 4, 20, 18]), mask: frame(MODEL, [12, 4, 17, 18]).mask } };
    const s = matteSignals([wavering], MODEL);
    expect(s.steadyMoments).toBe(1);
    expect(s.unsteady).toBeCloseTo(3 / 8, 6);
    expect(matteReasons(s)).toContain(MATTE_REASONS.unsteady);
    // The picture itself changed where the person is (they moved): not counted.
    const moving: CheckPair = { first: a, next: frame(MODEL, [14, 4, 22, 18], 255, 40) };
    expect(matteSignals([moving], MODEL).steadyMoments).toBe(0);
  });

  it('a person the matte is unsure of, or the selfie model sees differently, may fade', () => {
    const soft = matteSignals([still(frame(MODEL, [12, 4, 20, 18], 150))], MODEL);
    expect(soft.unsure).toBe(1);
    expect(matteReasons(soft)).toContain(MATTE_REASONS.unsure);
    const other = frame(MODEL, [2, 2, 8, 18]).mask;
    const disagree = matteSignals([{ ...still(frame()), selfie: other }], MODEL);
    expect(disagree.disagree).toBe(1);
    expect(matteReasons(disagree)).toContain(MATTE_REASONS.unsure);
  });

  it('compares a fine-grid matte with the selfie model on the model grid', () => {
    const fine = frame(FINE, [24, 8, 40, 36]);
    const s = matteSignals([{ first: fine, next: fine, selfie: frame(MODEL, [12, 4, 20, 18]).mask }], MODEL);
    expect(s.disagree).toBe(0);
  });
});

describe('clipVerdict', () => {
  it("joins the background's reasons and the matte's, with one 'nobody' message", () => {
    const v = clipVerdict([still(frame(MODEL, null)), still(frame(MODEL, null))], MODEL);
    expect(v.reasons.filter((r) => r.includes("couldn't find a person"))).toEqual([MATTE_REASONS.noPerson]);
    expect(v.reasons).not.toContain(REASONS.noPerson);
    expect(v.matte.found).toBe(0);
  });

  it('scores the background on the model grid whatever grid the matte picked', () => {
    const coarse = clipVerdict([still(frame())], MODEL);
    const fine = clipVerdict([{ first: frame(FINE, [24, 8, 40, 36]), next: frame(FINE, [24, 8, 40, 36]) }], MODEL);
    expect(fine.measures.personCoverage).toBeCloseTo(coarse.measures.personCoverage, 6);
    expect(fine.reasons).toEqual([]);
    expect(coarse.reasons).toEqual([]);
  });
});
