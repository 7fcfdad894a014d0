import { describe, expect, it } from 'vitest';
import { bandRadiusFor, busyPrecisionRecall, edgeBand, frameIoU, MatteScorer, meanOfClips, feetIoU } from '../../src/core/matteMetrics';

const u8 = (...v: number[]) => new Uint8Array(v);

describe('frameIoU', () => {
  it('thresholds both alphas at 128 and divides overlap by union', () => {
    // person: pred {0,1}, truth {0,2} -> overlap 1, union 3
    expect(frameIoU(u8(255, 255, 0, 0), u8(255, 0, 255, 0))).toBeCloseTo(1 / 3, 12);
    // 128 is person, 127 is not
    expect(frameIoU(u8(128, 127), u8(255, 0))).toBe(1);
    expect(frameIoU(u8(127, 127), u8(255, 0))).toBe(0);
  });

  it('is 1 when neither has any person', () => {
    expect(frameIoU(u8(0, 10, 127), u8(0, 0, 0))).toBe(1);
  });
});

describe('edgeBand', () => {
  it('marks pixels within the radius of the edge along a row', () => {
    const truth = u8(255, 255, 255, 0, 0, 0);
    expect([...edgeBand(truth, 6, 1, 1)]).toEqual([0, 0, 1, 1, 0, 0]);
    expect([...edgeBand(truth, 6, 1, 2)]).toEqual([0, 1, 1, 1, 1, 0]);
  });

  it('uses a square window in 2-D and no edge along the frame border', () => {
    // 5x3, person in the top-left 2x2 block
    const truth = u8(
      255, 255, 0, 0, 0,
      255, 255, 0, 0, 0,
      0, 0, 0, 0, 0,
    );
    // the corner pixel's window, clipped by the frame, is all person: not in the band
    expect([...edgeBand(truth, 5, 3, 1)]).toEqual([
      0, 1, 1, 0, 0,
      1, 1, 1, 0, 0,
      1, 1, 1, 0, 0,
    ]);
    // all person: the frame border is no edge
    expect([...edgeBand(new Uint8Array(6).fill(255), 3, 2, 1)]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('scales the radius with the frame: 8 px at 720p either way round', () => {
    expect(bandRadiusFor({ width: 1280, height: 720 })).toBe(8);
    expect(bandRadiusFor({ width: 720, height: 1280 })).toBe(8);
    expect(bandRadiusFor({ width: 1920, height: 1080 })).toBe(12);
  });
});

describe('MatteScorer', () => {
  it('computes IoU, edge error and flicker on a hand-worked 4x1 clip', () => {
    // Truth holds still: person | person | bg | bg; with radius 1 the band is pixels 1 and 2.
    const truth = u8(255, 255, 0, 0);
    const band = edgeBand(truth, 4, 1, 1);
    expect([...band]).toEqual([0, 1, 1, 0]);
    const s = new MatteScorer(4);
    s.add(u8(255, 204, 51, 0), truth, band); // band errors 51, 51 = 0.2, 0.2
    s.add(u8(255, 153, 102, 0), truth, band); // band errors 0.4, 0.4; changes 0, 0.2, 0.2, 0
    const r = s.summary();
    expect(r.frames).toBe(2);
    expect(r.iou).toBe(1);
    expect(r.iouMin).toBe(1);
    expect(r.edgeError).toBeCloseTo((0.2 + 0.2 + 0.4 + 0.4) / 4, 12);
    expect(r.flickerEdge).toBeCloseTo(0.2, 12);
    expect(r.flickerAll).toBeCloseTo(0.1, 12);
  });

  it('leaves pixels whose truth changed out of the flicker', () => {
    const s = new MatteScorer(3);
    const none = u8(0, 0, 0);
    s.add(u8(0, 0, 0), u8(255, 0, 0), none);
    // pixel 0's truth changed (255 -> 0): its change of 255 is the person moving, not flicker;
    // pixel 1 held still and changed by 51 (0.2); pixel 2 held still and did not change.
    s.add(u8(255, 51, 0), u8(0, 0, 0), none);
    const r = s.summary();
    expect(r.flickerAll).toBeCloseTo(0.1, 12);
    expect(r.flickerEdge).toBe(0); // no band pixels at all
    // frame 0: pred has no person, truth has one -> 0; frame 1: pred person, truth none -> 0
    expect(r.iou).toBe(0);
    expect(r.iouMin).toBe(0);
  });

  it('says which frame was the worst', () => {
    const s = new MatteScorer(2);
    const none = u8(0, 0);
    s.add(u8(255, 255), u8(255, 255), none); // 1
    s.add(u8(255, 0), u8(255, 255), none); // 0.5
    s.add(u8(255, 255), u8(255, 0), none); // 0.5, not worse
    expect(s.summary().iouMinFrame).toBe(1);
  });
});

describe('meanOfClips', () => {
  it('weighs every clip the same, adds up frames and keeps the worst frame', () => {
    const a = { frames: 10, iou: 0.8, iouMin: 0.5, iouMinFrame: 3, edgeError: 0.1, flickerEdge: 0.02, flickerAll: 0.001, feetIou: 0.9, itemKept: null };
    const b = { frames: 30, iou: 0.6, iouMin: 0.4, iouMinFrame: 7, edgeError: 0.3, flickerEdge: 0.04, flickerAll: 0.003, feetIou: null, itemKept: 0.4 };
    const m = meanOfClips([a, b]);
    expect(m.frames).toBe(40);
    expect(m.iou).toBeCloseTo(0.7, 12);
    expect(m.iouMin).toBe(0.4);
    expect(m.edgeError).toBeCloseTo(0.2, 12);
    expect(m.flickerEdge).toBeCloseTo(0.03, 12);
    expect(m.flickerAll).toBeCloseTo(0.002, 12);
    // only clips that measured feet count towards it
    expect(m.feetIou).toBeCloseTo(0.9, 12);
    expect(m.itemKept).toBeCloseTo(0.4, 12);
  });
});

describe('item kept', () => {
  // A 10 x 20 frame: the person is columns 2..5, rows 5..14; a bag hangs beside them, columns 6..8, rows 9..12.
  const W = 10;
  const truth = new Uint8Array(200);
  for (let y = 5; y < 15; y++) truth.fill(255, y * W + 2, y * W + 6);
  const items = new Uint8Array(200);
  for (let y = 9; y < 13; y++) items.fill(255, y * W + 6, y * W + 9);
  for (let i = 0; i < 200; i++) truth[i] = Math.max(truth[i]!, items[i]!);

  it('is the share of the items\' pixels kept, pooled over frames', () => {
    const s = new MatteScorer(200, W);
    s.add(truth, truth, new Uint8Array(200), items); // all 12 kept
    const lost = truth.slice();
    for (let y = 9; y < 13; y++) lost.fill(0, y * W + 7, y * W + 9); // 8 of 12 lost, the body kept
    s.add(lost, truth, new Uint8Array(200), items);
    expect(s.summary().itemKept).toBeCloseTo(16 / 24, 12);
  });

  it('is null for clips without items', () => {
    const s = new MatteScorer(200, W);
    s.add(truth, truth, new Uint8Array(200));
    expect(s.summary().itemKept).toBeNull();
  });
});

describe('feetIoU', () => {
  // A 10 x 20 frame; the true person is columns 2..5, rows 5..14 (10 rows: the lowest fifth is rows 13..14).
  const W = 10;
  const truth = new Uint8Array(200);
  for (let y = 5; y < 15; y++) truth.fill(255, y * W + 2, y * W + 6);

  it('scores only the lowest fifth of the true person box', () => {
    const pred = truth.slice();
    // wrong everywhere above the feet: no effect
    for (let y = 5; y < 13; y++) pred.fill(0, y * W + 2, y * W + 6);
    expect(feetIoU(pred, truth, W)).toBe(1);
  });

  it('falls when the feet fade', () => {
    const pred = truth.slice();
    pred.fill(0, 14 * W + 2, 14 * W + 6); // the last row lost: 4 of 8 feet pixels
    expect(feetIoU(pred, truth, W)).toBeCloseTo(0.5, 12);
  });

  it('is null without a person', () => {
    expect(feetIoU(new Uint8Array(200), new Uint8Array(200), W)).toBeNull();
  });

  it('is reported by the scorer when it knows the width', () => {
    const s = new MatteScorer(200, W);
    s.add(truth, truth, new Uint8Array(200));
    expect(s.summary().feetIou).toBe(1);
    expect(new MatteScorer(200).summary().feetIou).toBeNull();
  });
});

describe('busyPrecisionRecall', () => {
  it('counts the confusion matrix of the busy verdict', () => {
    const r = busyPrecisionRecall([
      { busy: true, flagged: true },
      { busy: true, flagged: true },
      { busy: true, flagged: false },
      { busy: false, flagged: true },
      { busy: false, flagged: false },
      { busy: false, flagged: false },
    ]);
    expect(r).toEqual({ tp: 2, fp: 1, fn: 1, tn: 2, precision: 2 / 3, recall: 2 / 3 });
  });

  it('reports precision 1 when nothing was flagged', () => {
    expect(busyPrecisionRecall([{ busy: true, flagged: false }])).toMatchObject({ precision: 1, recall: 0 });
  });
});
