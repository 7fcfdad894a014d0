/**
 * A mask video (from fal.ai) as the pipeline's mask source: decoded with WebCodecs (mediabunny)
 * one frame ahead of the compositor, frame N of the mask for frame N of the clip, cropped to the
 * output size. A mask a frame or two short (container rounding; maskMismatch allows it) repeats its
 * last frame. Mask buffers are pooled, so memory stays flat.
 */
import { ALL_FORMATS, BlobSource, Input, VideoSampleSink, type InputVideoTrack, type VideoSample } from 'mediabunny';
import type { Size } from '../../core/geometry';
import { formatCarries, maskFromFrame, type MaskVideoChannel } from '../../core/maskPlane';
import type { MaskResult, MaskSource } from './maskSource';

/** Why this mask video can't be read on the WebCodecs path for an output of `output`, or null. */
export async function maskVideoBlocker(track: InputVideoTrack, output: Size): Promise<string | null> {
  if ((await track.getRotation()) !== 0) return 'the mask video carries rotation metadata';
  const w = track.codedWidth;
  const h = track.codedHeight;
  if (w < output.width || h < output.height) return `mask video is ${w}x${h}, smaller than ${output.width}x${output.height}`;
  const config = await track.getDecoderConfig();
  if (!config) return `no decoder config for the mask's ${await track.getCodec()}`;
  if (!(await VideoDecoder.isConfigSupported(config)).supported) return `${config.codec} mask decoding not supported`;
  return null;
}

export class MaskVideoReader implements MaskSource {
  private readonly ready = new Map<number, Promise<MaskResult>>();
  /** Reads are strictly one after another: the sink's iterator is not re-entrant. */
  private chain: Promise<unknown> = Promise.resolve();
  private readonly spare: Uint8Array[] = [];
  private last: Uint8Array | null = null;
  private raw: Uint8Array<ArrayBuffer> | null = null;
  private closed = false;

  private constructor(
    private readonly input: Input,
    private readonly samples: AsyncGenerator<VideoSample, void, unknown>,
    private readonly channel: MaskVideoChannel,
    private readonly size: Size,
  ) {}

  static async open(blob: Blob, channel: MaskVideoChannel, output: Size): Promise<MaskVideoReader> {
    const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
    try {
      const track = await input.getPrimaryVideoTrack();
      if (!track) throw new Error('the mask has no video track');
      const blocker = await maskVideoBlocker(track, output);
      if (blocker) throw new Error(blocker);
      return new MaskVideoReader(input, new VideoSampleSink(track).samples(), channel, output);
    } catch (err) {
      input.dispose();
      throw err;
    }
  }

  send(index: number): void {
    const read = this.chain.then(() => this.readNext());
    // A failed read fails its own take(); the chain goes on so close() is never stuck behind it.
    this.chain = read.catch(() => undefined);
    read.catch(() => undefined);
    this.ready.set(index, read);
  }

  take(index: number): Promise<MaskResult> {
    const read = this.ready.get(index);
    this.ready.delete(index);
    return read ?? Promise.reject(new Error(`mask ${index} was never asked for`));
  }

  recycle(result: MaskResult): void {
    this.spare.push(result.mask);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.chain
      .then(() => this.samples.return())
      .catch(() => undefined)
      .finally(() => this.input.dispose());
  }

  private async readNext(): Promise<MaskResult> {
    const t0 = performance.now();
    const { width, height } = this.size;
    const out = this.spare.pop() ?? new Uint8Array(width * height);
    const next = await this.samples.next();
    if (next.done) {
      if (!this.last) throw new Error('the mask video has no frames');
      out.set(this.last);
      return { mask: out, grid: this.size, ms: performance.now() - t0 };
    }
    const sample = next.value;
    try {
      await this.copy(sample, out);
    } finally {
      sample.close();
    }
    (this.last ??= new Uint8Array(width * height)).set(out);
    return { mask: out, grid: this.size, ms: performance.now() - t0 };
  }

  private async copy(sample: VideoSample, out: Uint8Array): Promise<void> {
    const { width, height } = this.size;
    const v = sample.visibleRect;
    const rect = { x: v.left, y: v.top, width, height };
    const format = sample.format;
    const direct = format !== null && formatCarries(format, this.channel) && (format === 'I420' || format === 'I420A' || format === 'NV12');
    // Planar formats are read as they are; anything else the browser converts to RGBA for us.
    const asFormat = direct ? format : 'RGBA';
    if (!direct && this.channel === 'alpha' && format !== 'RGBA' && format !== 'BGRA') {
      throw new Error(`the mask video's frames (${String(format)}) have no alpha`);
    }
    const bytes = direct ? sample.allocationSize({ rect }) : width * height * 4;
    if (!this.raw || this.raw.byteLength < bytes) this.raw = new Uint8Array(bytes);
    await sample.copyTo(this.raw, direct ? { rect } : { rect, format: 'RGBA' });
    maskFromFrame(this.raw, asFormat, this.channel, width, height, sample.colorSpace.fullRange === true, out);
  }
}
