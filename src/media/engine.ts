/**
 * One video, start to end, as the UI (and the CLI, through the automation page) runs it:
 * probe -> precheck -> [fal.ai: upload, matte there, mask video back] -> then either the streaming
 * WebCodecs path (webcodecsPath.ts; the default where the browser supports the clip) or the
 * ffmpeg.wasm path (ffmpegPath.ts). The page only orchestrates: the work runs in the media, matte
 * and WebCodecs workers. Cancel terminates every worker, which stops every stage at once and
 * frees their memory; they restart on the next call.
 */
import { proxy } from 'comlink';
import type { BackgroundVerdict } from '../core/backgroundScore';
import type { CompositorChoice, CompositorKind, CompositorTimes } from '../core/compositorPolicy';
import type { KernelChoice, KernelKind } from '../core/pixelKernels';
import type { PipelineProfile } from '../protocol/webcodecs';
import { RestyleError } from '../core/errors';
import { audioPlanFor } from '../core/ffmpegPlan';
import { rationalValue, toRational } from '../core/frameRate';
import { clampBlurSigma, evenSize, modelFor, type Size } from '../core/geometry';
import { DEFAULT_MATTE, maskGridFor, type MatteKind } from '../core/matteChoice';
import type { MaskVideoChannel } from '../core/maskPlane';
import { DEFAULT_REFINE, MASK_VIDEO_REFINE, NO_REFINE } from '../core/matteRefine';
import { CLOUD_STAGES, COMPOSITE_ONLY_STAGES, LOCAL_STAGES, ProgressTracker, WEBCODECS_STAGES, withToolsDownload, type ProgressSnapshot, type StageName } from '../core/progress';
import type { SegmenterChoice, SegmenterDelegate } from '../core/segmenterDelegate';
import type { FrameJob } from '../protocol/media';
import type { VideoInfo } from '../protocol/videoInfo';
import type { WebCodecsJob } from '../protocol/webcodecs';
import { BUILTIN_PREFIX, resolveBackground, type BackgroundImage } from '../backgrounds/resolveBackground';
import { choosePipeline, type Pipeline, type PipelineChoice } from './choosePipeline';
import { falMask, type CloudWait, type FalMatting } from './falMask';
import { compositeWithFfmpeg, onDeviceMask, type Mask } from './ffmpegPath';
import { checkBackground } from './precheck';
import { makeWithWebCodecs } from './webcodecsPath';
import { previewStill, type PreviewOptions } from './previewStill';
import { clampTrim, defaultTrim, isWhole, trimmedFrameCount, type Trim } from '../core/trim';
import { WorkerJob, type EngineWorkers } from './workerJob';
import { matteWorker, mediaWorker, webcodecsWorker } from './workers';
import { setSegmenterFiles } from './segmenterFiles';
import { FFMPEG } from '../shipped/runtimeFiles';
import { isKept } from '../shipped/download';
import { asksToSaveData } from './saveData';

export type { Pipeline, PipelineChoice } from './choosePipeline';
export type { PreviewOptions } from './previewStill';

/** Where the person's cut-out comes from: on the device, or fal.ai (falMask.ts). */
export type Matting = { kind: 'local' } | FalMatting;

export interface ProcessOptions {
  backgroundId: string;
  blurSigma: number;
  matting?: Matting;
  /**
   * Which pipeline makes the video on the device: 'auto' (default) takes WebCodecs when this
   * browser supports the clip (and fal.ai's mask video) and falls back to ffmpeg.wasm; the others
   * force one.
   */
  pipeline?: PipelineChoice;
  /** Matte refinement on the WebCodecs path (default on; for fal.ai masks only the part that helps them); off only to measure it. */
  refine?: boolean;
  /** Compositor on the WebCodecs path: 'auto' (default) = CPU on a software WebGL renderer, else both timed on the first frame; a forced one that fails is an error. */
  compositor?: CompositorChoice;
  /** The per-pixel kernels (compositing, downscale for the models, upright copy): 'auto' (default) = wasm SIMD where it runs; 'js' only to compare. */
  kernels?: KernelChoice;
  /** Tint the person towards the background's overall colour (WebCodecs path; default off). */
  colourMatch?: boolean;
  /** Where on-device segmentation runs on the WebCodecs path: 'auto' (default) = the GPU only on a real one. */
  segmenter?: SegmenterChoice;
  /** How on-device masks are made, on either path (default: src/core/matteChoice.ts). */
  matte?: MatteKind;
  /** The part of the clip to make (core/trim); default: all of it, or the first 30 s of a longer one. */
  trim?: Trim;
  signal?: AbortSignal;
  onProgress?: (p: ProgressSnapshot) => void;
}

