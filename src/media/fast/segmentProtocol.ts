/**
 * The direct line between the pipeline worker and the matte worker (a MessagePort, no UI thread
 * in between): small RGBA frames one way, masks the other. Buffers are transferred, and the RGBA
 * buffer comes back with its mask so the sender can reuse it.
 */
export interface SegmentRequest {
  index: number;
  rgba: ArrayBuffer;
}

export type SegmentReply =
  | { index: number; mask: ArrayBuffer; rgba: ArrayBuffer; ms: number }
  | { index: number; error: string };
