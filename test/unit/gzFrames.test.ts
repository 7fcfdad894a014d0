import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GzFrames } from '../../harness/eval/gzFrames';

/** A stream that hands the bytes over in awkward pieces, so frames straddle chunks. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) c.close();
      else c.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

describe('GzFrames', () => {
  it('reads fixed-size frames across chunk boundaries, then refuses to read past the end', async () => {
    const raw = Uint8Array.from({ length: 15 }, (_, i) => i);
    const frames = new GzFrames(chunked(new Uint8Array(gzipSync(raw)), 7), 5);
    expect([...(await frames.next())]).toEqual([0, 1, 2, 3, 4]);
    const out = new Uint8Array(5);
    expect(await frames.next(out)).toBe(out);
    expect([...out]).toEqual([5, 6, 7, 8, 9]);
    expect([...(await frames.next())]).toEqual([10, 11, 12, 13, 14]);
    await expect(frames.next()).rejects.toThrow(/ended/);
    await frames.close();
  });
});
