import { describe, expect, it } from 'vitest';
import {
  MOTION_LIMIT,
  REASONS,
  scoreBackground,
  type ScoreSample,
  TEXTURE_LIMIT,
} from '../../src/core/backgroundScore';
import { seededRandom } from '../../src/core/seededRandom';

const W = 64;
const H = 36;
const N = 5;

const rng = seededRandom;

/** The person: a rectangle in the middle-bottom of the frame, sure person (255) inside. */
const inPerson = (x: number, y: number): boolean => x >= 22 && x < 42 && y >= 8;
/** A soft, uncertain rim around the person (neither sure person nor sure background). */
const inRim = (x: number, y: number): boolean => !inPerson(x, y) && x >= 20 && x < 44 && y >= 6;

interface Recipe {
  background: (x: number, y: number, i: number) => number;
  person?: (x: number, y: number, i: number) => number;
  mask?: (x: number, y: number, i: number) => number;
}

function samples({ background, person, mask }: Recipe): ScoreSample[] {
  const personLuma = person ?? texturedPerson();
  const personMask = mask ?? ((x: number, y: number) => (inPerson(x, y) ? 255 : inRim(x, y) ? 100 : 0));
  return Array.from({ length: N }, (_, i) => {
    const luma = new Uint8Array(W * H);
    const conf = new Uint8Array(W * H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const m = personMask(x, y, i);
        conf[y * W + x] = m;
        luma[y * W + x] = m >= 64 ? personLuma(x, y, i) : background(x, y, i);
      }
    }
    return { width: W, height: H, luma, person: conf };
  });
}

/** Clothes, hair and a face: strong texture that changes from frame to frame (the person moves). */
function texturedPerson(): (x: number, y: number, i: number) => number {
  const r = rng(99);
  return () => Math.floor(r() * 256);
}

const flatWall = (): number => 128;
const checkerboard = (x: number, y: number): number => ((x + y) % 2 === 0 ? 30 : 220);

describe('scoreBackground', () => {
  it('finds a flat, still wall behind a textured person clean, with no reasons', () => {
    const v = scoreBackground(samples({ background: flatWall }));
    expect(v.clean).toBe(true);
    expect(v.reasons).toEqual([]);
    expect(v.score).toBe(1);
    expect(v.measures.texture).toBe(0);
    expect(v.measures.motion).toBe(0);
    expect(v.measures.personCoverage).toBeCloseTo((20 * 28) / (W * H), 6);
    expect(v.measures.backgroundCoverage).toBeGreaterThan(0.5);
  });

  it('tolerates a little sensor noise and a gentle gradient on the wall', () => {
    const r = rng(5);
    const v = scoreBackground(samples({ background: (x) => 90 + Math.floor(x / 4) + Math.floor(r() * 3) }));
    expect(v.clean).toBe(true);
    expect(v.reasons).toEqual([]);
    expect(v.measures.texture).toBeLessThan(TEXTURE_LIMIT);
    expect(v.score).toBeGreaterThan(0.5);
  });

  it('finds a high-frequency checkerboard busy', () => {
    const v = scoreBackground(samples({ background: checkerboard }));
    expect(v.clean).toBe(false);
    expect(v.reasons).toContain(REASONS.busy);
    expect(v.reasons).not.toContain(REASONS.moving);
    expect(v.measures.texture).toBe(190);
    expect(v.score).toBeLessThan(0.1);
  });

  it('finds random noise busy', () => {
    const r = rng(1);
    const v = scoreBackground(samples({ background: () => Math.floor(r() * 256) }));
    expect(v.clean).toBe(false);
    expect(v.reasons).toContain(REASONS.busy);
    expect(v.measures.texture).toBeGreaterThan(TEXTURE_LIMIT * 5);
  });

  it('finds a background that changes between samples moving', () => {
    // Each sample is flat (no texture) but 40 levels brighter than the one before: a light going on, a TV.
    const v = scoreBackground(samples({ background: (_x, _y, i) => 40 + 40 * i }));
    expect(v.clean).toBe(false);
    expect(v.reasons).toContain(REASONS.moving);
    expect(v.reasons).not.toContain(REASONS.busy);
    expect(v.measures.texture).toBe(0);
    expect(v.measures.motion).toBe(40);
    expect(v.measures.motion).toBeGreaterThan(MOTION_LIMIT);
  });

  it('finds a scrolling textured background both busy and moving', () => {
    const v = scoreBackground(samples({ background: (x, y, i) => checkerboard(x + i, y) }));
    expect(v.clean).toBe(false);
    expect(v.reasons).toEqual(expect.arrayContaining([REASONS.busy, REASONS.moving]));
  });

  it('does not count the person texture, their outline or their motion as background', () => {
    // A person of pure black and white noise, moving every frame, in front of a bright flat wall.
    const v = scoreBackground(
      samples({ background: () => 250, person: (x, y, i) => ((x * 7 + y * 13 + i * 5) % 3 === 0 ? 0 : 255) }),
    );
    expect(v.clean).toBe(true);
    expect(v.reasons).toEqual([]);
    expect(v.measures.texture).toBe(0);
    expect(v.measures.motion).toBe(0);

    // The very same pixels with no one found in them would be busy: the mask is what excludes them.
    const sameLumaNoMask = samples({ background: () => 250, person: (x, y, i) => ((x * 7 + y * 13 + i * 5) % 3 === 0 ? 0 : 255) }).map(
      (s) => ({ ...s, person: new Uint8Array(W * H) }),
    );
    const unmasked = scoreBackground(sameLumaNoMask);
    expect(unmasked.measures.texture).toBeGreaterThan(TEXTURE_LIMIT);
    expect(unmasked.reasons).toContain(REASONS.busy);
  });

  it('ignores background pixels the person covered in the previous sample', () => {
    // The person steps sideways each sample; the wall they uncover is the same flat wall.
    const shifted = samples({
      background: flatWall,
      mask: (x, y, i) => (x >= 10 + 6 * i && x < 30 + 6 * i && y >= 8 ? 255 : 0),
      person: () => 5,
    });
    const v = scoreBackground(shifted);
    expect(v.measures.motion).toBe(0);
    expect(v.clean).toBe(true);
  });

  it('says when no person was found', () => {
    const v = scoreBackground(samples({ background: flatWall, mask: () => 0 }));
    expect(v.reasons).toContain(REASONS.noPerson);
    expect(v.measures.personCoverage).toBe(0);
    expect(v.measures.backgroundCoverage).toBe(1);
  });

  it('says when the person fills the frame and there is no background to check', () => {
    const v = scoreBackground(samples({ background: flatWall, mask: () => 255 }));
    expect(v.reasons).toContain(REASONS.crowded);
    expect(v.reasons).not.toContain(REASONS.noPerson);
    expect(v.measures.backgroundCoverage).toBe(0);
    expect(v.measures.personCoverage).toBe(1);
  });

  it('scores lower the busier the background', () => {
    const scores = [0, 2, 6, 20, 80].map((amp) => {
      return scoreBackground(samples({ background: (x, y) => 100 + ((x + y) % 2 === 0 ? amp : 0) })).score;
    });
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeLessThan(scores[i - 1]!);
    expect(scores[0]).toBe(1);
    expect(scores[2]).toBe(0.5); // exactly at the texture limit
    for (const s of scores) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('handles no samples without dividing by zero', () => {
    const v = scoreBackground([]);
    expect(v.measures).toEqual({ texture: 0, motion: 0, personCoverage: 0, backgroundCoverage: 0 });
    expect(v.reasons).toEqual([REASONS.noPerson, REASONS.crowded]);
  });
});
