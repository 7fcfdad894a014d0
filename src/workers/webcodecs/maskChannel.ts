/**
 * The WebCodecs worker's side of the segmentation line: sends whole frames (their buffers move to
 * the matte worker and back), hands back masks in order with the frame's buffer and its guide.
 * The caller bounds how many frames are in flight (backpressure), so the matte worker's queue
 * never grows with the clip.
 */
import type { I420, YuvMatrix } from '../../core/yuv';
import type { MaskResult, MaskSource } from './maskSource';
import type { SegmentReply, SegmentRequest } from '../../protocol/segment';

interface Waiter {
  resolve: (r: MaskResult) => void;
  reject: (e: Error) => void;
}

export class MaskChannel implements MaskSource {
  private readonly arrived = new Map<number, MaskResult | Error>();
  private readonly waiting = new Map<number, Waiter>();
  /** Frames away in the matte worker, by index: their buffers come back with the reply. */
  private readonly away = new Map<number, I420>();
  private readonly spareGuides: ArrayBuffer[] = [];

  constructor(
    private readonly port: MessagePort,
    private readonly guideBytes: number,
  ) {
    port.onmessage = (e: MessageEvent<SegmentReply>) => this.receive(e.data);
    port.start();
  }

  /**
   * Sends frame number `index`. Its buffer is transferred: `frame.data` is unusable until take()
   * for this index resolves (or rejects), which puts the buffer back.
   */
  send(index: number, frame: I420, matrix: YuvMatrix): void {
    const buffer = frame.data.buffer as ArrayBuffer;
    if (frame.data.byteOffset !== 0 || frame.data.byteLength !== buffer.byteLength) throw new Error('frame must own its whole buffer');
    const guide = this.spareGuides.pop() ?? new ArrayBuffer(this.guideBytes);
    this.away.set(index, frame);
    const msg: SegmentRequest = { index, frame: buffer, width: frame.width, height: frame.height, matrix, guide };
    this.port.postMessage(msg, [buffer, guide]);
  }

  take(index: number): Promise<MaskResult> {
    const got = this.arrived.get(index);
    if (got) {
      this.arrived.delete(index);
      return got instanceof Error ? Promise.reject(got) : Promise.resolve(got);
    }
    return new Promise((resolve, reject) => this.waiting.set(index, { resolve, reject }));
  }

  /** The result's guide buffer goes to the next frame. */
  recycle(result: MaskResult): void {
    if (result.guide) this.spareGuides.push(result.guide.buffer as ArrayBuffer);
  }

  close(): void {
    this.port.onmessage = null;
    this.port.close();
  }

  private receive(reply: SegmentReply): void {
    const frame = this.away.get(reply.index);
    this.away.delete(reply.index);
    if (frame) frame.data = new Uint8Array(reply.frame);
    let result: MaskResult | Error;
    if ('error' in reply) {
      this.spareGuides.push(reply.guide);
      result = new Error(reply.error);
    } else {
      result = { mask: new Uint8Array(reply.mask), grid: reply.grid, guide: new Float32Array(reply.guide), ms: reply.ms, stages: reply.stages };
    }
    const waiter = this.waiting.get(reply.index);
    if (!waiter) {
      this.arrived.set(reply.index, result);
      return;
    }
    this.waiting.delete(reply.index);
    if (result instanceof Error) waiter.reject(result);
    else waiter.resolve(result);
  }
}
