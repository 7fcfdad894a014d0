/**
 * MP4 out with mediabunny: the encoded video, and the input's AAC packets copied as they are
 * (no AAC encoder in WebCodecs here), interleaved with the video as it is written.
 */
import { BufferTarget, EncodedAudioPacketSource, EncodedPacket, EncodedPacketSink, EncodedVideoPacketSource, Mp4OutputFormat, Output, type InputAudioTrack } from 'mediabunny';

export class Mp4Writer {
  private readonly output: Output<Mp4OutputFormat, BufferTarget>;
  private readonly video = new EncodedVideoPacketSource('avc');
  private readonly audio: EncodedAudioPacketSource | null;
  private audioPackets: AsyncGenerator<EncodedPacket, void, unknown> | null = null;
  private nextAudio: EncodedPacket | null = null;
  private audioMeta: EncodedAudioChunkMetadata | undefined;
  /** Input time (s) of the first video frame: audio is moved by it, so both start together at 0. */
  private shiftSec = 0;
  /** Input time (s) where the part made ends: no audio from after it. */
  private endSec = Infinity;
  private firstVideo = true;
  /** Time spent copying audio packets, for the mux timing. */
  audioMs = 0;

  constructor(private readonly audioTrack: InputAudioTrack | null) {
    // The whole file is only the compressed output; moov up front so it plays while loading.
    this.output = new Output({ format: new Mp4OutputFormat({ fastStart: 'in-memory' }), target: new BufferTarget() });
    // No frameRate: it would snap every timestamp to a fixed grid, and frames keep the input's own times.
    this.output.addVideoTrack(this.video);
    this.audio = audioTrack ? new EncodedAudioPacketSource('aac') : null;
    if (this.audio) this.output.addAudioTrack(this.audio);
  }

  async start(): Promise<void> {
    if (this.audioTrack) {
      const config = await this.audioTrack.getDecoderConfig();
      this.audioMeta = config ? { decoderConfig: config } : undefined;
    }
    await this.output.start();
  }

  /**
   * Audio from input time `fromSec` (the first video frame's) to `untilSec`, shifted to start at
   * 0 with the video: from the first packet that starts at or after it (an AAC packet is ~21 ms),
   * so the two stay in sync. Without `untilSec`, all of it as it is. Called once, before the
   * first video packet.
   */
  async audioFrom(fromSec: number, untilSec = Infinity): Promise<void> {
    this.endSec = untilSec;
    if (!this.audioTrack) return;
    const sink = new EncodedPacketSink(this.audioTrack);
    if (untilSec === Infinity) {
      // The whole clip: all its audio, at its own times.
      this.audioPackets = sink.packets();
    } else {
      const at = await sink.getPacket(fromSec);
      const first = at && at.timestamp < fromSec - 1e-6 ? await sink.getNextPacket(at) : (at ?? (await sink.getFirstPacket()));
      this.shiftSec = fromSec;
      this.audioPackets = first ? sink.packets(first) : null;
    }
    this.nextAudio = this.audioPackets ? ((await this.audioPackets.next()).value ?? null) : null;
  }

  async addVideo(packet: EncodedPacket, meta: EncodedVideoChunkMetadata | undefined): Promise<void> {
    await this.video.add(packet, this.firstVideo ? meta : undefined);
    this.firstVideo = false;
    await this.copyAudioUntil(packet.timestamp + packet.duration);
  }

  /** All the rest of the audio, then the finished file. */
  async finish(): Promise<Uint8Array> {
    await this.copyAudioUntil(Infinity);
    await this.output.finalize();
    const buffer = this.output.target.buffer;
    if (!buffer) throw new Error('muxer produced no file');
    return new Uint8Array(buffer);
  }

  async cancel(): Promise<void> {
    await this.output.cancel().catch(() => undefined);
  }

  /** `timestamp`: output time (s) the video has reached. */
  private async copyAudioUntil(timestamp: number): Promise<void> {
    if (!this.audio || !this.audioPackets) return;
    const t0 = performance.now();
    while (this.nextAudio && this.nextAudio.timestamp - this.shiftSec < timestamp && this.nextAudio.timestamp < this.endSec) {
      const packet = this.shiftSec === 0 ? this.nextAudio : this.nextAudio.clone({ timestamp: this.nextAudio.timestamp - this.shiftSec });
      await this.audio.add(packet, this.audioMeta);
      this.audioMeta = undefined;
      this.nextAudio = (await this.audioPackets.next()).value ?? null;
    }
    this.audioMs += performance.now() - t0;
  }
}
