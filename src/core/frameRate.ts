/**
 * Frame rates as ffmpeg wants them: an exact rational for the common NTSC rates, so a
 * 29.97 fps phone clip stays 30000/1001 and its frame count and duration survive the round trip.
 */
const COMMON: ReadonlyArray<readonly [number, string]> = [
  [24000 / 1001, '24000/1001'],
  [24, '24/1'],
  [25, '25/1'],
  [30000 / 1001, '30000/1001'],
  [30, '30/1'],
  [48, '48/1'],
  [50, '50/1'],
  [60000 / 1001, '60000/1001'],
  [60, '60/1'],
  [120, '120/1'],
];

export function toRational(fps: number): string {
  if (!Number.isFinite(fps) || fps <= 0) throw new RangeError(`bad frame rate ${fps}`);
  for (const [value, text] of COMMON) if (Math.abs(value - fps) < 0.005) return text;
  return `${Math.round(fps * 1000)}/1000`;
}

export function rationalValue(r: string): number {
  const [n, d] = r.split('/').map(Number);
  return (n ?? NaN) / (d ?? 1);
}

/** Frames a clip of this length yields at a constant rate (what ffmpeg's fps filter produces). */
export function frameCount(durationSec: number, fps: number): number {
  return Math.max(1, Math.round(durationSec * fps));
}
