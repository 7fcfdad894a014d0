/**
 * Small pictures of a clip at given moments (the trim step's strip), upright, `height` pixels
 * high; a moment that can't be decoded is left out (null).
 */
import { ALL_FORMATS, BlobSource, CanvasSink, Input } from 'mediabunny';

export async function thumbnails(file: Blob, timesSec: readonly number[], height: number): Promise<(ImageBitmap | null)[]> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) return timesSec.map(() => null);
    const first = await track.getFirstTimestamp();
    const sink = new CanvasSink(track, { height, poolSize: 0 });
    const out: (ImageBitmap | null)[] = [];
    for await (const wrapped of sink.canvasesAtTimestamps(timesSec.map((t) => first + t))) {
      const canvas = wrapped?.canvas;
      out.push(canvas instanceof OffscreenCanvas ? canvas.transferToImageBitmap() : canvas ? await createImageBitmap(canvas) : null);
    }
    return out;
  } finally {
    input.dispose();
  }
}
