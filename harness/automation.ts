/**
 * The page the `restyle` CLI drives in headless Chromium. It runs the very same engine as the
 * app and answers in the CLI's JSON shape. Exposed as `window.restyleAutomation`.
 */
import { BUILTIN_PREFIX } from '../src/backgrounds/resolveBackground';
import { findBuiltin } from '../src/core/builtinBackgrounds';
import { decodeBackground } from '../src/media/pictures';
import { toErrorInfo, RestyleError, type ErrorInfo } from '../src/core/errors';
import type { BackgroundVerdict } from '../src/core/backgroundScore';
import { RestyleEngine, type Pipeline, type ProcessOptions } from '../src/media/engine';
import { DEFAULT_FAL_ENDPOINT } from '../src/core/falEndpoints';
import type { ProgressSnapshot } from '../src/core/progress';
import type { MattingKind } from '../src/core/domain';
import type { CompositorKind, CompositorTimes } from '../src/core/compositorPolicy';
import type { KernelKind } from '../src/core/pixelKernels';
import type { PipelineProfile } from '../src/protocol/webcodecs';
import type { SegmenterDelegate } from '../src/core/segmenterDelegate';
import { addBackground } from '../src/services/storage/backgrounds';
import { PROFILE_PREFIX } from '../src/services/storage/profile';
import { importProfileFile } from '../src/profile/profileFile';
import { trimFromOptions } from '../src/core/trim';

/** The engine's own choices (pipeline, refine, compositor, colour match, segmenter, matte), as the CLI's flags set them. */
export interface AutomationOptions extends Pick<ProcessOptions, 'pipeline' | 'refine' | 'compositor' | 'kernels' | 'colourMatch' | 'segmenter' | 'matte'> {
  /** "builtin:NAME", "upload" for the image in #background, or "profile" for the exported profile in #profile. */
  background: string;
  /** With "profile": which of its backgrounds, 1-based; default its own pick. */
  pick?: number;
  blurSigma: number;
  /** --start and --length (seconds); absent: from the start, up to 30 s. */
  start?: number | undefined;
  length?: number | undefined;
  /** "fal" needs falKey (the CLI reads it from FAL_KEY; it only lives in this page's memory). */
  matting?: MattingKind;
  falKey?: string;
}

export type AutomationResult =
  | {
      ok: true;
      /** The part made: its length and where in the clip it starts. */
      durationSec: number;
      startSec: number;
      width: number;
      height: number;
      fps: number;
      hasAudio: boolean;
      bgVerdict: Pick<BackgroundVerdict, 'clean' | 'score' | 'reasons' | 'notes'> | null;
      matting: MattingKind;
      pipeline: Pipeline;
      /** WebCodecs path only; compositorMs only when 'auto' measured. */
      compositor?: CompositorKind;
      compositorMs?: CompositorTimes;
      /** WebCodecs path, CPU compositor: which pixel kernels ran. */
      kernels?: KernelKind;
      /** WebCodecs path: each worker's time by stage (ms over the clip). */
      profile?: PipelineProfile;
      /** WebCodecs path with on-device matting only. */
      segmenter?: SegmenterDelegate;
      timingsSec: { precheck: number; matte: number; composite: number; mux: number; total: number };
    }
  | ({ ok: false; refused: boolean } & ErrorInfo);

declare global {
  interface Window {
    restyleAutomation: { run(opts: AutomationOptions): Promise<AutomationResult> };
    restyleProgress?: (p: ProgressSnapshot) => void;
  }
}

function fileOf(id: string): File | undefined {
  return (document.getElementById(id) as HTMLInputElement | null)?.files?.[0];
}

async function profileBackground(pick: number | undefined): Promise<string> {
  const file = fileOf('profile');
  if (!file) throw new RestyleError('bad-image', 'No profile file was given.');
  const doc = await importProfileFile(file);
  const index = pick === undefined ? doc.picked : pick - 1;
  if (index === null) {
    throw new RestyleError('bad-image', 'This profile has no picked background. Choose one with --pick N (1 to 5).');
  }
  if (!doc.backgrounds[index]) {
    throw new RestyleError('bad-image', `This profile has no background ${index + 1}. Choose one that was made (--pick N).`);
  }
  return `${PROFILE_PREFIX}${index}`;
}

