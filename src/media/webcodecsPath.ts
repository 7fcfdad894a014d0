/**
 * The streaming path: the WebCodecs worker decodes, composites, encodes and muxes frame by frame;
 * the matte worker segments, fed straight from the WebCodecs worker over a MessageChannel, unless
 * the job's mask video (fal.ai's) brings the masks.
 */
import { transfer } from 'comlink';
import type { ModelKind } from '../core/geometry';
import type { MatteOptions } from '../core/matteChoice';
import type { SegmenterChoice, SegmenterDelegate } from '../core/segmenterDelegate';
import type { WebCodecsJob, WebCodecsResult } from '../protocol/webcodecs';
import type { WorkerJob } from './workerJob';

/** How the matte worker segments, when the job has no mask video. */
export interface OnDeviceMatte {
  model: ModelKind;
  options: MatteOptions;
  segmenter: SegmenterChoice;
}

export async function makeWithWebCodecs(
  job: WorkerJob,
  file: Blob,
  made: WebCodecsJob,
  matte: OnDeviceMatte,
  onFrame: (n: number) => void,
): Promise<WebCodecsResult & { segmenter?: SegmenterDelegate }> {
  const { matte: matteWorker, webcodecs } = job.workers;
  let port: MessagePort | null = null;
  let delegate: SegmenterDelegate | undefined;
  if (!made.maskVideo) {
    const channel = new MessageChannel();
    delegate = await job.call(matteWorker, (api) =>
      api.serve(transfer(channel.port1, [channel.port1]), matte.model, made.maskGrid, matte.segmenter, matte.options),
    );
    port = channel.port2;
  }
  const result = await job.call(webcodecs, (api) => api.run(file, made, port ? transfer(port, [port]) : null, onFrame));
  return delegate ? { ...result, segmenter: delegate } : result;
}
