/**
 * What the matte itself says about a clip, for the Check step: on a few sampled moments, each a
 * pair of consecutive frames run through the app's own matte, whether anyone was found, whether
 * they reach out of the picture, whether their outline holds still from one frame to the next,
 * and how much of them the matte is unsure of. Pure: masks in, numbers and plain words out.
 * Thresholds chosen on the matte eval's clips (docs/matte-quality.md), where the cut-out's real
 * quality is known.
 */
import type { Size } from './geometry';
import { REASONS, scoreBackground, type BackgroundVerdict, type MatteSignals, type ScoreSample } from './backgroundScore';
import { frameIoU } from './matteMetrics';
import { maskBlobs, PERSON_LEVEL, type Box } from './personCrop';

/** One frame's mask (0..255 person confidence) and mean luma (0..255) on the matte's grid. */
export interface CheckFrame {
  mask: Uint8Array;
  luma: Uint8Array;
  grid: Size;
  /** How sure the matte is that anyone is there at all, 0..1 (FrameMatteResult.presence). */
  presence: number;
  /** How many people the matte cut out (FrameMatteResult.people). */
  people: number;
}

/** A sampled moment: a frame and the one after it. */
export interface CheckPair {
  first: CheckFrame;
  next: CheckFrame;
  /** A second opinion on the first frame: the selfie model alone, on the model's grid. */
  selfie?: Uint8Array;
}

/** A person takes at least this share of the grid. */
const MIN_PERSON = 0.004;
/**
 * In both of a moment's frames the matte's presence must reach this: the pose model paints
 * figures into empty pictures, now and then sure of one for a single frame (up to 0.99), but then
 * not of the next (0.00-0.05); people standing or walking score 0.99-1.00 in both, a person
 * bowing mostly 0.3-0.9.
 */
const MIN_PRESENCE = 0.3;
/** Mean luma change (0..255) over the person's cells below which the picture held still between two frames. */
const STILL_LUMA = 6;

export const MATTE_LIMITS = {
  outOfFrame: 0.4,
  unsteady: 0.035,
  unsure: 0.15,
  disagree: 0.5,
} as const;

export const MATTE_REASONS = {
  noPerson: "We couldn't find a person in this clip. Restyle cuts out people: check that you're in the picture.",
  lost: "In parts of this clip we couldn't find you (out of the picture, or hard to see): there the cut-out may lose you.",
  outOfFrame: 'Part of you is outside the picture: where you meet its edge, the cut-out may fade.',
  unsteady: "Your outline changes from frame to frame here: its edges may flicker.",
  unsure: 'Parts of you are hard to tell from the background here (often feet, hair or things you hold): they may fade.',
} as const;

/** The largest person region's box in the moment's first frame (grid cells); null if nobody. */
function mainPerson({ first, next }: CheckPair): Box | null {
  if (Math.min(first.presence, next.presence) < MIN_PRESENCE) return null;
  const blob = maskBlobs(first.mask, first.grid.width, first.grid.height)[0];
  return blob && blob.area >= MIN_PERSON ? blob.box : null;
}

/**
 * Close up (cut by the bottom over at least 45% of the height, or by a side over 45% of the
 * width) is the usual framing and cuts well; a whole body that reaches an edge is partly out.
 */
function reachesOut(box: Box, grid: Size): boolean {
  const left = box.x0 <= 0;
  // Boxes end one past their last cell.
  const right = box.x1 >= grid.width;
  const bottom = box.y1 >= grid.height;
  const closeBottom = bottom && box.y1 - box.y0 >= 0.45 * grid.height;
  const closeSide = (left || right) && box.x1 - box.x0 >= 0.45 * grid.width;
  return (left || right || bottom) && !closeBottom && !closeSide;
}

/** Mean luma change over the cells either frame calls the person. */
function personLumaChange(a: CheckFrame, b: CheckFrame): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.mask.length; i++) {
    if (a.mask[i]! < PERSON_LEVEL && (b.mask[i] ?? 0) < PERSON_LEVEL) continue;
    sum += Math.abs(a.luma[i]! - (b.luma[i] ?? 0));
    n++;
  }
  return n > 0 ? sum / n : 0;
}

