/**
 * Progress over the pipeline's stages, with an estimate of the time left. Pure: the caller
 * passes the clock, so tests can drive it.
 */
export type StageName = 'prepare' | 'tools' | 'extract' | 'matte' | 'upload' | 'cloud' | 'download' | 'composite';

/** The stages of one kind of job, in order, with their rough share of the total time. */
export type StagePlan = ReadonlyArray<readonly [StageName, number]>;

/** On-device matting, measured on 720p clips with ffmpeg.wasm here. */
export const LOCAL_STAGES: StagePlan = [
  ['prepare', 0.02],
  ['extract', 0.18],
  ['matte', 0.2],
  ['composite', 0.6],
];

/** The streaming WebCodecs path: every frame goes through all its stages at once, so one count. */
export const WEBCODECS_STAGES: StagePlan = [
  ['prepare', 0.02],
  ['composite', 0.98],
];

/** Only the composite left to do (fal.ai's mask is here, the first attempt at compositing failed). */
export const COMPOSITE_ONLY_STAGES: StagePlan = [['composite', 1]];

/** fal.ai matting: the upload and the queue dominate; the local composite is the same as above. */
export const CLOUD_STAGES: StagePlan = [
  ['prepare', 0.01],
  ['upload', 0.19],
  ['cloud', 0.4],
  ['download', 0.05],
  ['composite', 0.35],
];

/** Share of the time the first download of ffmpeg.wasm (32 MB) takes before the ffmpeg path's stages. */
const TOOLS_SHARE = 0.3;

/** `plan` with the one-time download of the video tools (ffmpeg.wasm) first: the rest keeps its proportions. */
export function withToolsDownload(plan: StagePlan): StagePlan {
  return [['tools', TOOLS_SHARE], ...plan.map(([stage, share]) => [stage, share * (1 - TOOLS_SHARE)] as const)];
}

export interface ProgressSnapshot {
  stage: StageName;
  /** Units done in this stage (frames). */
  done: number;
  total: number;
  /** 0..1 over the whole job. */
  fraction: number;
  /** Seconds left, or null until there is enough to go on. */
  etaSec: number | null;
  /** While waiting in fal.ai's queue: the place in it (0 when next, or not told). */
  queuePosition?: number;
  /** fal.ai's status checks are failing and being tried again. */
  retrying?: boolean;
}

export class ProgressTracker {
  private readonly startMs: number;
  private maxFraction = 0;
  private sampleMs: number;
  private sampleFraction = 0;
  private smoothedRate: number | null = null;

  constructor(
    now: number,
    private readonly plan: StagePlan = LOCAL_STAGES,
  ) {
    this.startMs = now;
    this.sampleMs = now;
  }

  update(stage: StageName, done: number, total: number, now: number): ProgressSnapshot {
    const within = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
    let before = 0;
    let weight = 0;
    for (const [s, w] of this.plan) {
      if (s === stage) {
        weight = w;
        break;
      }
      before += w;
    }
    // Never go backwards: a stage restarting its own count must not make the bar jump back.
    const fraction = Math.max(this.maxFraction, Math.min(1, before + weight * within));
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

/** `fraction`: how much is done (0..1); "Almost done" only near the end, never half way through a quick clip. */
export function formatEta(etaSec: number | null, fraction = 1): string {
  if (etaSec === null) return 'Estimating time left…';
  if (etaSec < 5) return fraction >= 0.85 ? 'Almost done' : 'A few seconds left';
  const fiveSecSteps = Math.ceil(etaSec / 5) * 5;
  if (fiveSecSteps < 60) return `About ${fiveSecSteps} s left`;
  const min = Math.floor(etaSec / 60);
  const sec = Math.round((etaSec % 60) / 10) * 10;
  return sec === 0 || sec === 60 ? `About ${sec === 60 ? min + 1 : min} min left` : `About ${min} min ${sec} s left`;
}
