/**
 * How clean is the background the person was recorded in front of? A flat, still wall mattes
 * well; texture and motion behind the person make the cut-out's edges rough. Pure: it scores a
 * few small sample frames (luma plus the segmenter's person mask), so it is cheap and testable.
 */

/** What the Check step's look at the matte found (core/matteCheck measures them). */
export interface MatteSignals {
  /** Share of the sampled moments with someone in them. */
  found: number;
  /** Share of the moments (with someone) where a whole-body framing reaches a side or the bottom of the picture. */
  outOfFrame: number;
  /** Mean change of the person's mask between consecutive frames (1 - IoU), over moments where the picture itself held still. */
  unsteady: number;
  /** Moments the unsteadiness was measured on (the picture held still). */
  steadyMoments: number;
  /** Mean share of the person's cells the matte is unsure of (confidence between 0.25 and 0.75). */
  unsure: number;
  /** Mean disagreement (1 - IoU) between the matte and the selfie model alone, over moments with someone. */
  disagree: number;
  /** The most people the matte cut out in any moment with someone (0 if nobody). */
  people: number;
}

export interface ScoreSample {
  width: number;
  height: number;
  /** Luma 0..255, row-major. */
  luma: Uint8Array;
  /** Person confidence 0..255, same size. */
  person: Uint8Array;
}

export interface BackgroundVerdict {
  clean: boolean;
  /** 0 (very busy) .. 1 (perfectly clean). */
  score: number;
  reasons: string[];
  /** The raw measures, for the eval and for tuning. */
  measures: { texture: number; motion: number; personCoverage: number; backgroundCoverage: number };
  /** The matte's own signals (src/core/matteCheck.ts); absent in verdicts saved before it had them. */
  matte?: MatteSignals;
  /** What the matte will do that is worth knowing but no problem (several people kept), in plain words. */
  notes?: string[];
}

/** Mean luma gradient over background pixels above which edges look rough (calibrated on test clips). */
export const TEXTURE_LIMIT = 6;
/** Mean luma change between samples over background pixels above which the background is "moving". */
export const MOTION_LIMIT = 8;
const SURE_BACKGROUND = 64;
const SURE_PERSON = 128;

export const REASONS = {
  busy: 'Busy background: edges around hair and shoulders may look rough.',
  moving: 'Moving background: things moving behind you may show through around the edges.',
  noPerson: "We couldn't find a person in this clip. Restyle works best with one person facing the camera.",
  crowded: 'You fill almost the whole frame, so there is little background to check.',
} as const;

export function scoreBackground(samples: readonly ScoreSample[]): BackgroundVerdict {
  let gradSum = 0;
  let gradCount = 0;
  let motionSum = 0;
  let motionCount = 0;
  let personPx = 0;
  let backgroundPx = 0;
  let totalPx = 0;

  samples.forEach((s, i) => {
    const { width: w, height: h, luma, person } = s;
    totalPx += w * h;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = y * w + x;
        const conf = person[p] ?? 0;
        if (conf >= SURE_PERSON) personPx++;
        if (conf >= SURE_BACKGROUND) continue;
        backgroundPx++;
        // Forward differences, counted only when the neighbour is background too, so the
        // person's own outline never reads as background texture.
        if (x + 1 < w && (person[p + 1] ?? 255) < SURE_BACKGROUND) {
          gradSum += Math.abs((luma[p + 1] ?? 0) - (luma[p] ?? 0));
          gradCount++;
        }
        if (y + 1 < h && (person[p + w] ?? 255) < SURE_BACKGROUND) {
          gradSum += Math.abs((luma[p + w] ?? 0) - (luma[p] ?? 0));
          gradCount++;
        }
      }
    }
    const prev = i > 0 ? samples[i - 1] : undefined;
    if (prev && prev.width === w && prev.height === h) {
      for (let p = 0; p < w * h; p++) {
        if ((person[p] ?? 255) < SURE_BACKGROUND && (prev.person[p] ?? 255) < SURE_BACKGROUND) {
          motionSum += Math.abs((luma[p] ?? 0) - (prev.luma[p] ?? 0));
          motionCount++;
        }
      }
    }
  });

  const texture = gradCount > 0 ? gradSum / gradCount : 0;
  const motion = motionCount > 0 ? motionSum / motionCount : 0;
  const personCoverage = totalPx > 0 ? personPx / totalPx : 0;
  const backgroundCoverage = totalPx > 0 ? backgroundPx / totalPx : 0;

  const reasons: string[] = [];
  if (personCoverage < 0.01) reasons.push(REASONS.noPerson);
  if (backgroundCoverage < 0.05) reasons.push(REASONS.crowded);
  if (texture > TEXTURE_LIMIT) reasons.push(REASONS.busy);
  if (motion > MOTION_LIMIT) reasons.push(REASONS.moving);

  // 1 at zero texture and motion, 0.5 at a limit, falling towards 0 beyond it.
  const busyness = Math.max(texture / TEXTURE_LIMIT, motion / MOTION_LIMIT);
  const score = Math.round((1 / (1 + busyness)) * 1000) / 1000;
  const clean = texture <= TEXTURE_LIMIT && motion <= MOTION_LIMIT;
  return { clean, score, reasons, measures: { texture, motion, personCoverage, backgroundCoverage } };
}
