/**
 * The Background step's preview still, page side: asks the WebCodecs worker for the frame at a
 * time composited over the chosen background, and, when that worker doesn't have the frame cut
 * out yet, gives it a line to the matte worker served for that one frame. The same matte, refine
 * and compositor as the video's, so the still is what the video will look like.
 */
import { transfer } from 'comlink';
import { clampBlurSigma, evenSize, modelFor, type Size } from '../core/geometry';
import { DEFAULT_MATTE, maskGridFor } from '../core/matteChoice';
import type { PreviewRequest } from '../protocol/webcodecs';
import type { BackgroundImage } from '../backgrounds/resolveBackground';
import type { WorkerJob } from './workerJob';

export interface PreviewOptions {
  atSec: number;
  backgroundId: string;
  blurSigma: number;
  colourMatch: boolean;
  /** The still's longest side, in pixels (never larger than the video). */
  longSide: number;
}

/** The still's size: the video's, scaled down to `longSide`. */
export function stillSize(output: Size, longSide: number): Size {
  const scale = Math.min(1, longSide / Math.max(output.width, output.height));
  return { width: Math.max(1, Math.round(output.width * scale)), height: Math.max(1, Math.round(output.height * scale)) };
}

export async function previewStill(
  job: WorkerJob,
  file: Blob,
  clipKey: string,
  source: Size,
  background: { id: string; image: BackgroundImage },
  opts: PreviewOptions,
): Promise<ImageBitmap> {
  const { matte, webcodecs } = job.workers;
  const output = evenSize(source);
  const model = modelFor(output);
  const grid = maskGridFor(model, DEFAULT_MATTE);
  const req: PreviewRequest = {
    clipKey,
    atSec: opts.atSec,
    output,
    size: stillSize(output, opts.longSide),
    maskGrid: grid,
    // A regenerated background keeps its id: its size and type tell the new picture apart.
    background: { key: `${background.id}|${background.image.blob.size}|${background.image.blob.type}`, blob: background.image.blob, size: background.image.size },
    blurSigma: clampBlurSigma(opts.blurSigma),
    colourMatch: opts.colourMatch,
    compositor: 'auto',
  };
  const kept = await job.call(webcodecs, (api) => api.preview(file, req, null));
  if (kept) return kept;
  const channel = new MessageChannel();
  await job.call(matte, (api) => api.serveOne(transfer(channel.port1, [channel.port1]), model.kind, grid, DEFAULT_MATTE));
  const still = await job.call(webcodecs, (api) => api.preview(file, req, transfer(channel.port2, [channel.port2])));
  if (!still) throw new Error('the preview came back without a picture');
  return still;
}
