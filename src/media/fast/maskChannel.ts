/**
 * The pipeline worker's side of the segmentation line: sends small frames, hands back masks in
 * order. The caller bounds how many frames are in flight (backpressure), so the matte worker's
 * queue never grows with the clip.
 */
import type { SegmentReply, SegmentRequest } from './segmentProtocol';

export interface MaskResult {
  mask: Uint8Array;
  /** Time the segmenter spent on this frame. */
  ms: number;
}

interface Waiter {
  resolve: (r: MaskResult) => void;
  reject: (e: Error) => void;
}

export class MaskChannel {
  private readonly arrived = new Map<number, MaskResult | Error>();
  private readonly waiting = new Map<number, Waiter>();
  private readonly spare: ArrayBuffer[] = [];

  constructor(
    private readonly port: MessagePort,
    private readonly frameBytes: number,
  ) {
    port.onmessage = (e: MessageEvent<SegmentReply>) => this.receive(e.data);
    port.start();
  }

  /** A buffer for the next small frame: a returned one when there is one. */
  buffer(): Uint8ClampedArray<ArrayBuffer> {
    return new Uint8ClampedArray(this.spare.pop() ?? new ArrayBuffer(this.frameBytes));
  }

  send(index: number, rgba: Uint8ClampedArray<ArrayBuffer>): void {
    const msg: SegmentRequest = { index, rgba: rgba.buffer };
    this.port.postMessage(msg, [rgba.buffer]);
  }

  take(index: number): Promise<MaskResult> {
    const got = this.arrived.get(index);
    if (got) {
      this.arrived.delete(index);
      return got instanceof Error ? Promise.reject(got) : Promise.resolve(got);
    }
    return new Promise((resolve, reject) => this.waiting.set(index, { resolve, reject }));
  }

  close(): void {
    this.port.onmessage = null;
    this.port.close();
  }

  private receive(reply: SegmentReply): void {
    let result: MaskResult | Error;
    if ('error' in reply) result = new Error(reply.error);
    else {
      this.spare.push(reply.rgba);
      result = { mask: new Uint8Array(reply.mask), ms: reply.ms };
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
