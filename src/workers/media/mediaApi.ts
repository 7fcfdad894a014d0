/**
 * The media worker's typed interface (comlink): probe, small frames for the segmenter, the
 * composite and the audio mux. All ffmpeg work happens behind it, off the UI thread.
 */
import { compositeArgs, extractArgs, muxArgs } from '../../core/ffmpegPlan';
import { FfmpegRunner } from './ffmpegRunner';
import { probeMaskVideo, probeVideo } from './probe';
import { samplePrecheckFrames } from './precheckFrames';
import type { MediaApi } from '../../protocol/media';
import { settle } from '../shared/settle';

/** Byte results move to the page instead of being copied. */
const outcome = <T>(work: () => Promise<T>) => settle('media', work, (v) => (v instanceof Uint8Array ? [v.buffer] : []));

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

    samplePrecheckFrames: (file, durationSec, frameSec, count, startSec = 0) =>
      settle('media', () => samplePrecheckFrames(file, durationSec, frameSec, count, startSec), (v) => (v ? [v.frames.buffer] : [])),

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

    mux: (video, file, audio, range) =>
      outcome(async () => {
        const input = await ff().mountBlob('/in', 'input', file);
        try {
          await ff().write('/video.mp4', video);
          await ff().run(muxArgs({ videoPath: '/video.mp4', inputPath: input, audio, outputPath: '/out.mp4', range }), null, MAKE_FAILED);
          return await ff().read('/out.mp4');
        } finally {
          await ff().remove('/video.mp4', '/out.mp4');
          await ff().unmount('/in');
        }
      }),
  };
}
