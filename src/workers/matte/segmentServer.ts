/**
 * The matte worker's side of the segmentation line: makes each arriving frame's mask and guide
 * (src/media/personMatte.ts) and answers with both and the frame's buffer.
 */
import { StageTimes } from '../../core/stageTimes';
import type { FrameMatte } from './personMatte';
import type { SegmentReply, SegmentRequest } from '../../protocol/segment';

/** `once`: answers one frame, then lets go of the port (a preview's single frame). */
export function serveSegmentation(port: MessagePort, matte: FrameMatte, once = false): void {
  // Idle: from the last answer (or the start) to the next frame's arrival.
  let free = performance.now();
  port.onmessage = (e: MessageEvent<SegmentRequest>) => {
    if (once) port.onmessage = null;
    const { index, frame, guide } = e.data;
    try {
      const t0 = performance.now();
      const times = new StageTimes();
      times.add('idle', t0 - free);
      const f = { width: e.data.width, height: e.data.height, data: new Uint8Array(frame) };
      const { mask, grid } = matte.run(f, e.data.matrix, new Float32Array(guide), times);
      const ms = performance.now() - t0;
      const stages = times.toJSON();
      const named = Object.entries(stages).reduce((sum, [k, v]) => (k === 'idle' ? sum : sum + v), 0);
      stages.other = Math.max(0, ms - named);
      const reply: SegmentReply = { index, mask: mask.buffer as ArrayBuffer, grid, frame, guide, ms, stages };
      port.postMessage(reply, [mask.buffer, frame, guide]);
    } catch (err) {
      const reply: SegmentReply = { index, error: err instanceof Error ? err.message : String(err), frame, guide };
      port.postMessage(reply, [frame, guide]);
    }
    free = performance.now();
    if (once) port.close();
  };
  port.start();
}
