// One download shared by everyone who asks meanwhile, with its progress; tried again after a failure.
import { describe, expect, it } from 'vitest';
import { SharedLoad } from '../../src/shipped/sharedLoad';

/** A load the test finishes by hand, reporting progress when told. */
function manual() {
  let starts = 0;
  let report: (loaded: number, total: number) => void = () => undefined;
  let settle: { resolve(v: string): void; reject(e: Error): void } | null = null;
  const load = new SharedLoad<string>((onProgress) => {
    starts++;
    report = onProgress;
    return new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  });
  return { load, starts: () => starts, report: (l: number, t: number) => report(l, t), settle: () => settle! };
}

describe('SharedLoad', () => {
  it('starts once for every caller meanwhile, and each hears the progress from where it stands', async () => {
    const m = manual();
    const first: number[] = [];
    const second: number[] = [];
    const a = m.load.get((l) => first.push(l));
    m.report(10, 100);
    const b = m.load.get((l) => second.push(l));
    m.report(60, 100);
    m.settle().resolve('done');
    expect(await a).toBe('done');
    expect(await b).toBe('done');
    expect(m.starts()).toBe(1);
    expect(first).toEqual([10, 60]);
    // The later caller is told at once how far it is, then the rest.
    expect(second).toEqual([10, 60]);
    // Kept once done: nothing starts again.
    expect(await m.load.get()).toBe('done');
    expect(m.starts()).toBe(1);
  });

  it('lets go of a failed load, so the next caller tries again', async () => {
    const m = manual();
    const failed = m.load.get();
    m.settle().reject(new Error('offline'));
    await expect(failed).rejects.toThrow('offline');
    await Promise.resolve();
    const again = m.load.get();
    expect(m.starts()).toBe(2);
    m.settle().resolve('back online');
    expect(await again).toBe('back online');
  });
});
