import { describe, expect, it } from 'vitest';
import { clampTrim, defaultTrim, isWhole, needsTrim, partToKeep, trimFromOptions, trimmedFrameCount } from '../../src/core/trim';
import { RestyleError } from '../../src/core/errors';

describe('trim', () => {
  it("a clip within 30 s (and a muxer's hair over) is made whole", () => {
    for (const d of [3, 29.99, 30, 30.05]) {
      expect(needsTrim(d), `${d} s`).toBe(false);
      expect(isWhole(defaultTrim(d), d)).toBe(true);
    }
  });

  it('a longer clip is made from its first 30 s until someone chooses', () => {
    expect(needsTrim(30.5)).toBe(true);
    expect(defaultTrim(45)).toEqual({ startSec: 0, lengthSec: 30 });
    expect(isWhole(defaultTrim(45), 45)).toBe(false);
  });

  it('a chosen part is kept inside the clip and the cap', () => {
    expect(clampTrim({ startSec: 20, lengthSec: 30 }, 45)).toEqual({ startSec: 15, lengthSec: 30 });
    expect(clampTrim({ startSec: 5, lengthSec: 40 }, 45)).toEqual({ startSec: 5, lengthSec: 30 });
    expect(clampTrim({ startSec: -3, lengthSec: 0 }, 45)).toEqual({ startSec: 0, lengthSec: 1 });
  });

  it("the CLI's --start and --length: defaults, and plain words outside the clip or over the cap", () => {
    expect(trimFromOptions(undefined, undefined, 45)).toEqual({ startSec: 0, lengthSec: 30 });
    expect(trimFromOptions(10, undefined, 45)).toEqual({ startSec: 10, lengthSec: 30 });
    expect(trimFromOptions(40, undefined, 45)).toEqual({ startSec: 40, lengthSec: 5 });
    expect(trimFromOptions(undefined, 5, 12)).toEqual({ startSec: 0, lengthSec: 5 });
    expect(trimFromOptions(undefined, undefined, 12)).toEqual({ startSec: 0, lengthSec: 12 });
    for (const [start, length, words] of [
      [50, undefined, /--start must be between 0 and 45 s/],
      [0, 31, /--length must be between 1 and 30 s/],
      [0, 0.5, /--length must be between 1 and 30 s/],
    ] as const) {
      let err: unknown;
      try {
        trimFromOptions(start, length, 45);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RestyleError);
      expect((err as Error).message).toMatch(words);
    }
  });

  it('the part to keep: none for a short clip, the first 30 s at first, a chosen part kept inside the clip', () => {
    expect(partToKeep(20)).toBeNull();
    expect(partToKeep(45)).toEqual({ startSec: 0, lengthSec: 30 });
    expect(partToKeep(45, { startSec: 40, lengthSec: 30 })).toEqual({ startSec: 15, lengthSec: 30 });
  });

  it('counts the frames of the part', () => {
    expect(trimmedFrameCount({ startSec: 10, lengthSec: 30 }, 30, 1350)).toBe(900);
    expect(trimmedFrameCount({ startSec: 0, lengthSec: 30 }, 30, 500)).toBe(500);
  });
});
