import { describe, expect, it } from 'vitest';
import { perFrame, StageTimes } from '../../src/core/stageTimes';

describe('StageTimes', () => {
  it('sums each stage over calls, merges another record, and gives per-frame figures', async () => {
    const t = new StageTimes();
    t.add('decode', 3);
    t.add('decode', 2);
    expect(t.time('composite', () => 42)).toBe(42);
    await expect(t.wait('mask-wait', Promise.resolve('m'))).resolves.toBe('m');
    t.merge({ decode: 5, model: 7 });
    const record = t.toJSON();
    expect(record.decode).toBe(10);
    expect(record.model).toBe(7);
    expect(record.composite).toBeGreaterThanOrEqual(0);
    expect(Object.keys(record).sort()).toEqual(['composite', 'decode', 'mask-wait', 'model']);
    expect(perFrame({ decode: 10, model: 7 }, 4)).toEqual({ decode: 2.5, model: 1.75 });
  });

  it('counts a stage that throws, and take() starts afresh', () => {
    const t = new StageTimes();
    expect(() =>
      t.time('copy', () => {
        throw new Error('x');
      }),
    ).toThrow('x');
    expect(Object.keys(t.take())).toEqual(['copy']);
    expect(t.toJSON()).toEqual({});
  });
});
