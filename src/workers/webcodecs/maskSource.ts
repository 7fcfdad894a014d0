/**
 * Where the pipeline's masks come from, one per frame in order: the on-device segmenter in the
 * matte worker (MaskChannel) or a mask video that came back from fal.ai (MaskVideoReader). The
 * pipeline calls send() as each frame is decoded and take() when it is ready to composite it, so
 * a source can work ahead on the frames in between (the pipeline bounds how many).
 */
import type { Size } from '../../core/geometry';
import type { StageMs } from '../../core/stageTimes';
import type { I420, YuvMatrix } from '../../core/yuv';

export interface MaskResult {
  /** 0..255 person confidence, grid.width x grid.height. */
  mask: Uint8Array;
  /** The mask's size: the same for every frame of a clip. */
  grid: Size;
  /** The refinement's guide, when the source made it: the frame's mean Y per mask cell (0..1), then its mean U and V. */
  guide?: Float32Array;
  /** Milliseconds the source spent on this frame. */
  ms: number;
  /** The matte worker's stages for this frame (its waiting for the frame as 'idle'). */
  stages?: StageMs;
}

export interface MaskSource {
  /** Frame number `index` has been decoded; a source may take its buffer until take(index) settles. */
  send(index: number, frame: I420, matrix: YuvMatrix): void;
  take(index: number): Promise<MaskResult>;
  /** The caller is done with this result; its buffers may be reused. */
  recycle(result: MaskResult): void;
  close(): void;
}
