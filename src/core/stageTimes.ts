/**
 * Where a worker's time goes: milliseconds summed per named stage over a run (busy stages and
 * the waits between them), for `npm run bench -- --profile`'s timeline. Cheap enough to be always
 * on: a performance.now() on each side of a stage, a few times a frame.
 */
export type StageMs = Record<string, number>;

export class StageTimes {
  private readonly ms = new Map<string, number>();

  add(stage: string, ms: number): void {
    this.ms.set(stage, (this.ms.get(stage) ?? 0) + ms);
  }

  /** Runs `work`, adding its time to `stage`. */
  time<T>(stage: string, work: () => T): T {
    const t0 = performance.now();
    try {
      return work();
    } finally {
      this.add(stage, performance.now() - t0);
    }
  }

  /** Awaits `work`, adding the time until it settles to `stage`. */
  async wait<T>(stage: string, work: Promise<T> | (() => Promise<T>)): Promise<T> {
    const t0 = performance.now();
    try {
      return await (typeof work === 'function' ? work() : work);
    } finally {
      this.add(stage, performance.now() - t0);
    }
  }

  /** Adds another record's stages (a frame's, from another worker) to these. */
  merge(other: StageMs): void {
    for (const [stage, ms] of Object.entries(other)) this.add(stage, ms);
  }

  /** The record so far, and a fresh start. */
  take(): StageMs {
    const out = this.toJSON();
    this.ms.clear();
    return out;
  }

  toJSON(): StageMs {
    return Object.fromEntries(this.ms);
  }
}

/** Each stage's total over `frames`: ms per frame, to 0.01 ms. */
export function perFrame(stages: StageMs, frames: number): StageMs {
  return Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round((100 * v) / Math.max(1, frames)) / 100]));
}
