/**
 * fal.ai matting: the clip is uploaded, matted in fal's queue, and a mask video comes back,
 * checked against the clip (core/maskCheck) before it is used. The fal client is loaded only here.
 */
import { RestyleError, ServiceError } from '../core/errors';
import { getFalEndpoint } from '../core/falEndpoints';
import { maskMismatch } from '../core/maskCheck';
import type { StageName } from '../core/progress';
import type { FrameJob } from '../protocol/media';
import type { VideoInfo } from '../protocol/videoInfo';
import type { FalConfig } from '../services/fal';
import type { Mask } from './ffmpegPath';
import type { WorkerJob } from './workerJob';

/**
 * `resume`: the request id of a job already paid for with this clip on this endpoint, to fetch its
 * result again; `onRequest` hears which job to fetch next time (null: none, make anew).
 */
export interface FalMatting {
  kind: 'fal';
  config: FalConfig;
  resume?: string | undefined;
  onRequest?: ((requestId: string | null) => void) | undefined;
}

/** Waiting on fal.ai: in its queue (the place, 0 when not told), and whether its answers are being retried. */
export interface CloudWait {
  queuePosition?: number;
  retrying?: boolean;
}

export type Report = (stage: StageName, done: number, total: number, extra?: CloudWait) => void;

export async function falMask(job: WorkerJob, file: Blob, info: VideoInfo, frames: FrameJob, matting: FalMatting, report: Report): Promise<Mask> {
  const { runFalMatting } = await import('../services/fal');
  const { config } = matting;
  const target = { source: frames.source, output: frames.output, frames: info.frameCount };
  const mask = await job.guard(
    runFalMatting(config, file, {
      ...(job.signal ? { signal: job.signal } : {}),
      ...(matting.resume !== undefined ? { resume: matting.resume } : {}),
      ...(matting.onRequest ? { onRequest: matting.onRequest } : {}),
      // Checked against the endpoint's limits before anything is uploaded, and the mask before it is downloaded.
      clip: { durationSec: info.durationSec, width: info.width, height: info.height, fps: info.fps, frames: info.frameCount },
      onPhase: (p) => {
        const stage: StageName = p.phase === 'upload' ? 'upload' : p.phase === 'download' ? 'download' : 'cloud';
        report(stage, p.fraction ?? 0, 1, {
          ...(p.phase === 'queue' ? { queuePosition: p.queuePosition ?? 0 } : {}),
          ...(p.retrying ? { retrying: true } : {}),
        });
      },
    }).catch((err: unknown) => {
      // fal's errors already say, in plain words, which problem it was; keep them as ours.
      // Whether another try can help, and where a refused key is changed, go with them.
      if (err instanceof ServiceError) {
        throw new RestyleError('failed', err.message, { retryable: err.retryable, ...(err.problem === 'invalid-key' ? { fix: 'fal-key' } : {}) });
      }
      throw err;
    }),
  );
  const facts = await job.call(job.workers.media, (api) => api.probeMask(mask));
  const mismatch = maskMismatch(facts, target);
  if (mismatch) {
    // Fetching it again would give the same mask: the next try needs a new job.
    matting.onRequest?.(null);
    console.warn(`fal.ai mask does not fit the clip: ${mismatch}`);
    throw new RestyleError('failed', "The cut-out that came back from fal.ai doesn't match your clip. Try again, or use on-device matting.");
  }
  return { data: mask, source: { kind: 'video', channel: getFalEndpoint(config.endpoint)?.maskChannel ?? 'luma' } };
}
