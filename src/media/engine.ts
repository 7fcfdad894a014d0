/**
 * The per-video pipeline as the UI (and the CLI, through the automation page) runs it:
 * probe -> precheck -> [fal.ai: upload, matte there, mask video back] -> then either the streaming
 * WebCodecs path (WebCodecs worker + matte worker or the mask video, frame by frame; the default
 * where the browser supports the clip) or the ffmpeg.wasm path (small frames -> masks -> composite
 * -> mux in the media and matte workers; or fal's mask video -> composite -> mux). The UI thread only
 * orchestrates. Cancel terminates every worker, which stops every stage at once and frees their
 * memory; they restart on the next call.
 */
import type { BackgroundVerdict } from '../core/backgroundScore';
import { RestyleError, ServiceError } from '../core/errors';
import { audioPlanFor } from '../core/ffmpegPlan';
import { rationalValue, toRational } from '../core/frameRate';
import { DEFAULT_MATTE, maskGridFor, matteFrameFor, type MatteKind, type MatteOptions } from '../core/matteChoice';
import { clipVerdict } from '../core/matteCheck';
import type { FrameJob, PrecheckFrames } from '../protocol/media';
import { clampBlurSigma, evenSize, modelFor, type Size } from '../core/geometry';
import { CLOUD_STAGES, COMPOSITE_ONLY_STAGES, WEBCODECS_STAGES, LOCAL_STAGES, ProgressTracker, type ProgressSnapshot, type StageName } from '../core/progress';
import { maskMismatch } from '../core/maskCheck';
import { getFalEndpoint } from '../core/falEndpoints';
import type { MaskSource } from '../core/ffmpegPlan';
import type { FalConfig } from '../services/fal';
import { resolveBackground } from '../backgrounds/resolveBackground';
import type { RemoteOutcome } from '../protocol/outcome';
import type { VideoInfo } from '../protocol/videoInfo';
import { abortable } from './abortable';
import { matteWorker, mediaWorker, webcodecsWorker } from './workers';
import type { WorkerHandle } from './workerHandle';
import type { WebCodecsJob, WebCodecsResult } from '../protocol/webcodecs';
import { DEFAULT_REFINE, MASK_VIDEO_REFINE, NO_REFINE, type RefineSettings } from '../core/matteRefine';
import type { MaskVideoChannel } from '../core/maskPlane';
import type { SegmenterChoice, SegmenterDelegate } from '../core/segmenterDelegate';
import type { CompositorChoice, CompositorKind, CompositorTimes } from '../core/compositorPolicy';
import { webcodecsBlocker } from '../core/webcodecsPlan';
import type { BackgroundImage } from '../backgrounds/resolveBackground';
import { proxy, transfer } from 'comlink';

export const PRECHECK_SAMPLES = 5;

/** Where the person's cut-out comes from. */
/**
 * fal.ai's `resume`: the request id of a job already paid for with this clip on this endpoint, to
 * fetch its result again; `onRequest` hears which job to fetch next time (null: none, make anew).
 */
export type Matting =
  | { kind: 'local' }
  | { kind: 'fal'; config: FalConfig; resume?: string | undefined; onRequest?: ((requestId: string | null) => void) | undefined };

interface Mask {
  data: Uint8Array | Blob;
  source: MaskSource;
}

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
  /** Compositor on the WebCodecs path: 'auto' (default) times both on the first frame; a forced one that fails is an error. */
  compositor?: CompositorChoice;
  /** Tint the person towards the background's overall colour (WebCodecs path; default off). */
  colourMatch?: boolean;
  /** Where on-device segmentation runs on the WebCodecs path: 'auto' (default) = the GPU only on a real one. */
  segmenter?: SegmenterChoice;
  /** How on-device masks are made, on either path (default: src/core/matteChoice.ts). */
  matte?: MatteKind;
  signal?: AbortSignal;
  onProgress?: (p: ProgressSnapshot) => void;
}

export type PipelineChoice = 'auto' | 'webcodecs' | 'ffmpeg';
export type Pipeline = Exclude<PipelineChoice, 'auto'>;

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
  /** WebCodecs path with on-device matting: the delegate segmentation ran on. */
  segmenter?: SegmenterDelegate;
  timings: Timings;
}

export class RestyleEngine {
  private readonly media = mediaWorker();
  private readonly matte = matteWorker();
  private readonly webcodecs = webcodecsWorker();

