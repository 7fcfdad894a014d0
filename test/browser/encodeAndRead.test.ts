// The WebCodecs path's own encoder and muxer (AvcEncoder, Mp4Writer) and its reader of fal.ai's
// mask videos (MaskVideoReader), in real Chromium: what is written reads back as written.
import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input, VideoSampleSink } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import { FrameClock } from '../../src/core/frameClock';
import type { Size } from '../../src/core/geometry';
import { keyFrameInterval } from '../../src/core/webcodecsPlan';
import { newI420, planesOf, type I420 } from '../../src/core/yuv';
import { AvcEncoder, colorSpaceFor } from '../../src/workers/webcodecs/encoder';
import { MaskVideoReader } from '../../src/workers/webcodecs/maskVideoReader';
import { Mp4Writer } from '../../src/workers/webcodecs/mp4Writer';

/** `count` frames painted by `paint`, encoded and muxed as the pipeline does (no audio). */
async function encodeClip(size: Size, fps: number, count: number, paint: (f: I420, i: number) => void): Promise<Uint8Array> {
  const writer = new Mp4Writer(null);
  await writer.start();
  const encoder = new AvcEncoder(size, fps, (packet, meta) => writer.addVideo(packet, meta));
  const clock = new FrameClock(1e6 / fps);
  const frame = newI420(size.width, size.height);
  for (let i = 0; i < count; i++) {
    paint(frame, i);
    await encoder.encode(frame, i, clock.next((i * 1e6) / fps, 1e6 / fps), colorSpaceFor('bt601'));
  }
  await encoder.finish();
  return writer.finish();
}

/** A moving diagonal gradient: something for the encoder to do, and easy to compare after decoding. */
function gradient(f: I420, i: number): void {
  const { y, u, v, cw, ch } = planesOf(f);
  for (let r = 0; r < f.height; r++) for (let c = 0; c < f.width; c++) y[r * f.width + c] = 16 + ((c + r + 4 * i) % 200);
  for (let r = 0; r < ch; r++) for (let c = 0; c < cw; c++) {
    u[r * cw + c] = 100 + (c % 40);
    v[r * cw + c] = 140 - (r % 40);
  }
}

describe('AvcEncoder and Mp4Writer', () => {
  it('write an H.264 MP4 with every frame, at its time, with a key frame every 2 s, that decodes to the frames given', async () => {
    const size = { width: 640, height: 360 };
    const fps = 30;
    const count = 70;
    const mp4 = await encodeClip(size, fps, count, gradient);
    const input = new Input({ source: new BufferSource(mp4), formats: ALL_FORMATS });
    const track = await input.getPrimaryVideoTrack();
    expect(track).not.toBeNull();
    if (!track) return;
    expect(await track.getCodec()).toBe('avc');
    expect([track.displayWidth, track.displayHeight]).toEqual([640, 360]);
    expect(await track.computeDuration()).toBeCloseTo(count / fps, 2);

    const keys: number[] = [];
    const times: number[] = [];
    let n = 0;
    for await (const packet of new EncodedPacketSink(track).packets()) {
      if (packet.type === 'key') keys.push(n);
      times.push(packet.timestamp);
      n++;
    }
    expect(n).toBe(count);
    expect(keys).toEqual([0, keyFrameInterval(fps)]);
    const sorted = [...times].sort((a, b) => a - b);
    sorted.forEach((t, i) => expect(t).toBeCloseTo(i / fps, 3));

    // Frame 10 decoded: its luma within the codec's error of what was painted.
    const want = newI420(size.width, size.height);
    gradient(want, 10);
    const sample = await new VideoSampleSink(track).getSample(10 / fps + 0.001);
    expect(sample).not.toBeNull();
    if (!sample) return;
    // Planar YUV, its luma plane first (the layout copyTo gives by default).
    expect(['I420', 'NV12']).toContain(sample.format);
    const got = new Uint8Array(sample.allocationSize());
    await sample.copyTo(got);
    sample.close();
    let err = 0;
    for (let p = 0; p < size.width * size.height; p++) err += Math.abs(got[p]! - want.data[p]!);
    expect(err / (size.width * size.height)).toBeLessThan(3);
    input.dispose();
  });
});

describe('MaskVideoReader', () => {
  const size = { width: 640, height: 360 };
  /** Like the fake fal.ai's mask: white on the left half, black on the right. */
  const halves = (f: I420) => {
    const { y, u, v } = planesOf(f);
    for (let r = 0; r < f.height; r++) for (let c = 0; c < f.width; c++) y[r * f.width + c] = c < f.width / 2 ? 235 : 16;
    u.fill(128);
    v.fill(128);
  };

  it('gives frame N of the mask for frame N, at the output size, as 0..255 (video range mapped to full)', async () => {
    const mp4 = await encodeClip(size, 30, 12, halves);
    const reader = await MaskVideoReader.open(new Blob([mp4 as Uint8Array<ArrayBuffer>], { type: 'video/mp4' }), 'luma', size);
    try {
      for (let i = 0; i < 14; i++) reader.send(i);
      for (let i = 0; i < 14; i++) {
        // Two past its end: a mask a frame or two short repeats its last frame.
        const got = await reader.take(i);
        expect(got.grid).toEqual(size);
        expect(got.mask.length).toBe(size.width * size.height);
        const row = 180 * size.width;
        expect(got.mask[row + 40], `frame ${i}, left`).toBeGreaterThanOrEqual(250);
        expect(got.mask[row + 600], `frame ${i}, right`).toBeLessThanOrEqual(5);
        reader.recycle(got);
      }
      await expect(reader.take(99)).rejects.toThrow(/never asked for/);
    } finally {
      reader.close();
    }
  });

  it('refuses a mask smaller than the video it is for', async () => {
    const mp4 = await encodeClip(size, 30, 3, halves);
    await expect(MaskVideoReader.open(new Blob([mp4 as Uint8Array<ArrayBuffer>]), 'luma', { width: 1280, height: 720 })).rejects.toThrow(
      /mask video is 640x360, smaller than 1280x720/,
    );
  });
});
