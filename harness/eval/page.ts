/**
 * The page `npm run eval:matte` drives in headless Chromium (eval.html): matte quality per clip,
 * the precheck's verdict per clip (through the app's own engine, as the wizard runs it), and the
 * overall figures. Exposed as `window.restyleEval`; returns numbers only.
 */
import { busyPrecisionRecall, meanOfClips, type MatteSummary } from '../../src/core/matteMetrics';
import type { BackgroundVerdict } from '../../src/core/backgroundScore';
import type { MatteKind } from '../../src/core/matteChoice';
import type { MatteSignals } from '../../src/core/backgroundScore';
import { RestyleEngine } from '../../src/media/engine';
import { evalMatteClip, stopMatteWorker, type MatteClip, type MatteClipResult } from './matteEval';

export interface PrecheckCase {
  label: 'clean' | 'busy';
  verdict: (Pick<BackgroundVerdict, 'clean' | 'score' | 'reasons' | 'measures'> & { matte?: MatteSignals }) | null;
}

export interface EvalOverall {
  raw: MatteSummary;
  refined: MatteSummary;
  ms: MatteClipResult['ms'];
  precheck: ReturnType<typeof busyPrecisionRecall> & { unscored: number };
}

declare global {
  interface Window {
    restyleEval: {
      matte(clip: MatteClip): Promise<MatteClipResult>;
      precheck(url: string, matte?: MatteKind): Promise<PrecheckCase['verdict']>;
      overall(matte: MatteClipResult[], precheck: PrecheckCase[]): EvalOverall;
      close(): void;
    };
    restyleEvalProgress?: (framesDone: number) => void;
  }
}

// One engine for all precheck clips: its workers (and the loaded model) are reused.
let engine: RestyleEngine | null = null;

window.restyleEval = {
  matte: (clip) => evalMatteClip(clip, (n) => window.restyleEvalProgress?.(n)),

  async precheck(url, matte) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`cannot fetch ${url}`);
    const file = new File([await res.blob()], url.split('/').pop() ?? 'clip.mp4', { type: 'video/mp4' });
    engine ??= new RestyleEngine();
    const info = await engine.probe(file);
    const v = await engine.precheck(file, info, undefined, matte);
    return v && { clean: v.clean, score: v.score, reasons: v.reasons, measures: v.measures, ...(v.matte ? { matte: v.matte } : {}) };
  },

  overall(matte, precheck) {
    const n = matte.length || 1;
    const scored = precheck.filter((c) => c.verdict !== null);
    return {
      raw: meanOfClips(matte.map((m) => m.raw)),
      refined: meanOfClips(matte.map((m) => m.refined)),
      ms: {
        segment: matte.reduce((s, m) => s + m.ms.segment, 0) / n,
        upsample: matte.reduce((s, m) => s + m.ms.upsample, 0) / n,
        refine: matte.reduce((s, m) => s + m.ms.refine, 0) / n,
      },
      precheck: {
        ...busyPrecisionRecall(scored.map((c) => ({ busy: c.label === 'busy', flagged: c.verdict?.clean === false }))),
        unscored: precheck.length - scored.length,
      },
    };
  },

  close() {
    stopMatteWorker();
    engine?.stop();
    engine = null;
  },
};
