/**
 * The precheck's few frames, decoded with WebCodecs (mediabunny) in the media worker. No <video> element on
 * the page: that way leaked ~17 MB a clip here (twenty clips in a row grew the tab by 300 MB),
 * and it decoded on the main thread.
 */
import { ALL_FORMATS, BlobSource, Input, VideoSampleSink } from 'mediabunny';
import { displaySize, evenSize } from '../../core/geometry';
import { i420Bytes, rotatedSize, type YuvMatrix } from '../../core/yuv';
import { matrixOf, UprightCopier } from '../shared/frameCopy';
import type { PrecheckFrames } from '../../protocol/media';

/**
 * `count` moments spread over the clip, each as a pair of consecutive frames (`frameSec` apart),
 * whole and upright, as the WebCodecs pipeline hands them to the matte; null when this browser
 * can't decode the clip's pictures (the precheck is then skipped, the clip can still be made).
 */
/** `startSec`, `durationSec`: the part of the clip that will be made (all of it, or the part kept by a trim). */
export async function samplePrecheckFrames(file: Blob, durationSec: number, frameSec: number, count: number, startSec = 0): Promise<PrecheckFrames | null> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) return null;
    const config = await track.getDecoderConfig();
    if (!config || !(await VideoDecoder.isConfigSupported(config)).supported) return null;
    const rotation = await track.getRotation();
    const size = evenSize(displaySize({ width: track.codedWidth, height: track.codedHeight }, rotation));
    const coded = rotatedSize(size.width, size.height, rotation);
    const copier = new UprightCopier(rotation, coded.width, coded.height);
    const frameBytes = i420Bytes(size.width, size.height);
    const out = new Uint8Array(frameBytes * 2 * count);
    const start = (await track.getFirstTimestamp()) + startSec;
    // Spread over the clip, avoiding the very first and last frames (often black or frozen).
    const times = Array.from({ length: count }, (_, i) => start + (Math.max(0, durationSec - frameSec) * (i + 0.5)) / count).flatMap((t) => [t, t + frameSec]);
    let matrix: YuvMatrix = 'bt601';
    let made = 0;
    for await (const sample of new VideoSampleSink(track).samplesAtTimestamps(times)) {
      if (!sample) continue;
      try {
        if (made < 2 * count) {
          await copier.copy(sample, { ...size, data: out.subarray(made * frameBytes, (made + 1) * frameBytes) });
          if (made === 0) matrix = matrixOf(sample);
          made++;
        }
      } finally {
        sample.close();
      }
    }
    return made === 2 * count ? { frames: out, size, matrix } : null;
  } finally {
    input.dispose();
  }
}
