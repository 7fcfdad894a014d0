import { describe, expect, it } from 'vitest';
import { FrameClock } from '../../src/core/frameClock';

describe('FrameClock', () => {
  it('keeps each frame’s own time, shifted to start at 0 (variable frame rate survives)', () => {
    const clock = new FrameClock(33_333);
    const input = [
      [1_000_000, 33_333],
      [1_033_333, 33_333],
      [1_100_000, 66_667], // a dropped frame: a longer gap
      [1_116_667, 16_667], // then a burst at 60 fps
    ] as const;
    expect(input.map(([t, d]) => clock.next(t, d))).toEqual([
      { timestampUs: 0, durationUs: 33_333 },
      { timestampUs: 33_333, durationUs: 33_333 },
      { timestampUs: 100_000, durationUs: 66_667 },
      { timestampUs: 116_667, durationUs: 16_667 },
    ]);
  });

  it('never repeats or goes back, and fills in missing durations', () => {
    const clock = new FrameClock(40_000);
    expect(clock.next(0, 0)).toEqual({ timestampUs: 0, durationUs: 40_000 });
    expect(clock.next(0, Number.NaN)).toEqual({ timestampUs: 1, durationUs: 40_000 });
    expect(clock.next(-5, 40_000).timestampUs).toBe(2);
    expect(clock.next(80_000, 40_000).timestampUs).toBe(80_000);
  });
});
