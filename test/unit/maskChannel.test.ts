import { describe, expect, it } from 'vitest';
import { MaskChannel } from '../../src/workers/webcodecs/maskChannel';
import type { SegmentReply, SegmentRequest } from '../../src/protocol/segment';
import { newI420 } from '../../src/core/yuv';

/** A stand-in matte worker on the other end of a real MessageChannel: mask = first byte of the frame. */
function fakeSegmenter(port: MessagePort, failOn?: number): void {
  port.onmessage = (e: MessageEvent<SegmentRequest>) => {
    const { index, frame, guide } = e.data;
    if (index === failOn) {
      const reply: SegmentReply = { index, error: 'model fell over', frame, guide };
      port.postMessage(reply, [frame, guide]);
      return;
    }
    const first = new Uint8Array(frame)[0] ?? 0;
    const mask = new Uint8Array(2).fill(first);
    new Float32Array(guide).fill(first / 255);
    const reply: SegmentReply = { index, mask: mask.buffer, grid: { width: 2, height: 1 }, frame, guide, ms: 1, stages: { idle: 0.5, model: 1 } };
    port.postMessage(reply, [mask.buffer, frame, guide]);
  };
}

describe('MaskChannel', () => {
  it('hands masks back by frame index, whether asked before or after they arrive, with the frame’s own buffer', async () => {
    const { port1, port2 } = new MessageChannel();
    fakeSegmenter(port2);
    const channel = new MaskChannel(port1, 8);
    const frames = [0, 1, 2].map(() => newI420(4, 2));
    frames.forEach((f, i) => {
      f.data[0] = 10 * (i + 1);
      channel.send(i, f, 'bt601');
      // transferred: the sender can't touch it until the mask is back
      expect(f.data.byteLength).toBe(0);
    });
    const first = await channel.take(0);
    expect([...first.mask]).toEqual([10, 10]);
    expect(first.grid).toEqual({ width: 2, height: 1 });
    expect(first.guide?.[0]).toBeCloseTo(10 / 255);
    await new Promise((r) => setTimeout(r, 20));
    expect([...(await channel.take(2)).mask]).toEqual([30, 30]);
    expect([...(await channel.take(1)).mask]).toEqual([20, 20]);
    // every frame has its buffer back, contents intact
    expect(frames.map((f) => f.data[0])).toEqual([10, 20, 30]);
    expect(frames.every((f) => f.data.byteLength === 12)).toBe(true);
    channel.close();
    port2.close();
  });

  it('turns a segmenter error into a rejection for that frame, and still returns its buffer', async () => {
    const { port1, port2 } = new MessageChannel();
    fakeSegmenter(port2, 1);
    const channel = new MaskChannel(port1, 4);
    const a = newI420(2, 2);
    const b = newI420(2, 2);
    channel.send(0, a, 'bt601');
    channel.send(1, b, 'bt601');
    await expect(channel.take(0)).resolves.toMatchObject({ ms: 1, stages: { idle: 0.5, model: 1 } });
    await expect(channel.take(1)).rejects.toThrow('model fell over');
    expect(b.data.byteLength).toBe(6);
    channel.close();
    port2.close();
  });

  it('refuses a frame that is a view into a larger buffer (it could not be transferred alone)', () => {
    const { port1 } = new MessageChannel();
    const channel = new MaskChannel(port1, 4);
    const big = new Uint8Array(100);
    expect(() => channel.send(0, { width: 2, height: 2, data: big.subarray(0, 6) }, 'bt601')).toThrow(/whole buffer/);
    channel.close();
  });
});
