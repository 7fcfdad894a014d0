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
  const runner = new FfmpegRunner();

  return {
    loadTools: (onProgress) => outcome(async () => void (await runner.load(onProgress))),

    probe: (file) => outcome(() => probeVideo(file)),

    probeMask: (mask) => outcome(() => probeMaskVideo(mask)),

    samplePrecheckFrames: (file, durationSec, frameSec, count, startSec = 0) =>
      settle('media', () => samplePrecheckFrames(file, durationSec, frameSec, count, startSec), (v) => (v ? [v.frames.buffer] : [])),

    extractMatteFrames: (file, job, size, onFrame) =>
      outcome(async () => {
        const input = await runner.mountBlob('/in', 'input', file);
        try {
          await runner.run(
            extractArgs({ ...job, inputPath: input, frames: size, outputPath: '/frames.yuv' }),
            onFrame,
            MAKE_FAILED,
          );
          return await runner.read('/frames.yuv');
        } finally {
          await runner.remove('/frames.yuv');
          await runner.unmount('/in');
        }
      }),

    composite: (file, masks, job, onFrame) =>
      outcome(async () => {
        const input = await runner.mountBlob('/in', 'input', file);
        try {
          // A mask video is mounted like the input (no copy); raw masks are written to memory.
          const maskPath = masks instanceof Blob ? await runner.mountBlob('/mask', 'mask', masks) : '/masks.gray';
          if (!(masks instanceof Blob)) await runner.write(maskPath, masks);
          await runner.write('/background', new Uint8Array(await job.background.blob.arrayBuffer()));
          await runner.run(
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
          return await runner.read('/video.mp4');
        } finally {
          await runner.remove('/masks.gray', '/background', '/video.mp4');
          await runner.unmount('/in');
          await runner.unmount('/mask');
        }
      }),

    mux: (video, file, audio, range) =>
      outcome(async () => {
        const input = await runner.mountBlob('/in', 'input', file);
        try {
          await runner.write('/video.mp4', video);
          await runner.run(muxArgs({ videoPath: '/video.mp4', inputPath: input, audio, outputPath: '/out.mp4', range }), null, MAKE_FAILED);
          return await runner.read('/out.mp4');
        } finally {
          await runner.remove('/video.mp4', '/out.mp4');
          await runner.unmount('/in');
        }
      }),
  };
}
