/** Which pipeline makes the video on this device: WebCodecs where this browser can take the clip (and its mask video), else ffmpeg.wasm. */
import { RestyleError } from '../core/errors';
import { rationalValue, toRational } from '../core/frameRate';
import type { Size } from '../core/geometry';
import { webcodecsBlocker } from '../core/webcodecsPlan';
import type { VideoInfo } from '../protocol/videoInfo';
import type { WorkerJob } from './workerJob';

export type PipelineChoice = 'auto' | 'webcodecs' | 'ffmpeg';
export type Pipeline = Exclude<PipelineChoice, 'auto'>;

/** A forced 'webcodecs' this browser can't do is an error; 'auto' then falls back to ffmpeg.wasm. */
export async function choosePipeline(job: WorkerJob, file: Blob, info: VideoInfo, output: Size, choice: PipelineChoice, maskVideo?: Blob): Promise<Pipeline> {
  if (choice === 'ffmpeg') return 'ffmpeg';
  const { webcodecs } = job.workers;
  const reason =
    webcodecsBlocker({ audioCodec: info.audioCodec, rotation: info.rotation }) ??
    (await job.call(webcodecs, (api) => api.unsupportedReason(file, output, rationalValue(toRational(info.fps))))) ??
    (maskVideo ? await job.call(webcodecs, (api) => api.maskUnsupportedReason(maskVideo, output)) : null);
  if (reason === null) return 'webcodecs';
  if (choice === 'webcodecs') {
    throw new RestyleError('failed', `This browser can't make this video with WebCodecs (${reason}).`);
  }
  console.info(`Using ffmpeg.wasm: ${reason}`);
  return 'ffmpeg';
}
