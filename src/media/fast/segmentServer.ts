/**
 * The matte worker's side of the segmentation line: averages each arriving frame down to the
 * model's input (and the refinement's guide luma), segments it, and answers with a 0..255 mask
 * and the frame's buffer. Runs in the matte worker, on the CPU delegate.
 */
import type { ImageSegmenter } from '@mediapipe/tasks-vision';
import { downscaleI420ToRgba } from '../../core/yuv';
import type { SegmentReply, SegmentRequest } from './segmentProtocol';

export function serveSegmentation(
  port: MessagePort,
  segmenter: ImageSegmenter,
  width: number,
  height: number,
  nextTimestamp: () => number,
): void {
  const rgba = new Uint8ClampedArray(width * height * 4);
  const image = new ImageData(rgba, width, height);
  port.onmessage = (e: MessageEvent<SegmentRequest>) => {
    const { index, frame, guide } = e.data;
    try {
      const t0 = performance.now();
      const f = { width: e.data.width, height: e.data.height, data: new Uint8Array(frame) };
      downscaleI420ToRgba(f, width, height, e.data.matrix, rgba, new Float32Array(guide));
      const result = segmenter.segmentForVideo(image, nextTimestamp());
      const confidence = result.confidenceMasks?.[0];
      if (!confidence) throw new Error('segmenter returned no mask');
      const values = confidence.getAsFloat32Array();
      const mask = new Uint8Array(width * height);
      for (let p = 0; p < mask.length; p++) mask[p] = Math.round((values[p] ?? 0) * 255);
      result.close();
      const reply: SegmentReply = { index, mask: mask.buffer, frame, guide, ms: performance.now() - t0 };
      port.postMessage(reply, [mask.buffer, frame, guide]);
    } catch (err) {
      const reply: SegmentReply = { index, error: err instanceof Error ? err.message : String(err), frame, guide };
      port.postMessage(reply, [frame, guide]);
    }
  };
  port.start();
}
