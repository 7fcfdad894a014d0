/**
 * H.264 with WebCodecs from I420 VideoFrames built on our own buffers (a frame made from a
 * canvas encodes ~14x slower here). The encoder's queue is kept short (backpressure), and its
 * packets go to the muxer in order.
 */
import type { StageTimes } from '../../core/stageTimes';
import { EncodedPacket } from 'mediabunny';
import { avcBitrateFor, avcCodecFor, keyFrameInterval } from '../../core/webcodecsPlan';
import type { FrameTime } from '../../core/frameClock';
import type { Size } from '../../core/geometry';
import type { I420, YuvMatrix } from '../../core/yuv';

const MAX_QUEUE = 8;

export function avcConfig(size: Size, fps: number): VideoEncoderConfig {
  return {
    codec: avcCodecFor(size),
    width: size.width,
    height: size.height,
    bitrate: avcBitrateFor(size, fps),
    bitrateMode: 'variable',
    framerate: fps,
    latencyMode: 'quality',
    avc: { format: 'avc' },
  };
}

export function colorSpaceFor(matrix: YuvMatrix): VideoColorSpaceInit {
  const tag = matrix === 'bt709' ? 'bt709' : 'smpte170m';
  return { primaries: tag === 'bt709' ? 'bt709' : 'smpte170m', transfer: tag === 'bt709' ? 'bt709' : 'smpte170m', matrix: tag, fullRange: false };
}

export type PacketSink = (packet: EncodedPacket, meta: EncodedVideoChunkMetadata | undefined) => Promise<void>;

export class AvcEncoder {
  private readonly encoder: VideoEncoder;
  private failure: Error | null = null;
  private delivered: Promise<void> = Promise.resolve();
  private readonly keyEvery: number;

  constructor(
    private readonly size: Size,
    private readonly fps: number,
    sink: PacketSink,
  ) {
    this.keyEvery = keyFrameInterval(fps);
    this.encoder = new VideoEncoder({
      output: (chunk, meta) => {
        const packet = EncodedPacket.fromEncodedChunk(chunk);
        this.delivered = this.delivered.then(() => sink(packet, meta)).catch((e: unknown) => this.fail(e));
      },
      error: (e) => this.fail(e),
    });
    this.encoder.configure(avcConfig(size, fps));
  }

  /**
   * Encodes frame number `index` at `time`; resolves when the encoder can take another. `times`
   * gets 'encode' (handing the frame over) and 'encoder-wait' (its queue full).
   */
  async encode(frame: I420, index: number, time: FrameTime, colorSpace: VideoColorSpaceInit, times?: StageTimes): Promise<void> {
    this.check();
    const t0 = performance.now();
    const video = new VideoFrame(frame.data, {
      format: 'I420',
      codedWidth: this.size.width,
      codedHeight: this.size.height,
      timestamp: time.timestampUs,
      duration: time.durationUs,
      colorSpace,
    });
    try {
      this.encoder.encode(video, { keyFrame: index % this.keyEvery === 0 });
    } finally {
      video.close();
    }
    const t1 = performance.now();
    times?.add('encode', t1 - t0);
    while (this.encoder.encodeQueueSize > MAX_QUEUE) {
      await new Promise<void>((resolve) => this.encoder.addEventListener('dequeue', () => resolve(), { once: true }));
      this.check();
    }
    times?.add('encoder-wait', performance.now() - t1);
  }

  async finish(): Promise<void> {
    this.check();
    await this.encoder.flush();
    await this.delivered;
    this.check();
    this.encoder.close();
  }

  close(): void {
    if (this.encoder.state !== 'closed') this.encoder.close();
  }

  private fail(e: unknown): void {
    this.failure ??= e instanceof Error ? e : new Error(String(e));
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
