/**
 * The per-video pipeline as the UI (and the CLI, through the automation page) runs it:
 * probe -> precheck -> small frames -> masks -> composite -> mux. The UI thread only
 * orchestrates; the media and matte workers do the work. Cancel terminates both workers, which
 * stops every stage at once and frees their memory; they restart on the next call.
 */
import { lumaOf, scoreBackground, type BackgroundVerdict, type ScoreSample } from '../core/backgroundScore';
import { RestyleError, fromErrorInfo } from '../core/errors';
import { audioPlanFor } from '../core/ffmpegPlan';
import { rationalValue, toRational } from '../core/frameRate';
import { clampBlurSigma, evenSize, modelFor, type Size } from '../core/geometry';
import { ProgressTracker, type ProgressSnapshot, type StageName } from '../core/progress';
import { resolveBackground } from '../backgrounds/resolveBackground';
import type { MatteApi } from './matteApi';
import type { MediaApi, Outcome } from './mediaApi';
import type { ErrorInfo } from '../core/errors';
import { sampleFrames } from './sampleFrames';
import type { VideoInfo } from './videoInfo';
import { assetBase, startMatteWorker, startMediaWorker, type WorkerHandle } from './workers';
import { proxy, transfer, type Remote } from 'comlink';

export const PRECHECK_SAMPLES = 5;

/** What comlink makes of a worker method returning Outcome<T> (it distributes over the union). */
type OutcomePromise<T> = Promise<Outcome<T>> | Promise<{ ok: true; value: T }> | Promise<{ ok: false; error: ErrorInfo }>;

export interface ProcessOptions {
  backgroundId: string;
  blurSigma: number;
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
  timings: Timings;
}

const CANCELLED = 'Cancelled. Your clip and choices are still here.';

export class RestyleEngine {
  private media: WorkerHandle<MediaApi> | null = null;
  private matte: WorkerHandle<MatteApi> | null = null;

  private mediaApi(): Remote<MediaApi> {
    if (!this.media) {
      this.media = startMediaWorker();
      void this.media.api.init(assetBase());
    }
    return this.media.api;
  }

  private matteApi(): Remote<MatteApi> {
    if (!this.matte) {
      this.matte = startMatteWorker();
      void this.matte.api.init(assetBase());
    }
    return this.matte.api;
  }

  /** Stops all work now. */
  stop(): void {
    this.media?.terminate();
    this.matte?.terminate();
    this.media = null;
    this.matte = null;
  }

  /** Reads the clip's facts and checks the caps; throws a RestyleError a person can act on. */
  async probe(file: File | Blob): Promise<VideoInfo> {
    return this.call(undefined, this.mediaApi().probe(file));
  }

  /**
   * Warn-only check of the recorded background: a few frames, segmented, scored on the
   * background pixels. Null when the browser can't show this clip's frames (the video is still fine to process).
   */
  async precheck(file: Blob, info: VideoInfo, signal?: AbortSignal): Promise<BackgroundVerdict | null> {
    const model = modelFor(info);
    let frames: Uint8Array;
    try {
      frames = await sampleFrames(file, info.durationSec, model, PRECHECK_SAMPLES);
    } catch (err) {
      console.warn('precheck could not sample frames:', err);
      return null;
    }
    const rgba = frames.slice();
    const masks = await this.call(signal, this.matteApi().segment(model.kind, frames, model.width, model.height, proxy(() => undefined)));
    const px = model.width * model.height;
    const samples: ScoreSample[] = [];
    for (let i = 0; i < PRECHECK_SAMPLES; i++) {
      samples.push({
        width: model.width,
        height: model.height,
        luma: lumaOf(rgba.subarray(i * px * 4, (i + 1) * px * 4), model.width, model.height),
        person: masks.subarray(i * px, (i + 1) * px),
      });
    }
    return scoreBackground(samples);
  }

  async process(file: Blob, info: VideoInfo, opts: ProcessOptions): Promise<ProcessResult> {
    const { signal } = opts;
    const started = performance.now();
    const tracker = new ProgressTracker(started);
    const report = (stage: StageName, done: number, total: number) =>
      opts.onProgress?.(tracker.update(stage, done, total, performance.now()));
    const onFrames = (stage: StageName) => proxy((n: number) => report(stage, n, info.frameCount));

    const source = { width: info.width, height: info.height };
    const output = evenSize(source);
    const fps = toRational(info.fps);
    const model = modelFor(output);
    const audio = audioPlanFor(info.audioCodec);
    const job = { fps, source, output };

    report('prepare', 0, 1);
    const background = await this.guard(signal, resolveBackground(opts.backgroundId, output));
    report('prepare', 1, 1);

    const t0 = performance.now();
    const frames = await this.call(signal, this.mediaApi().extractModelFrames(file, job, model, onFrames('extract')));
    const masks = await this.call(signal, this.matteApi().segment(model.kind, transfer(frames, [frames.buffer]), model.width, model.height, onFrames('matte')));
    const t1 = performance.now();
    const compositeJob = {
      ...job,
      mask: model,
      background: { blob: background.blob, size: background.size },
      blurSigma: clampBlurSigma(opts.blurSigma),
    };
    const video = await this.call(
      signal,
      this.mediaApi().composite(file, transfer(masks, [masks.buffer]), compositeJob, onFrames('composite')),
    );
    const t2 = performance.now();
    const muxed = await this.call(signal, this.mediaApi().mux(transfer(video, [video.buffer]), file, audio));
    const t3 = performance.now();
    report('composite', info.frameCount, info.frameCount);

    return {
      output: new Blob([muxed as Uint8Array<ArrayBuffer>], { type: 'video/mp4' }),
      size: output,
      fps: rationalValue(fps),
      hasAudio: audio !== 'none',
      backgroundName: background.name,
      timings: {
        matte: (t1 - t0) / 1000,
        composite: (t2 - t1) / 1000,
        mux: (t3 - t2) / 1000,
        total: (t3 - started) / 1000,
      },
    };
  }

  /** A worker call's value, or its error thrown as a RestyleError; cancellable. */
  private async call<T>(signal: AbortSignal | undefined, work: OutcomePromise<T>): Promise<T> {
    return unwrap(await this.guard(signal, work as Promise<Outcome<T>>));
  }

  /** Resolves with the work, or rejects as cancelled the moment the signal fires (stopping the workers). */
  private guard<T>(signal: AbortSignal | undefined, work: Promise<T>): Promise<T> {
    if (!signal) return work;
    if (signal.aborted) {
      this.stop();
      return Promise.reject(new RestyleError('cancelled', CANCELLED));
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.stop();
        reject(new RestyleError('cancelled', CANCELLED));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }
}

function unwrap<T>(o: Outcome<T>): T {
  if (o.ok) return o.value;
  throw fromErrorInfo(o.error);
}
