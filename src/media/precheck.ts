/**
 * The Check step's warn-only look at the recorded background: a few frames decoded in the media
 * worker, run through the matte in the matte worker, scored here (core/matteCheck).
 */
import { transfer } from 'comlink';
import type { BackgroundVerdict } from '../core/backgroundScore';
import { RestyleError } from '../core/errors';
import { modelFor } from '../core/geometry';
import { DEFAULT_MATTE, maskGridFor, type MatteKind, type MatteOptions } from '../core/matteChoice';
import { clipVerdict } from '../core/matteCheck';
import type { PrecheckFrames } from '../protocol/media';
import type { VideoInfo } from '../protocol/videoInfo';
import type { WorkerJob } from './workerJob';
import type { Trim } from '../core/trim';

export const PRECHECK_SAMPLES = 5;

/** Null when the browser can't decode this clip's frames (the video is still fine to make). */
/** `part`: the part of the clip that will be made (its frames are the ones looked at). */
export async function checkBackground(job: WorkerJob, file: Blob, info: VideoInfo, matte: MatteKind, part: { trim: Trim }): Promise<BackgroundVerdict | null> {
  const { media, matte: matteWorker } = job.workers;
  let sampled: PrecheckFrames | null;
  try {
    sampled = await job.call(media, (api) => api.samplePrecheckFrames(file, part.trim.lengthSec, 1 / info.fps, PRECHECK_SAMPLES, part.trim.startSec));
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
  const pairs = await job.call(matteWorker, (api) =>
    api.checkFrames(model.kind, transfer(frames, [frames.buffer]), size, matrix, maskGridFor(model, options), options),
  );
  return clipVerdict(pairs, model);
}
