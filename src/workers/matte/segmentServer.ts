/**
 * The matte worker's side of the segmentation line: makes each arriving frame's mask and guide
 * (src/media/personMatte.ts) and answers with both and the frame's buffer.
 */
import type { FrameMatte } from './personMatte';
import type { SegmentReply, SegmentRequest } from '../../protocol/segment';

/** `once`: answers one frame, then lets go of the port (a preview's single frame). */
export function serveSegmentation(port: MessagePort, matte: FrameMatte, once = false): void {
  port.onmessage = (e: MessageEvent<SegmentRequest>) => {
    if (once) port.onmessage = null;
    const { index, frame, guide } = e.data;
    try {
      const t0 = performance.now();
      const f = { width: e.data.width, height: e.data.height, data: new Uint8Array(frame) };
      const { mask, grid } = matte.run(f, e.data.matrix, new Float32Array(guide));
      const reply: SegmentReply = { index, mask: mask.buffer as ArrayBuffer, grid, frame, guide, ms: performance.now() - t0 };
      port.postMessage(reply, [mask.buffer, frame, guide]);
    } catch (err) {
      const reply: SegmentReply = { index, error: err instanceof Error ? err.message : String(err), frame, guide };
      port.postMessage(reply, [frame, guide]);
    }
    if (once) port.close();
  };
  port.start();
}
