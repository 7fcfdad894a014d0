/**
 * Fixed-size frames from a gzipped byte stream, one at a time (the eval's true alpha files: a
 * clip's frames concatenated, gzipped). Streams, so a clip's truth never sits whole in memory.
 */
export class GzFrames {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private rest: Uint8Array = new Uint8Array(0);

  constructor(
    body: ReadableStream<Uint8Array>,
    readonly frameBytes: number,
  ) {
    this.reader = body.pipeThrough(new DecompressionStream('gzip') as ReadableWritablePair<Uint8Array, Uint8Array>).getReader();
  }

  /** The next frame, written into `out`; throws if the stream ends first. */
  async next(out: Uint8Array = new Uint8Array(this.frameBytes)): Promise<Uint8Array> {
    let filled = 0;
    while (filled < this.frameBytes) {
      if (this.rest.length === 0) {
        const { done, value } = await this.reader.read();
        if (done) throw new Error(`the truth stream ended ${filled} bytes into a frame`);
        this.rest = value;
      }
      const n = Math.min(this.rest.length, this.frameBytes - filled);
      out.set(this.rest.subarray(0, n), filled);
      filled += n;
      this.rest = this.rest.subarray(n);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}
