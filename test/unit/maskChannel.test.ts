import { describe, expect, it } from 'vitest';
import { MaskChannel } from '../../src/media/fast/maskChannel';
import type { SegmentReply, SegmentRequest } from '../../src/media/fast/segmentProtocol';

/** A stand-in matte worker on the other end of a real MessageChannel: mask = first byte of the frame. */
function fakeSegmenter(port: MessagePort, failOn?: number): void {
  port.onmessage = (e: MessageEvent<SegmentRequest>) => {
    const { index, rgba } = e.data;
    if (index === failOn) {
      const reply: SegmentReply = { index, error: 'model fell over' };
      port.postMessage(reply);
      return;
    }
    const mask = new Uint8Array(2).fill(new Uint8Array(rgba)[0] ?? 0);
    const reply: SegmentReply = { index, mask: mask.buffer, rgba, ms: 1 };
    port.postMessage(reply, [mask.buffer, rgba]);
  };
}

describe('MaskChannel', () => {
  it('hands masks back by frame index, whether asked before or after they arrive, and reuses buffers', async () => {
    const { port1, port2 } = new MessageChannel();
    fakeSegmenter(port2);
    const channel = new MaskChannel(port1, 8);
    for (let i = 0; i < 3; i++) {
      const rgba = channel.buffer();
      expect(rgba.byteLength).toBe(8);
      rgba[0] = 10 * (i + 1);
      channel.send(i, rgba);
      // transferred: the sender can't touch it any more
      expect(rgba.byteLength).toBe(0);
    }
    const first = await channel.take(0);
    expect([...first.mask]).toEqual([10, 10]);
    await new Promise((r) => setTimeout(r, 20));
    expect([...(await channel.take(2)).mask]).toEqual([30, 30]);
    expect([...(await channel.take(1)).mask]).toEqual([20, 20]);
    // the three returned buffers come round again instead of new ones
    const again = channel.buffer();
    expect(again.byteLength).toBe(8);
    channel.close();
    port2.close();
  });

  it('turns a segmenter error into a rejection for that frame', async () => {
    const { port1, port2 } = new MessageChannel();
    fakeSegmenter(port2, 1);
    const channel = new MaskChannel(port1, 4);
    channel.send(0, channel.buffer());
    channel.send(1, channel.buffer());
    await expect(channel.take(0)).resolves.toMatchObject({ ms: 1 });
    await expect(channel.take(1)).rejects.toThrow('model fell over');
    channel.close();
    port2.close();
  });
});
