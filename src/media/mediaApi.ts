/**
 * The media worker's typed interface (comlink): probe, small frames for the segmenter, the
 * composite and the audio mux. All ffmpeg work happens behind it, off the UI thread.
 */
import { transfer } from 'comlink';
import { compositeArgs, extractArgs, muxArgs, type AudioPlan, type MaskSource } from '../core/ffmpegPlan';
import type { Size } from '../core/geometry';
import { toErrorInfo, type ErrorInfo } from '../core/errors';
import { FfmpegRunner } from './ffmpegRunner';
import { probeMaskVideo, probeVideo } from './probe';
import { samplePrecheckFrames, type PrecheckFrames } from './precheckFrames';
import type { VideoInfo } from './videoInfo';

export interface FrameJob {
  fps: string;
  source: Size;
  output: Size;
}

export interface CompositeJob extends FrameJob {
  mask: MaskSource;
  background: { blob: Blob; size: Size };
  blurSigma: number;
}

export interface MaskInfo {
  width: number;
  height: number;
  frames: number;
  durationSec: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export interface MediaApi {
  init(assetBase: string): void;
  probe(file: Blob & { name?: string }): Promise<Outcome<VideoInfo>>;
  /** The clip's frames for the matte: I420 (BT.601) at `size` (matteFrameFor), concatenated. */
  extractMatteFrames(file: Blob, job: FrameJob, size: Size, onFrame: (n: number) => void): Promise<Outcome<Uint8Array>>;
  /** The person over the blurred background, video only. `masks`: raw frames (job.mask raw) or a mask video. */
  composite(file: Blob, masks: Uint8Array | Blob, job: CompositeJob, onFrame: (n: number) => void): Promise<Outcome<Uint8Array>>;
  /** The precheck's `count` moments, each a pair of consecutive whole frames; null when they can't be decoded here. */
  samplePrecheckFrames(file: Blob, durationSec: number, frameSec: number, count: number): Promise<Outcome<PrecheckFrames | null>>;
  /** Size and frame count of a mask video, from its container. */
  probeMask(mask: Blob): Promise<Outcome<MaskInfo>>;
  /** The composited video with the input's audio: copied when AAC, else encoded to AAC. */
  mux(video: Uint8Array, file: Blob, audio: AudioPlan): Promise<Outcome<Uint8Array>>;
}

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    const value = await work();
    // Big byte results move to the caller instead of being copied.
    return value instanceof Uint8Array ? transfer({ ok: true, value }, [value.buffer]) : { ok: true, value };
  } catch (err) {
    if (!(err instanceof Error && err.name === 'RestyleError')) console.warn('media worker:', err);
    return { ok: false, error: toErrorInfo(err) };
  }
}

const MAKE_FAILED = "We couldn't make your video from this clip. Try exporting it again from your phone.";

export function createMediaApi(): MediaApi {
  let runner: FfmpegRunner | null = null;
  const ff = (): FfmpegRunner => {
    if (!runner) throw new Error('media worker used before init');
    return runner;
  };

  return {
    init(assetBase) {
      runner ??= new FfmpegRunner(assetBase);
    },

    probe: (file) => outcome(() => probeVideo(file)),

    probeMask: (mask) => outcome(() => probeMaskVideo(mask)),

    samplePrecheckFrames: async (file, durationSec, frameSec, count) => {
      const got = await outcome(() => samplePrecheckFrames(file, durationSec, frameSec, count));
      // The frames move to the caller instead of being copied.
      return got.ok && got.value ? transfer(got, [got.value.frames.buffer]) : got;
    },

    extractMatteFrames: (file, job, size, onFrame) =>
      outcome(async () => {
        const input = await ff().mountBlob('/in', 'input', file);
        try {
          await ff().run(
            extractArgs({ ...job, inputPath: input, frames: size, outputPath: '/frames.yuv' }),
            onFrame,
            MAKE_FAILED,
          );
          return await ff().read('/frames.yuv');
        } finally {
          await ff().remove('/frames.yuv');
          await ff().unmount('/in');
        }
      }),

    composite: (file, masks, job, onFrame) =>
      outcome(async () => {
        const input = await ff().mountBlob('/in', 'input', file);
        try {
          // A mask video is mounted like the input (no copy); raw masks are written to memory.
          const maskPath = masks instanceof Blob ? await ff().mountBlob('/mask', 'mask', masks) : '/masks.gray';
          if (!(masks instanceof Blob)) await ff().write(maskPath, masks);
          await ff().write('/background', new Uint8Array(await job.background.blob.arrayBuffer()));
          await ff().run(
            compositeArgs({
              ...job,
              inputPath: input,
              maskPath,
              backgroundPath: '/background',
              background: job.background.size,
              outputPath: '/video.mp4',
            }),
            onFrame,
            MAKE_FAILED,
          );
          return await ff().read('/video.mp4');
        } finally {
          await ff().remove('/masks.gray', '/background', '/video.mp4');
          await ff().unmount('/in');
          await ff().unmount('/mask');
        }
      }),

    mux: (video, file, audio) =>
      outcome(async () => {
        const input = await ff().mountBlob('/in', 'input', file);
        try {
          await ff().write('/video.mp4', video);
          await ff().run(muxArgs({ videoPath: '/video.mp4', inputPath: input, audio, outputPath: '/out.mp4' }), null, MAKE_FAILED);
          return await ff().read('/out.mp4');
        } finally {
          await ff().remove('/video.mp4', '/out.mp4');
          await ff().unmount('/in');
        }
      }),
  };
}