export interface Timings {
  matte: number;
  composite: number;
  mux: number;
  total: number;
}

export interface ProcessResult {
  output: Blob;
  size: Size;
  fps: number;
  hasAudio: boolean;
  backgroundName: string;
  matting: Matting['kind'];
  /** Which pipeline made it. */
  pipeline: Pipeline;
  /** WebCodecs path only: the compositor that ran, and what 'auto' measured to choose it (ms per frame). */
  compositor?: CompositorKind;
  compositorMs?: CompositorTimes;
  /** WebCodecs path, CPU compositor: the pixel kernels it ran. */
  kernels?: KernelKind;
  /** WebCodecs path: where each worker's time went, by stage. */
  profile?: PipelineProfile;
  /** WebCodecs path with on-device matting: the delegate segmentation ran on. */
  segmenter?: SegmenterDelegate;
  timings: Timings;
}

/** The part of the clip made: its trim, the range the pipelines read (undefined: all of it) and its frames. */
function partOf(info: VideoInfo, trim: Trim | undefined): { trim: Trim; range: Trim | undefined; frameCount: number } {
  const t = trim ? clampTrim(trim, info.durationSec) : defaultTrim(info.durationSec);
  if (isWhole(t, info.durationSec)) return { trim: { startSec: 0, lengthSec: info.durationSec }, range: undefined, frameCount: info.frameCount };
  return { trim: t, range: t, frameCount: trimmedFrameCount(t, info.fps, info.frameCount) };
}

export class RestyleEngine {
  private readonly workers: EngineWorkers = { media: mediaWorker(), matte: matteWorker(), webcodecs: webcodecsWorker() };

  /** Stops all work now. */
  stop(): void {
    this.workers.media.terminate();
    this.workers.matte.terminate();
    this.workers.webcodecs.terminate();
  }

  /**
   * Fetches what on-device segmentation needs, for the app's first screen: on a first visit the
   * Check step and the first video wait on these files. Never throws: a failure (offline) shows
   * in the segmenterFiles store and the work that needs them says so itself.
   */
  async prepare(): Promise<void> {
    setSegmenterFiles({ phase: 'fetching', fraction: 0 });
    try {
      await this.workers.matte.call((api) => api.prepare(proxy((loaded: number, total: number) => setSegmenterFiles({ phase: 'fetching', fraction: total > 0 ? loaded / total : 0 }))));
      setSegmenterFiles({ phase: 'ready', fraction: 1 });
    } catch (err) {
      console.warn('[restyle] segmentation files not fetched', err);
      setSegmenterFiles({ phase: 'failed', fraction: 0 });
    }
  }

  /**
   * Starts fetching ffmpeg.wasm (32 MB, kept once fetched) when this clip will need it, so the
   * download runs while the person looks at the Check step; not when the browser asks to save
   * data (the video then fetches it when made). Never throws.
   */
  async prefetchToolsFor(file: Blob, info: VideoInfo): Promise<void> {
    if (asksToSaveData()) return;
    try {
      const job = this.job(undefined);
      if ((await choosePipeline(job, file, info, evenSize({ width: info.width, height: info.height }), 'auto')) !== 'ffmpeg') return;
      await job.call(this.workers.media, (api) => api.loadTools());
    } catch (err) {
      console.warn('[restyle] video tools not fetched ahead', err);
    }
  }

  /** Reads the clip's facts and checks the caps; throws a RestyleError a person can act on. */
  probe(file: File | Blob): Promise<VideoInfo> {
    return this.workers.media.call((api) => api.probe(file));
  }

  /**
   * Warn-only check of the recorded background: a few frames, segmented, scored on the background
   * pixels. Null when the browser can't decode this clip's frames (the video is still fine to make).
   */
  precheck(file: Blob, info: VideoInfo, signal?: AbortSignal, matte: MatteKind = DEFAULT_MATTE.kind, trim?: Trim): Promise<BackgroundVerdict | null> {
    return checkBackground(this.job(signal), file, info, matte, partOf(info, trim));
  }

