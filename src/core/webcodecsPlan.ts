/**
 * Pure choices for the WebCodecs path: the H.264 codec string and bitrate for an output size,
 * and whether a clip's facts allow the path at all (before asking the browser's codecs).
 */
import type { Size } from './geometry';

/** 16x16 macroblocks in a frame. */
function macroblocks(size: Size): number {
  return Math.ceil(size.width / 16) * Math.ceil(size.height / 16);
}

/**
 * High profile at a level that holds the frame: 4.0 up to 1080p-sized frames in either
 * orientation (3.1, avc1.64001f, is refused at 1080x1920), 5.1 above.
 */
export function avcCodecFor(size: Size): string {
  return macroblocks(size) <= 8192 ? 'avc1.640028' : 'avc1.640033';
}

/** About 0.12 bits a pixel: close to what x264 at CRF 20 spends on these clips. */
export function avcBitrateFor(size: Size, fps: number): number {
  return Math.round(size.width * size.height * Math.max(1, fps) * 0.12);
}

/** A key frame every two seconds keeps seeking in the result quick. */
export function keyFrameInterval(fps: number): number {
  return Math.max(1, Math.round(fps * 2));
}

/** Why the WebCodecs path can't take this clip from its container facts alone, or null when it may. */
export function webcodecsBlocker(facts: { audioCodec: string | null; rotation: number }): string | null {
  if (facts.audioCodec !== null && facts.audioCodec !== 'aac') return `audio is ${facts.audioCodec}, not AAC (needs transcoding)`;
  if (![0, 90, 180, 270].includes(((facts.rotation % 360) + 360) % 360)) return `rotation ${facts.rotation} is not a quarter turn`;
  return null;
}
