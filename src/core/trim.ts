/**
 * The part of a clip that is made into a video: all of it when it is within the cap (30 s), else
 * the 30 s the person chose (the first 30 s until they choose). Pure, so the UI, the CLI and both
 * pipelines agree on the same numbers.
 */
import { CAPS } from './caps';
import { RestyleError } from './errors';

export interface Trim {
  startSec: number;
  lengthSec: number;
}

/** The shortest part worth making (and what a range handle may shrink to). */
export const MIN_TRIM_SEC = 1;

/** Whether this clip must be trimmed to be made (a hair over the cap is a muxer's rounding). */
export function needsTrim(durationSec: number): boolean {
  return durationSec > CAPS.maxDurationSec + CAPS.durationToleranceSec;
}

/** The part made when nobody chose: the whole clip, or its first 30 s. */
export function defaultTrim(durationSec: number): Trim {
  return { startSec: 0, lengthSec: needsTrim(durationSec) ? CAPS.maxDurationSec : durationSec };
}

/** The part to keep of a clip: null when it is made whole, else the one chosen (or the first 30 s), kept inside the clip. */
export function partToKeep(durationSec: number, chosen?: Trim): Trim | null {
  return needsTrim(durationSec) ? clampTrim(chosen ?? defaultTrim(durationSec), durationSec) : null;
}

/** Brought within the clip and the cap: a start past the end moves back, a length over 30 s is cut to 30 s. */
export function clampTrim(trim: Trim, durationSec: number): Trim {
  const lengthSec = Math.max(Math.min(MIN_TRIM_SEC, durationSec), Math.min(trim.lengthSec, CAPS.maxDurationSec, durationSec));
  const startSec = Math.max(0, Math.min(trim.startSec, durationSec - lengthSec));
  return { startSec: round3(startSec), lengthSec: round3(lengthSec) };
}

/** The whole clip, nothing cut. */
export function isWhole(trim: Trim, durationSec: number): boolean {
  return trim.startSec <= 0 && trim.lengthSec >= durationSec - CAPS.durationToleranceSec;
}

/**
 * The CLI's --start and --length, checked: plain words for a part outside the clip or over the
 * cap. Either may be absent (start 0; length up to the cap or the clip's end).
 */
export function trimFromOptions(startSec: number | undefined, lengthSec: number | undefined, durationSec: number): Trim {
  const start = startSec ?? 0;
  if (!Number.isFinite(start) || start < 0 || start >= durationSec) {
    throw new RestyleError('too-long', `--start must be between 0 and ${round3(durationSec)} s: this clip is ${round3(durationSec)} s long.`);
  }
  const left = durationSec - start;
  const length = lengthSec ?? Math.min(left, CAPS.maxDurationSec);
  if (!Number.isFinite(length) || length < MIN_TRIM_SEC || length > CAPS.maxDurationSec + CAPS.durationToleranceSec) {
    throw new RestyleError('too-long', `--length must be between ${MIN_TRIM_SEC} and ${CAPS.maxDurationSec} s.`);
  }
  return { startSec: round3(start), lengthSec: round3(Math.min(length, left)) };
}

/** The frames in the part (at the clip's average rate). */
export function trimmedFrameCount(trim: Trim, fps: number, totalFrames: number): number {
  return Math.max(1, Math.min(totalFrames, Math.round(trim.lengthSec * fps)));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