  /**
   * The Background step's still: the frame at `opts.atSec` cut out and composited over the
   * background as the video will be (on the device, whatever the video's matting). Calls are not
   * cancelled, only answered: the caller keeps one in flight and takes the newest it asked for.
   */
  async preview(file: Blob, info: VideoInfo, opts: PreviewOptions): Promise<ImageBitmap> {
    const output = evenSize({ width: info.width, height: info.height });
    const image = await this.previewBackground(opts.backgroundId, output);
    return previewStill(this.job(undefined), file, this.clipKey(file), info, { id: opts.backgroundId, image }, opts);
  }

  /** Small pictures of the clip at these moments (the trim step's strip); null where one can't be decoded here. */
  thumbnails(file: Blob, timesSec: readonly number[], height: number): Promise<(ImageBitmap | null)[]> {
    return this.job(undefined).call(this.workers.webcodecs, (api) => api.thumbnails(file, timesSec, height));
  }

  private readonly clipKeys = new WeakMap<Blob, string>();
  private clipKey(file: Blob): string {
    let key = this.clipKeys.get(file);
    if (!key) this.clipKeys.set(file, (key = crypto.randomUUID()));
    return key;
  }

  /** Built-ins are drawn anew for each size: the last few are kept while the person looks through them. */
  private readonly builtins = new Map<string, Promise<BackgroundImage>>();
  private previewBackground(id: string, output: Size): Promise<BackgroundImage> {
    if (!id.startsWith(BUILTIN_PREFIX)) return resolveBackground(id, output);
    const key = `${id}|${output.width}x${output.height}`;
    let image = this.builtins.get(key);
    if (!image) {
      image = resolveBackground(id, output);
      this.builtins.set(key, image);
      image.catch(() => this.builtins.delete(key));
      for (const old of this.builtins.keys()) if (this.builtins.size > 8) this.builtins.delete(old);
    }
    return image;
  }

  async process(file: Blob, info: VideoInfo, opts: ProcessOptions): Promise<ProcessResult> {
    // The workers also work between calls (the matte worker serves the WebCodecs worker's frames
    // directly): none is released for idleness while a video is being made.
    const { media, matte, webcodecs } = this.workers;
    const holds = [media.hold(), matte.hold(), webcodecs.hold()];
    try {
      return await this.make(this.job(opts.signal), file, info, opts);
    } finally {
      for (const release of holds) release();
    }
  }

  private job(signal: AbortSignal | undefined): WorkerJob {
    return new WorkerJob(this.workers, signal, () => this.stop());
  }

