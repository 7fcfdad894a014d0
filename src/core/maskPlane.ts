/**
 * A mask video's frame -> the person's alpha (0..255, one byte a pixel). Pure, so the plane
 * arithmetic is unit-tested apart from the decoder. Two kinds of mask video come back from fal.ai:
 * a grey one whose luma is the alpha (BiRefNet) and a transparent one whose alpha plane is the
 * person (BEN v2, VP9 with alpha).
 */

export type MaskVideoChannel = 'luma' | 'alpha';

/** Pixel layouts a decoded mask frame can arrive in that we read directly (others: ask for RGBA). */
export type MaskFrameFormat = 'I420' | 'I420A' | 'NV12' | 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX';

/** Byte offset of the plane that holds the alpha, for a tightly packed frame of `width` x `height`. */
function planeOffset(format: MaskFrameFormat, channel: MaskVideoChannel, width: number, height: number): number | null {
  if (channel === 'luma') return format === 'I420' || format === 'I420A' || format === 'NV12' ? 0 : null;
  if (format !== 'I420A') return null;
  const chroma = Math.ceil(width / 2) * Math.ceil(height / 2);
  return width * height + 2 * chroma;
}

/** Whether `format` carries what `channel` needs (an alpha channel needs an alpha plane). */
export function formatCarries(format: string, channel: MaskVideoChannel): format is MaskFrameFormat {
  if (channel === 'alpha') return format === 'I420A' || format === 'RGBA' || format === 'BGRA';
  return ['I420', 'I420A', 'NV12', 'RGBA', 'RGBX', 'BGRA', 'BGRX'].includes(format);
}

/**
 * Writes the alpha of a tightly packed `width` x `height` frame into `out` (same size).
 * Limited-range luma (16..235) is stretched to 0..255, as ffmpeg's `format=gray` does on the other
 * path, so a white mask is fully opaque; an alpha plane is full range already.
 */
export function maskFromFrame(
  raw: Uint8Array,
  format: MaskFrameFormat,
  channel: MaskVideoChannel,
  width: number,
  height: number,
  fullRange: boolean,
  out: Uint8Array,
): Uint8Array {
  const n = width * height;
  if (out.length < n) throw new Error(`mask buffer holds ${out.length} bytes, needs ${n}`);
  const offset = planeOffset(format, channel, width, height);
  if (offset !== null) {
    const plane = raw.subarray(offset, offset + n);
    if (plane.length < n) throw new Error('mask frame is shorter than its size says');
    if (channel === 'alpha' || fullRange) out.set(plane);
    else for (let i = 0; i < n; i++) out[i] = limitedToFull(plane[i]!);
    return out;
  }
  // Packed RGB(A): alpha from A, luma from the green-weighted mean (a grey mask has R = G = B).
  if (raw.length < n * 4) throw new Error('mask frame is shorter than its size says');
  const bgr = format === 'BGRA' || format === 'BGRX';
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    if (channel === 'alpha') out[i] = raw[j + 3]!;
    else {
      const r = raw[j + (bgr ? 2 : 0)]!;
      const b = raw[j + (bgr ? 0 : 2)]!;
      out[i] = (r * 77 + raw[j + 1]! * 150 + b * 29 + 128) >> 8;
    }
  }
  return out;
}

/** 16..235 -> 0..255, clamped. */
export function limitedToFull(y: number): number {
  const v = Math.round(((y - 16) * 255) / 219);
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** Values in 0..1 (a model's confidence, a guide's luma) to bytes 0..255, as many as `out` holds. */
export function unitToBytes(values: Float32Array, out: Uint8Array): void {
  for (let p = 0; p < out.length; p++) out[p] = Math.round((values[p] ?? 0) * 255);
}
