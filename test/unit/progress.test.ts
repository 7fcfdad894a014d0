import { describe, expect, it } from 'vitest';
import { CLOUD_STAGES, formatEta, LOCAL_STAGES, ProgressTracker, withToolsDownload, type StageName } from '../../src/core/progress';

const STAGE_WEIGHTS = Object.fromEntries(LOCAL_STAGES) as Record<StageName, number>;

const STAGES: StageName[] = ['prepare', 'extract', 'matte', 'composite'];
const FRAMES = 1000;

/** The stage and frame count a steady job is at when `f` of its whole work is done. */
function positionAt(f: number): { stage: StageName; done: number } {
  let before = 0;
  for (const stage of STAGES) {
    const w = STAGE_WEIGHTS[stage];
    if (f < before + w || stage === 'composite') {
      return { stage, done: Math.min(FRAMES, Math.round(((f - before) / w) * FRAMES)) };
    }
    before += w;
  }
  throw new Error('unreachable');
}

describe('stage plans', () => {
  it('cloud stages sum to 1 too', () => {
    expect(CLOUD_STAGES.reduce((sum, [, w]) => sum + w, 0)).toBeCloseTo(1, 10);
  });
  it('sum to 1 over the four stages', () => {
    expect(STAGES.reduce((sum, s) => sum + STAGE_WEIGHTS[s], 0)).toBeCloseTo(1, 10);
  });
});

describe('ProgressTracker', () => {
  it('places each stage after the ones before it', () => {
    const t = new ProgressTracker(0);
    expect(t.update('prepare', 0, 1, 0).fraction).toBe(0);
    expect(t.update('prepare', 1, 1, 100).fraction).toBeCloseTo(0.02, 10);
    expect(t.update('extract', 50, 100, 200).fraction).toBeCloseTo(0.02 + 0.09, 10);
    expect(t.update('matte', 0, 100, 300).fraction).toBeCloseTo(0.2, 10);
    expect(t.update('composite', 50, 100, 400).fraction).toBeCloseTo(0.7, 10);
  });

  it('reaches exactly 1 with an ETA of 0 when the last stage is done', () => {
    const t = new ProgressTracker(0);
    t.update('composite', 900, 1000, 20_000);
    const end = t.update('composite', 1000, 1000, 21_000);
    expect(end.fraction).toBe(1);
    expect(end.etaSec).toBe(0);
  });

  it('never goes backwards, even when a stage restarts its count or reports an earlier stage', () => {
    const t = new ProgressTracker(0);
    const seen: number[] = [];
    const calls: Array<[StageName, number, number]> = [
      ['prepare', 1, 1],
      ['extract', 600, 1000],
      ['extract', 10, 1000], // restarted count
      ['prepare', 0, 1], // late report from an earlier stage
      ['extract', 1000, 1000],
      ['matte', 0, 0], // unknown total
      ['matte', 500, 1000],
      ['matte', 2000, 1000], // over-reported
      ['composite', 0, 1000],
      ['composite', 300, 1000],
    ];
    calls.forEach(([stage, done, total], i) => {
      const snap = t.update(stage, done, total, i * 1000);
      expect(snap.stage).toBe(stage);
      expect(snap.done).toBe(done);
      expect(snap.total).toBe(total);
      seen.push(snap.fraction);
    });
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
    for (const f of seen) {
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(1);
    }
    expect(seen[2]).toBeCloseTo(0.02 + 0.18 * 0.6, 10); // the restart did not pull it back
    expect(seen[7]).toBeCloseTo(0.4, 10); // over-reporting is clamped to the stage's end
  });

  it('gives no ETA before there is enough to go on', () => {
    const t = new ProgressTracker(5_000);
    // Too early (under 1 s elapsed), however far along.
    expect(t.update('extract', 500, 1000, 5_500).etaSec).toBeNull();
    // Too little done (3% or less), however long it has run.
    const slow = new ProgressTracker(0);
    expect(slow.update('prepare', 1, 1, 3_000).etaSec).toBeNull();
    expect(slow.update('extract', 10, 1000, 6_000).etaSec).toBeNull();
    expect(slow.update('extract', 100, 1000, 9_000).etaSec).not.toBeNull();
  });

  it('estimates the time left of a steady 100 s job to within 20% after the first seconds', () => {
    const TOTAL_SEC = 100;
    const start = 1_700_000_000_000; // the clock need not start at 0
    const t = new ProgressTracker(start);
    const fractions: number[] = [];
    const etas: Array<number | null> = [];
    for (let i = 1; i <= 100; i++) {
      const sec = (i * TOTAL_SEC) / 100;
      const { stage, done } = positionAt(sec / TOTAL_SEC);
      const snap = t.update(stage, done, FRAMES, start + sec * 1000);
      fractions.push(snap.fraction);
      etas.push(snap.etaSec);
      expect(snap.fraction).toBeCloseTo(sec / TOTAL_SEC, 2);
      const remaining = TOTAL_SEC - sec;
      if (sec >= 5 && remaining > 0) {
        expect(snap.etaSec, `at ${sec} s`).not.toBeNull();
        expect(Math.abs(snap.etaSec! - remaining), `at ${sec} s: eta ${snap.etaSec}`).toBeLessThanOrEqual(0.2 * remaining);
      }
    }
    expect(etas[0]).toBeNull(); // 1 s in, 1% done
    expect(fractions.at(-1)).toBe(1);
    expect(etas.at(-1)).toBe(0);
    // Steady work: the estimate only ever comes down (allowing for frame rounding).
    const known = etas.filter((e): e is number => e !== null);
    for (let i = 1; i < known.length; i++) expect(known[i]!).toBeLessThanOrEqual(known[i - 1]! + 0.25);
  });

  it('raises the estimate when the work stalls', () => {
    const t = new ProgressTracker(0);
    let last: number | null = null;
    for (let sec = 1; sec <= 40; sec++) last = t.update('composite', sec * 10, 1000, sec * 1000).etaSec;
    expect(last).not.toBeNull();
    let stalled: number | null = null;
    for (let sec = 41; sec <= 60; sec++) stalled = t.update('composite', 400, 1000, sec * 1000).etaSec;
    expect(stalled).not.toBeNull();
    expect(stalled!).toBeGreaterThan(last!);
  });
});