  /** Stops all work now. */
  stop(): void {
    this.media.terminate();
    this.matte.terminate();
    this.webcodecs.terminate();
  }

  /** Reads the clip's facts and checks the caps; throws a RestyleError a person can act on. */
  async probe(file: File | Blob): Promise<VideoInfo> {
    return this.media.call((api) => api.probe(file));
  }

  /**
   * Warn-only check of the recorded background: a few frames (decoded in the media worker),
   * segmented, scored on the background pixels. Null when the browser can't decode this clip's
   * frames (the video is still fine to process).
   */
  async precheck(file: Blob, info: VideoInfo, signal?: AbortSignal, matte: MatteKind = DEFAULT_MATTE.kind): Promise<BackgroundVerdict | null> {
    let sampled: PrecheckFrames | null;
    try {
      sampled = await this.call(this.media, (api) => api.samplePrecheckFrames(file, info.durationSec, 1 / info.fps, PRECHECK_SAMPLES), signal);
    } catch (err) {
      if (err instanceof RestyleError && err.code === 'cancelled') throw err;
      console.warn('precheck could not sample frames:', err);
      return null;
    }
    // This browser can't show the clip's pictures (HEVC here): no verdict, the clip can still be made.
    if (!sampled) return null;
    const model = modelFor(sampled.size);
    const options: MatteOptions = { ...DEFAULT_MATTE, kind: matte };
    const { frames, size, matrix } = sampled;
    const pairs = await this.call(this.matte, (api) => api.checkFrames(model.kind, transfer(frames, [frames.buffer]), size, matrix, maskGridFor(model, options), options), signal);
    return clipVerdict(pairs, model);
  }

  async process(file: Blob, info: VideoInfo, opts: ProcessOptions): Promise<ProcessResult> {
    // The workers also work between calls (the matte worker serves the WebCodecs worker's frames
    // directly): none is released for idleness while a video is being made.
    const holds = [this.media.hold(), this.matte.hold(), this.webcodecs.hold()];
    try {
      return await this.make(file, info, opts);
    } finally {
      for (const release of holds) release();
    }
  }

