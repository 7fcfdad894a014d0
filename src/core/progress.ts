/**
 * Progress over the pipeline's stages, with an estimate of the time left. Pure: the caller
 * passes the clock, so tests can drive it.
 */
export type StageName = 'prepare' | 'extract' | 'matte' | 'composite';

/** Rough share of the total work per stage, measured on 720p clips with ffmpeg.wasm here. */
export const STAGE_WEIGHTS: Readonly<Record<StageName, number>> = {
  prepare: 0.02,
  extract: 0.18,
  matte: 0.2,
  composite: 0.6,
};
const ORDER: readonly StageName[] = ['prepare', 'extract', 'matte', 'composite'];

export interface ProgressSnapshot {
  stage: StageName;
  /** Units done in this stage (frames). */
  done: number;
  total: number;
  /** 0..1 over the whole job. */
  fraction: number;
  /** Seconds left, or null until there is enough to go on. */
  etaSec: number | null;
}

export class ProgressTracker {
  private readonly startMs: number;
  private maxFraction = 0;
  private sampleMs: number;
  private sampleFraction = 0;
  private smoothedRate: number | null = null;

  constructor(now: number) {
    this.startMs = now;
    this.sampleMs = now;
  }

  update(stage: StageName, done: number, total: number, now: number): ProgressSnapshot {
    const within = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
    let before = 0;
    for (const s of ORDER) {
      if (s === stage) break;
      before += STAGE_WEIGHTS[s];
    }
    // Never go backwards: a stage restarting its own count must not make the bar jump back.
    const fraction = Math.max(this.maxFraction, Math.min(1, before + STAGE_WEIGHTS[stage] * within));
    this.maxFraction = fraction;

    const dt = (now - this.sampleMs) / 1000;
    if (dt >= 0.5) {
      const rate = (fraction - this.sampleFraction) / dt;
      // Exponential smoothing keeps the estimate from jumping with each stage's own speed.
      this.smoothedRate = this.smoothedRate === null ? rate : 0.7 * this.smoothedRate + 0.3 * rate;
      this.sampleMs = now;
      this.sampleFraction = fraction;
    }
    const elapsed = (now - this.startMs) / 1000;
    let etaSec: number | null = null;
    if (fraction >= 1) etaSec = 0;
    else if (fraction > 0.03 && elapsed > 1) {
      const overall = fraction / elapsed;
      const rate = this.smoothedRate === null ? overall : 0.5 * overall + 0.5 * this.smoothedRate;
      etaSec = rate > 0 ? (1 - fraction) / rate : null;
    }
    return { stage, done, total, fraction, etaSec };
  }
}

export function formatEta(etaSec: number | null): string {
  if (etaSec === null) return 'Estimating time left…';
  if (etaSec < 5) return 'Almost done';
  const fiveSecSteps = Math.ceil(etaSec / 5) * 5;
  if (fiveSecSteps < 60) return `About ${fiveSecSteps} s left`;
  const min = Math.floor(etaSec / 60);
  const sec = Math.round((etaSec % 60) / 10) * 10;
  return sec === 0 || sec === 60 ? `About ${sec === 60 ? min + 1 : min} min left` : `About ${min} min ${sec} s left`;
}