  private async make(job: WorkerJob, file: Blob, whole: VideoInfo, opts: ProcessOptions): Promise<ProcessResult> {
    const matting = opts.matting ?? { kind: 'local' };
    const started = performance.now();
    // From here on, `info` is the part made: its length and frame count.
    const part = partOf(whole, opts.trim);
    const info: VideoInfo = { ...whole, durationSec: part.trim.lengthSec, frameCount: part.frameCount };
    if (part.range && matting.kind === 'fal') {
      throw new RestyleError('failed', 'fal.ai cuts out whole clips of up to 30 s. Cut this part out on this device, or trim the clip before picking it.');
    }
    const source = { width: info.width, height: info.height };
    const output = evenSize(source);
    const frames: FrameJob = { fps: toRational(info.fps), source, output, range: part.range };
    const audio = audioPlanFor(info.audioCodec);
    const choice = opts.pipeline ?? 'auto';
    const blurSigma = clampBlurSigma(opts.blurSigma);
    const matte = opts.matte ?? DEFAULT_MATTE.kind;
    // On-device: the pipeline is chosen now. fal.ai: once its mask video is here (it is checked too).
    let pipeline: Pipeline = matting.kind === 'local' ? await choosePipeline(job, file, info, output, choice) : 'ffmpeg';

    let tracker = new ProgressTracker(started, matting.kind === 'fal' ? CLOUD_STAGES : pipeline === 'webcodecs' ? WEBCODECS_STAGES : LOCAL_STAGES);
    const report = (stage: StageName, done: number, total: number, extra: CloudWait = {}) => {
      const snapshot = tracker.update(stage, done, total, performance.now());
      opts.onProgress?.({ ...snapshot, ...extra });
    };
    const onFrames = (stage: StageName) => proxy((n: number) => report(stage, n, info.frameCount));

    report('prepare', 0, 1);
    const background = await job.guard(resolveBackground(opts.backgroundId, output));
    report('prepare', 1, 1);
    const result = (made: Blob, via: Pipeline, timings: Timings): ProcessResult => ({
      output: made,
      size: output,
      fps: rationalValue(frames.fps),
      hasAudio: audio !== 'none',
      backgroundName: background.name,
      matting: matting.kind,
      pipeline: via,
      timings,
    });

    let cloud: { mask: Mask; blob: Blob; channel: MaskVideoChannel; seconds: number } | null = null;
    if (matting.kind === 'fal') {
      const c0 = performance.now();
      const mask = await falMask(job, file, info, frames, matting, report);
      if (!(mask.data instanceof Blob) || mask.source.kind !== 'video') throw new Error('fal.ai mask is not a video');
      cloud = { mask, blob: mask.data, channel: mask.source.channel, seconds: (performance.now() - c0) / 1000 };
      pipeline = await choosePipeline(job, file, info, output, choice, cloud.blob);
    }

    if (pipeline === 'webcodecs') {
      const model = modelFor(output);
      const options = { ...DEFAULT_MATTE, kind: matte, kernels: opts.kernels ?? 'auto' };
      const made: WebCodecsJob = {
        output,
        fps: rationalValue(frames.fps),
        frameCount: info.frameCount,
        maskGrid: maskGridFor(model, options),
        background: { blob: background.blob, size: background.size },
        blurSigma,
        refine: opts.refine === false ? NO_REFINE : cloud ? MASK_VIDEO_REFINE : DEFAULT_REFINE,
        withAudio: audio === 'copy',
        compositor: opts.compositor ?? 'auto',
        kernels: opts.kernels ?? 'auto',
        colourMatch: opts.colourMatch === true,
        ...(part.range ? { range: part.range } : {}),
        ...(cloud ? { maskVideo: { blob: cloud.blob, channel: cloud.channel } } : {}),
      };
      try {
        const done = await makeWithWebCodecs(job, file, made, { model: model.kind, options, segmenter: opts.segmenter ?? 'auto' }, onFrames('composite'));
        report('composite', info.frameCount, info.frameCount);
        return {
          ...result(new Blob([done.video as Uint8Array<ArrayBuffer>], { type: 'video/mp4' }), 'webcodecs', {
            ...done.timings,
            matte: done.timings.matte + (cloud?.seconds ?? 0),
            total: (performance.now() - started) / 1000,
          }),
          compositor: done.compositor,
          ...(done.compositorMs ? { compositorMs: done.compositorMs } : {}),
          ...(done.kernels ? { kernels: done.kernels } : {}),
          profile: done.profile,
          ...(done.segmenter ? { segmenter: done.segmenter } : {}),
        };
      } catch (err) {
        const forced = opts.pipeline === 'webcodecs' || (opts.compositor ?? 'auto') !== 'auto' || (opts.segmenter ?? 'auto') !== 'auto';
        if (forced || (err instanceof RestyleError && err.code === 'cancelled')) throw err;
        // 'auto': a codec that passed the checks can still fail mid-stream; the ffmpeg path can still make it.
        console.warn('WebCodecs pipeline failed; making the video with ffmpeg.wasm instead:', err);
        this.stop();
        // fal.ai's mask is already here: only the composite is left to do again.
        tracker = new ProgressTracker(performance.now(), cloud ? COMPOSITE_ONLY_STAGES : LOCAL_STAGES);
      }
    }

    // ffmpeg.wasm's 32 MB, fetched the first time a clip needs it (then kept): a stage of its own
    // on the device. After fal.ai's mask its bar already stands far along; it waits there instead.
    if (!cloud && !(await isKept(FFMPEG.wasm).catch(() => false))) {
      tracker = new ProgressTracker(performance.now(), withToolsDownload(LOCAL_STAGES));
      await job.call(this.workers.media, (api) => api.loadTools(proxy((loaded: number, total: number) => report('tools', loaded, total))));
    } else {
      await job.call(this.workers.media, (api) => api.loadTools());
    }
    const t0 = performance.now();
    const mask = cloud?.mask ?? (await onDeviceMask(job, file, frames, matte, onFrames));
    const matteSec = (performance.now() - t0) / 1000;
    const done = await compositeWithFfmpeg(job, file, { frames, mask, background: { blob: background.blob, size: background.size }, blurSigma, audio }, onFrames('composite'));
    report('composite', info.frameCount, info.frameCount);
    return result(new Blob([done.video as Uint8Array<ArrayBuffer>], { type: 'video/mp4' }), 'ffmpeg', {
      matte: matteSec + (cloud?.seconds ?? 0),
      composite: done.compositeSec,
      mux: done.muxSec,
      total: (performance.now() - started) / 1000,
    });
  }
}