  private async make(file: Blob, info: VideoInfo, opts: ProcessOptions): Promise<ProcessResult> {
    const { signal } = opts;
    const matting = opts.matting ?? { kind: 'local' };
    const started = performance.now();
    const source = { width: info.width, height: info.height };
    const output = evenSize(source);
    const job = { fps: toRational(info.fps), source, output };
    const audio = audioPlanFor(info.audioCodec);
    const choice = opts.pipeline ?? 'auto';
    // On-device: the pipeline is chosen now. fal.ai: once its mask video is here (it is checked too).
    let pipeline: Pipeline = matting.kind === 'local' ? await this.choosePipeline(file, info, output, choice, signal) : 'ffmpeg';

    let tracker = new ProgressTracker(started, matting.kind === 'fal' ? CLOUD_STAGES : pipeline === 'webcodecs' ? WEBCODECS_STAGES : LOCAL_STAGES);
    const report = (stage: StageName, done: number, total: number, queuePosition?: number) => {
      const snapshot = tracker.update(stage, done, total, performance.now());
      opts.onProgress?.(queuePosition === undefined ? snapshot : { ...snapshot, queuePosition });
    };
    const onFrames = (stage: StageName) => proxy((n: number) => report(stage, n, info.frameCount));

    report('prepare', 0, 1);
    const background = await this.abortable(resolveBackground(opts.backgroundId, output), signal);
    report('prepare', 1, 1);

    let cloud: { mask: Mask; blob: Blob; channel: MaskVideoChannel; seconds: number } | null = null;
    if (matting.kind === 'fal') {
      const c0 = performance.now();
      const mask = await this.cloudMask(file, info, job, matting, signal, report);
      if (!(mask.data instanceof Blob) || mask.source.kind !== 'video') throw new Error('fal.ai mask is not a video');
      cloud = { mask, blob: mask.data, channel: mask.source.channel, seconds: (performance.now() - c0) / 1000 };
      pipeline = await this.choosePipeline(file, info, output, choice, signal, cloud.blob);
    }

    if (pipeline === 'webcodecs') {
      try {
        const refine = opts.refine === false ? NO_REFINE : cloud ? MASK_VIDEO_REFINE : DEFAULT_REFINE;
        const made = await this.makeWithWebCodecs(file, info, output, background, clampBlurSigma(opts.blurSigma), refine, opts.compositor ?? 'auto', opts.segmenter ?? 'auto', audio === 'copy', signal, onFrames('composite'), cloud ?? undefined, opts.colourMatch === true, opts.matte);
        report('composite', info.frameCount, info.frameCount);
        return {
          output: new Blob([made.video as Uint8Array<ArrayBuffer>], { type: 'video/mp4' }),
          size: output,
          fps: rationalValue(job.fps),
          hasAudio: audio !== 'none',
          backgroundName: background.name,
          matting: matting.kind,
          pipeline: 'webcodecs',
          compositor: made.compositor,
          ...(made.compositorMs ? { compositorMs: made.compositorMs } : {}),
          ...(made.segmenter ? { segmenter: made.segmenter } : {}),
          timings: { ...made.timings, matte: made.timings.matte + (cloud?.seconds ?? 0), total: (performance.now() - started) / 1000 },
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

    const t0 = performance.now();
    const mask = cloud?.mask ?? (await this.localMask(file, job, opts.matte ?? DEFAULT_MATTE.kind, signal, onFrames));
    const t1 = performance.now();
    const compositeJob = {
      ...job,
      mask: mask.source,
      background: { blob: background.blob, size: background.size },
      blurSigma: clampBlurSigma(opts.blurSigma),
    };
    const masks = mask.data instanceof Blob ? mask.data : transfer(mask.data, [mask.data.buffer]);
    const video = await this.call(this.media, (api) => api.composite(file, masks, compositeJob, onFrames('composite')), signal);
    const t2 = performance.now();
    const muxed = await this.call(this.media, (api) => api.mux(transfer(video, [video.buffer]), file, audio), signal);
    const t3 = performance.now();
    report('composite', info.frameCount, info.frameCount);

    return {
      output: new Blob([muxed as Uint8Array<ArrayBuffer>], { type: 'video/mp4' }),
      size: output,
      fps: rationalValue(job.fps),
      hasAudio: audio !== 'none',
      backgroundName: background.name,
      matting: matting.kind,
      pipeline: 'ffmpeg',
      timings: {
        matte: (t1 - t0) / 1000 + (cloud?.seconds ?? 0),
        composite: (t2 - t1) / 1000,
        mux: (t3 - t2) / 1000,
        total: (t3 - started) / 1000,
      },
    };
  }

  /** WebCodecs when asked or when 'auto' finds this browser can take the clip (and its mask video); else ffmpeg.wasm. */
  private async choosePipeline(file: Blob, info: VideoInfo, output: Size, choice: PipelineChoice, signal: AbortSignal | undefined, maskVideo?: Blob): Promise<Pipeline> {
    if (choice === 'ffmpeg') return 'ffmpeg';
    const reason =
      webcodecsBlocker({ audioCodec: info.audioCodec, rotation: info.rotation }) ??
      (await this.call(this.webcodecs, (api) => api.unsupportedReason(file, output, rationalValue(toRational(info.fps))), signal)) ??
      (maskVideo ? await this.call(this.webcodecs, (api) => api.maskUnsupportedReason(maskVideo, output), signal) : null);
    if (reason === null) return 'webcodecs';
    if (choice === 'webcodecs') {
      throw new RestyleError('failed', `This browser can't make this video with WebCodecs (${reason}).`);
    }
    console.info(`Using ffmpeg.wasm: ${reason}`);
    return 'ffmpeg';
  }

  /**
   * The streaming path: the WebCodecs worker decodes, composites, encodes and muxes frame by frame;
   * the matte worker segments, fed straight from the WebCodecs worker over a MessageChannel, unless
   * a mask video (fal.ai's) brings the masks.
   */
  private async makeWithWebCodecs(
    file: Blob,
    info: VideoInfo,
    output: Size,
    background: BackgroundImage,
    blurSigma: number,
    refine: RefineSettings,
    compositor: CompositorChoice,
    segmenter: SegmenterChoice,
    withAudio: boolean,
    signal: AbortSignal | undefined,
    onFrame: (n: number) => void,
    maskVideo?: { blob: Blob; channel: MaskVideoChannel },
    colourMatch = false,
    matte: MatteKind = DEFAULT_MATTE.kind,
  ): Promise<WebCodecsResult & { segmenter?: SegmenterDelegate }> {
    const model = modelFor(output);
    const options: MatteOptions = { ...DEFAULT_MATTE, kind: matte };
    const maskGrid = maskGridFor(model, options);
    let port: MessagePort | null = null;
    let delegate: SegmenterDelegate | undefined;
    if (!maskVideo) {
      const channel = new MessageChannel();
      delegate = await this.call(this.matte, (api) => api.serve(transfer(channel.port1, [channel.port1]), model.kind, maskGrid, segmenter, options), signal);
      port = channel.port2;
    }
    const job: WebCodecsJob = {
      output,
      fps: rationalValue(toRational(info.fps)),
      frameCount: info.frameCount,
      maskGrid,
      background: { blob: background.blob, size: background.size },
      blurSigma,
      refine,
      withAudio,
      compositor,
      colourMatch,
      ...(maskVideo ? { maskVideo: { blob: maskVideo.blob, channel: maskVideo.channel } } : {}),
    };
    const result = await this.call(this.webcodecs, (api) => api.run(file, job, port ? transfer(port, [port]) : null, onFrame), signal);
    return delegate ? { ...result, segmenter: delegate } : result;
  }

  /** On-device: small frames from ffmpeg, one mask each from the same matte as the WebCodecs path's. */
  private async localMask(
    file: Blob,
    job: FrameJob,
    matte: MatteKind,
    signal: AbortSignal | undefined,
    onFrames: (stage: StageName) => (n: number) => void,
  ): Promise<Mask> {
    const model = modelFor(job.output);
    const options: MatteOptions = { ...DEFAULT_MATTE, kind: matte };
    const size = matteFrameFor(job.output, model, options);
    const frames = await this.call(this.media, (api) => api.extractMatteFrames(file, job, size, onFrames('extract')), signal);
    const { masks, grid } = await this.call(this.matte, (api) => api.matteFrames(model.kind, transfer(frames, [frames.buffer]), size, maskGridFor(model, options), options, onFrames('matte')), signal);
    return { data: masks, source: { kind: 'raw', width: grid.width, height: grid.height } };
  }

  /** fal.ai: the clip is uploaded, matted in their queue, and a mask video comes back; checked before use. */
  private async cloudMask(
    file: Blob,
    info: VideoInfo,
    job: FrameJob,
    matting: Extract<Matting, { kind: 'fal' }>,
    signal: AbortSignal | undefined,
    report: (stage: StageName, done: number, total: number, queuePosition?: number) => void,
  ): Promise<Mask> {
    const { runFalMatting } = await import('../services/fal');
    const { config } = matting;
    const mask = await this.abortable(
      // fal's errors already say, in plain words, which problem it was; keep them as ours.
      runFalMatting(config, file, {
        ...(signal ? { signal } : {}),
        ...(matting.resume !== undefined ? { resume: matting.resume } : {}),
        ...(matting.onRequest ? { onRequest: matting.onRequest } : {}),
        onPhase: (p) => {
          const stage: StageName = p.phase === 'upload' ? 'upload' : p.phase === 'download' ? 'download' : 'cloud';
          report(stage, p.fraction ?? 0, 1, p.phase === 'queue' ? p.queuePosition : undefined);
        },
      }).catch((err: unknown) => {
        if (err instanceof ServiceError) throw new RestyleError('failed', err.message);
        throw err;
      }),
      signal,
    );
    const facts = await this.call(this.media, (api) => api.probeMask(mask), signal);
    const mismatch = maskMismatch(facts, { source: job.source, output: job.output, frames: info.frameCount });
    if (mismatch) {
      // Fetching it again would give the same mask: the next try needs a new job.
      matting.onRequest?.(null);
      console.warn(`fal.ai mask does not fit the clip: ${mismatch}`);
      throw new RestyleError(
        'failed',
        "The cut-out that came back from fal.ai doesn't match your clip. Try again, or use on-device matting.",
      );
    }
    return { data: mask, source: { kind: 'video', channel: getFalEndpoint(config.endpoint)?.maskChannel ?? 'luma' } };
  }

  /** A worker call's value, or its failure as a RestyleError. A job spans workers: cancelling it stops them all. */
  private call<R, T>(handle: WorkerHandle<R>, use: (api: R) => RemoteOutcome<T>, signal: AbortSignal | undefined): Promise<T> {
    return this.abortable(handle.call(use, { signal }), signal);
  }

  /** Resolves with the work, or rejects as cancelled the moment the signal fires (stopping the workers). */
  private abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    return abortable(work, signal, () => this.stop());
  }
}