function unsureShare(mask: Uint8Array): number {
  let person = 0;
  let unsure = 0;
  for (const v of mask) {
    if (v >= 64) person++;
    if (v >= 64 && v <= 191) unsure++;
  }
  return person > 0 ? unsure / person : 0;
}

export function matteSignals(pairs: readonly CheckPair[], model: Size): MatteSignals {
  let found = 0;
  let out = 0;
  let unsteadySum = 0;
  let steady = 0;
  let unsureSum = 0;
  let disagreeSum = 0;
  let people = 0;
  for (const pair of pairs) {
    const { first, next, selfie } = pair;
    const person = mainPerson(pair);
    if (!person) continue;
    found++;
    people = Math.max(people, first.people);
    if (selfie) disagreeSum += 1 - frameIoU(onModelGrid(first.mask, first.grid, model), selfie);
    if (reachesOut(person, first.grid)) out++;
    unsureSum += unsureShare(first.mask);
    // Only where the picture held still does a changing outline mean the matte wavers.
    if (personLumaChange(first, next) < STILL_LUMA) {
      unsteadySum += 1 - frameIoU(first.mask, next.mask);
      steady++;
    }
  }
  return {
    found: pairs.length > 0 ? found / pairs.length : 0,
    outOfFrame: found > 0 ? out / found : 0,
    unsteady: steady > 0 ? unsteadySum / steady : 0,
    steadyMoments: steady,
    unsure: found > 0 ? unsureSum / found : 0,
    disagree: found > 0 ? disagreeSum / found : 0,
    people,
  };
}

/** What the matte will do that is worth knowing but is no problem, in plain words. */
export function matteNotes(s: MatteSignals): string[] {
  return s.people > 1 ? [`We found ${s.people} people here: the cut-out keeps each of them.`] : [];
}

/** The warnings these signals call for, in plain words (none: the matte expects a clean cut-out). */
export function matteReasons(s: MatteSignals): string[] {
  if (s.found === 0) return [MATTE_REASONS.noPerson];
  const reasons: string[] = [];
  if (s.found < 1) reasons.push(MATTE_REASONS.lost);
  if (s.outOfFrame >= MATTE_LIMITS.outOfFrame) reasons.push(MATTE_REASONS.outOfFrame);
  if (s.unsteady > MATTE_LIMITS.unsteady) reasons.push(MATTE_REASONS.unsteady);
  if (s.unsure > MATTE_LIMITS.unsure || s.disagree > MATTE_LIMITS.disagree) reasons.push(MATTE_REASONS.unsure);
  return reasons;
}

/** A plane averaged down by an integer factor on each side (the fine grid to the model's). */
function shrink(plane: Uint8Array, from: Size, to: Size): Uint8Array {
  const fx = from.width / to.width;
  const fy = from.height / to.height;
  const out = new Uint8Array(to.width * to.height);
  for (let y = 0; y < to.height; y++) {
    for (let x = 0; x < to.width; x++) {
      let sum = 0;
      for (let dy = 0; dy < fy; dy++) for (let dx = 0; dx < fx; dx++) sum += plane[(y * fy + dy) * from.width + x * fx + dx] ?? 0;
      out[y * to.width + x] = Math.round(sum / (fx * fy));
    }
  }
  return out;
}

function onModelGrid(plane: Uint8Array, grid: Size, model: Size): Uint8Array {
  return grid.width === model.width && grid.height === model.height ? plane : shrink(plane, grid, model);
}

/**
 * The Check step's verdict: the background's (scored on the model's grid, where its limits were
 * calibrated) and the matte's own signals, with one list of reasons.
 */
export function clipVerdict(pairs: readonly CheckPair[], model: Size): BackgroundVerdict & { matte: MatteSignals } {
  const samples: ScoreSample[] = pairs.map(({ first }) => ({
    width: model.width,
    height: model.height,
    luma: onModelGrid(first.luma, first.grid, model),
    person: onModelGrid(first.mask, first.grid, model),
  }));
  const background = scoreBackground(samples);
  const matte = matteSignals(pairs, model);
  // Whether anyone is there is the matte's to say; the background's own guess steps aside.
  const reasons = [...matteReasons(matte), ...background.reasons.filter((r) => r !== REASONS.noPerson)];
  return { ...background, reasons, matte, notes: matteNotes(matte) };
}
