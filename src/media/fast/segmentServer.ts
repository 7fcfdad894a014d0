/**
 * The matte worker's side of the segmentation line: segments each small frame as it arrives,
 * in order, and answers with a 0..255 mask. Runs in the matte worker, on the CPU delegate.
 */
import type { ImageSegmenter } from '@mediapipe/tasks-vision';
import type { SegmentReply, SegmentRequest } from './segmentProtocol';

export function serveSegmentation(
  port: MessagePort,
  segmenter: ImageSegmenter,
  width: number,
  height: number,
  nextTimestamp: () => number,
): void {
  port.onmessage = (e: MessageEvent<SegmentRequest>) => {
    const { index, rgba } = e.data;
    try {
      const t0 = performance.now();
      const image = new ImageData(new Uint8ClampedArray(rgba), width, height);
      const result = segmenter.segmentForVideo(image, nextTimestamp());
      const confidence = result.confidenceMasks?.[0];
      if (!confidence) throw new Error('segmenter returned no mask');
      const values = confidence.getAsFloat32Array();
      const mask = new Uint8Array(width * height);
      for (let p = 0; p < mask.length; p++) mask[p] = Math.round((values[p] ?? 0) * 255);
      result.close();
      const reply: SegmentReply = { index, mask: mask.buffer, rgba, ms: performance.now() - t0 };
      port.postMessage(reply, [mask.buffer, rgba]);
    } catch (err) {
      const reply: SegmentReply = { index, error: err instanceof Error ? err.message : String(err) };
      port.postMessage(reply);
    }
  };
  port.start();
}
