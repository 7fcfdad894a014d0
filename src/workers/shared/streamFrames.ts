/**
 * The streaming loop of the WebCodecs pipeline (and of the matte eval, which must see frames
 * exactly as the pipeline does): decode each sample, copy it upright into a frame buffer of its
 * own, send it to the mask source, and once `inFlight` frames wait, finish the oldest (take its
 * mask, use it, give its buffer back). Memory stays bounded whatever the clip's length.
 */
import type { VideoSample } from 'mediabunny';
import type { StageTimes } from '../../core/stageTimes';
import type { I420 } from '../../core/yuv';

export interface SentFrame<T> {
  index: number;
  /** Away at the mask source (its buffer transferred) until its mask is taken. */
  frame: I420;
  /** What `copy` said of it (its time, for the encoder). */
  extra: T;
}

export interface FrameStream<T> {
  inFlight: number;
  /** A buffer for the next frame (from a pool, or new). */
  acquire(): I420;
  /** Copies the sample into `frame`, upright; the sample is closed after. */
  copy(sample: VideoSample, frame: I420, index: number): Promise<T>;
  send(index: number, frame: I420): void;
  /** The oldest frame sent: take its mask and use it; its buffer is the caller's again. */
  finish(sent: SentFrame<T>): Promise<void>;
  /** Gets 'decode' (waiting for the decoder's next frame) and 'send'. */
  times?: StageTimes;
}

/** Runs the clip through; the number of frames. */
export async function streamFrames<T>(samples: AsyncIterable<VideoSample>, s: FrameStream<T>): Promise<number> {
  const waiting: SentFrame<T>[] = [];
  let index = 0;
  const finishOldest = async () => {
    const oldest = waiting.shift();
    if (oldest) await s.finish(oldest);
  };
  const times = s.times;
  const iterator = samples[Symbol.asyncIterator]();
  try {
    for (;;) {
      const t0 = performance.now();
      const next = await iterator.next();
      const t1 = performance.now();
      times?.add('decode', t1 - t0);
      if (next.done) break;
      const sample = next.value;
      const frame = s.acquire();
      let extra: T;
      try {
        extra = await s.copy(sample, frame, index);
      } finally {
        sample.close();
      }
      const t2 = performance.now();
      s.send(index, frame);
      times?.add('send', performance.now() - t2);
      waiting.push({ index, frame, extra });
      index++;
      while (waiting.length >= s.inFlight) await finishOldest();
    }
  } catch (err) {
    // As for-await does: a loop left early closes the decoder's iterator.
    await iterator.return?.();
    throw err;
  }
  while (waiting.length > 0) await finishOldest();
  return index;
}