describe('formatEta', () => {
  it('says it is estimating while there is no ETA', () => {
    expect(formatEta(null)).toBe('Estimating time left…');
  });

  it('says almost done under 5 s', () => {
    expect(formatEta(0)).toBe('Almost done');
    expect(formatEta(4.9)).toBe('Almost done');
    // Half way through a quick clip is not "almost done".
    expect(formatEta(4.9, 0.49)).toBe('A few seconds left');
    expect(formatEta(2, 0.9)).toBe('Almost done');
  });

  it('rounds seconds up to 5 s steps under a minute', () => {
    expect(formatEta(5)).toBe('About 5 s left');
    expect(formatEta(11)).toBe('About 15 s left');
    expect(formatEta(45)).toBe('About 45 s left');
  });

  it('uses minutes and tens of seconds from a minute on', () => {
    expect(formatEta(60)).toBe('About 1 min left');
    expect(formatEta(95)).toBe('About 1 min 40 s left');
    expect(formatEta(130)).toBe('About 2 min 10 s left');
    expect(formatEta(119)).toBe('About 2 min left'); // 1 min 60 s reads as 2 min
    expect(formatEta(56)).toBe('About 1 min left'); // never "60 s"
    expect(formatEta(600)).toBe('About 10 min left');
  });
});

describe('withToolsDownload', () => {
  it('puts the one-time download first and keeps the rest in proportion, adding up to 1', () => {
    const plan = withToolsDownload(LOCAL_STAGES);
    expect(plan[0]?.[0]).toBe('tools');
    expect(plan.slice(1).map(([s]) => s)).toEqual(LOCAL_STAGES.map(([s]) => s));
    expect(plan.reduce((sum, [, w]) => sum + w, 0)).toBeCloseTo(1, 10);
    const composite = (p: typeof plan) => p.find(([s]) => s === 'composite')?.[1] ?? 0;
    const extract = (p: typeof plan) => p.find(([s]) => s === 'extract')?.[1] ?? 1;
    expect(composite(plan) / extract(plan)).toBeCloseTo(composite(LOCAL_STAGES) / extract(LOCAL_STAGES), 10);
  });

  it('lets the bar move through the download, then on through the stages after it', () => {
    const t = new ProgressTracker(0, withToolsDownload(LOCAL_STAGES));
    const half = t.update('tools', 16, 32, 1000).fraction;
    const after = t.update('extract', 0, 100, 2000).fraction;
    expect(half).toBeGreaterThan(0.1);
    expect(after).toBeGreaterThan(half);
  });
});
