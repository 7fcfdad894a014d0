/**
 * The direct line between the WebCodecs worker and the matte worker (a MessagePort, no UI thread
 * in between): whole decoded frames one way, masks the other. The frame's buffer is transferred
 * (not copied) and comes back with its mask, so the sender can composite into it; averaging the
 * frame down to the model's input happens in the matte worker, which has the spare time (the
 * WebCodecs worker is the busy one).
 */
import type { Size } from '../core/geometry';
import type { StageMs } from '../core/stageTimes';
import type { YuvMatrix } from '../core/yuv';

export interface SegmentRequest {
  index: number;
  /** The upright I420 frame, width x height, tightly packed. */
  frame: ArrayBuffer;
  width: number;
  height: number;
  matrix: YuvMatrix;
  /** A buffer for the guide (Float32: mean Y, then U and V when it has room, per mask cell), filled and sent back; room for the finest grid. */
  guide: ArrayBuffer;
}

export type SegmentReply =
  | {
      index: number;
      mask: ArrayBuffer;
      grid: Size;
      frame: ArrayBuffer;
      guide: ArrayBuffer;
      ms: number;
      /** This frame's time in the matte worker by stage, and how long it waited for the frame ('idle'). */
      stages: StageMs;
    }
  | { index: number; error: string; frame: ArrayBuffer; guide: ArrayBuffer };
