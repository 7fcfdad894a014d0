/**
 * A small seeded generator (a linear congruential one): the same seed gives the same numbers on
 * every run, so a built-in background always draws the same picture and a test's "noise" repeats.
 * Numbers in [0, 1); not for anything that must be unpredictable.
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
