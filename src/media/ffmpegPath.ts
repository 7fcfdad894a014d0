/**
 * The ffmpeg.wasm path, for what WebCodecs can't do here: small frames from ffmpeg -> one mask
 * each (the same matte as the WebCodecs path's) -> composite -> mux with the audio, in the media
 * and matte workers; or fal.ai's mask video -> composite -> mux.
 */
import { transfer } from 'comlink';
import type { AudioPlan, MaskSource } from '../core/ffmpegPlan';
import type { Size } from '../core/geometry';
import { modelFor } from '../core/geometry';
import { DEFAULT_MATTE, maskGridFor, matteFrameFor, type MatteKind, type MatteOptions } from '../core/matteChoice';
import type { StageName } from '../core/progress';
import type { FrameJob } from '../protocol/media';
import type { WorkerJob } from './workerJob';

/** The person's masks for the composite: raw frames from the matte worker, or a mask video. */
export interface Mask {
  data: Uint8Array | Blob;
  source: MaskSource;
}

/** On-device: small frames from ffmpeg, one mask each from the same matte as the WebCodecs path's. */
export async function onDeviceMask(job: WorkerJob, file: Blob, frames: FrameJob, matte: MatteKind, onFrames: (stage: StageName) => (n: number) => void): Promise<Mask> {
  const { media, matte: matteWorker } = job.workers;
  const model = modelFor(frames.output);
  const options: MatteOptions = { ...DEFAULT_MATTE, kind: matte };
  const size = matteFrameFor(frames.output, model, options);
  const pictures = await job.call(media, (api) => api.extractMatteFrames(file, frames, size, onFrames('extract')));
  const { masks, grid } = await job.call(matteWorker, (api) =>
    api.matteFrames(model.kind, transfer(pictures, [pictures.buffer]), size, maskGridFor(model, options), options, onFrames('matte')),
  );
  return { data: masks, source: { kind: 'raw', width: grid.width, height: grid.height } };
}

export interface FfmpegComposite {
  frames: FrameJob;
  mask: Mask;
  background: { blob: Blob; size: Size };
  blurSigma: number;
  audio: AudioPlan;
}

/** The composite, then the audio muxed in; seconds each took. */
export async function compositeWithFfmpeg(job: WorkerJob, file: Blob, c: FfmpegComposite, onFrame: (n: number) => void): Promise<{ video: Uint8Array; compositeSec: number; muxSec: number }> {
  const { media } = job.workers;
  const t0 = performance.now();
  const compositeJob = { ...c.frames, mask: c.mask.source, background: c.background, blurSigma: c.blurSigma };
  const masks = c.mask.data instanceof Blob ? c.mask.data : transfer(c.mask.data, [c.mask.data.buffer]);
  const video = await job.call(media, (api) => api.composite(file, masks, compositeJob, onFrame));
  const t1 = performance.now();
  const muxed = await job.call(media, (api) => api.mux(transfer(video, [video.buffer]), file, c.audio, c.frames.range));
  return { video: muxed, compositeSec: (t1 - t0) / 1000, muxSec: (performance.now() - t1) / 1000 };
}