async function backgroundId(choice: string, pick: number | undefined): Promise<string> {
  if (choice === 'profile') return profileBackground(pick);
  if (choice.startsWith(BUILTIN_PREFIX)) {
    if (!findBuiltin(choice.slice(BUILTIN_PREFIX.length))) {
      throw new RestyleError('bad-image', `There is no built-in background called "${choice.slice(BUILTIN_PREFIX.length)}".`);
    }
    return choice;
  }
  const file = fileOf('background');
  if (!file) throw new RestyleError('bad-image', 'No background image was given.');
  const image = await decodeBackground(file);
  const stored = await addBackground({ name: file.name, blob: image.blob, width: image.size.width, height: image.size.height });
  return stored.id;
}

/** Milliseconds are all the precision a timing needs. */
function roundAll<T extends Record<string, number>>(t: T): T {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v * 1000) / 1000])) as T;
}

/** Start-up timings to 0.01 ms; null (could not run) stays null. */
function roundMs(t: CompositorTimes): CompositorTimes {
  const r = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return { cpu: r(t.cpu), webgl2: r(t.webgl2) };
}

function download(blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'restyled.mp4';
  a.click();
}

window.restyleAutomation = {
  async run(opts) {
    const engine = new RestyleEngine();
    try {
      const file = fileOf('video');
      if (!file) throw new RestyleError('not-video', 'No video was given.');
      const start = performance.now();
      const info = await engine.probe(file);
      const trim = trimFromOptions(opts.start, opts.length, info.durationSec);
      const bg = await backgroundId(opts.background, opts.pick);
      if (opts.matting === 'fal' && !opts.falKey) throw new RestyleError('failed', 'fal.ai matting needs a key (FAL_KEY).');
      // The check runs alongside the video, as in the app when "Make my video" is pressed while it
      // runs: its decoding and model runs fill the gaps the pipeline leaves on the cores.
      const p0 = performance.now();
      let precheck = 0;
      const checked = engine.precheck(file, info, undefined, opts.matte, trim).then(
        (v) => {
          precheck = (performance.now() - p0) / 1000;
          return v;
        },
        (err: unknown) => {
          console.warn('the check failed:', err);
          return null;
        },
      );
      const made = engine.process(file, info, {
        backgroundId: bg,
        blurSigma: opts.blurSigma,
        matting:
          opts.matting === 'fal' && opts.falKey
            ? { kind: 'fal', config: { key: opts.falKey, endpoint: DEFAULT_FAL_ENDPOINT } }
            : { kind: 'local' },
        pipeline: opts.pipeline ?? 'auto',
        refine: opts.refine ?? true,
        compositor: opts.compositor ?? 'auto',
        kernels: opts.kernels ?? 'auto',
        segmenter: opts.segmenter ?? 'auto',
        colourMatch: opts.colourMatch ?? false,
        ...(opts.matte ? { matte: opts.matte } : {}),
        trim,
        onProgress: (p) => window.restyleProgress?.(p),
      });
      const [verdict, result] = await Promise.all([checked, made]);
      download(result.output);
      return {
        ok: true,
        durationSec: trim.lengthSec,
        startSec: trim.startSec,
        width: result.size.width,
        height: result.size.height,
        fps: result.fps,
        hasAudio: result.hasAudio,
        bgVerdict: verdict && { clean: verdict.clean, score: verdict.score, reasons: verdict.reasons, notes: verdict.notes ?? [] },
        matting: result.matting,
        pipeline: result.pipeline,
        ...(result.compositor ? { compositor: result.compositor } : {}),
        ...(result.compositorMs ? { compositorMs: roundMs(result.compositorMs) } : {}),
        ...(result.kernels ? { kernels: result.kernels } : {}),
        ...(result.profile ? { profile: result.profile } : {}),
        ...(result.segmenter ? { segmenter: result.segmenter } : {}),
        timingsSec: roundAll({ precheck, ...result.timings, total: (performance.now() - start) / 1000 }),
      };
    } catch (err) {
      const info = toErrorInfo(err);
      return { ok: false, refused: err instanceof RestyleError && err.isRefusal, ...info };
    } finally {
      engine.stop();
    }
  },
};
