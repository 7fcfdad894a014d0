/**
 * The precheck's few still frames, decoded with WebCodecs (mediabunny) in the media worker and
 * averaged down from their own YUV planes to the segmenter's input size. No <video> element on
 * the page: that way leaked ~17 MB a clip here (twenty clips in a row grew the tab by 300 MB),
 * and it decoded on the main thread.
 */
import { ALL_FORMATS, BlobSource, Input, VideoSampleSink } from 'mediabunny';
import { displaySize, evenSize, type Size } from '../core/geometry';
import { downscaleI420ToRgba, newI420, rotatedSize, type YuvMatrix } from '../core/yuv';
import { matrixOf, UprightCopier } from './fast/frameCopy';

/**
 * `count` RGBA frames of `model` size spread over the clip, concatenated; null when this browser
 * can't decode the clip's pictures (the precheck is then skipped, the clip can still be made).
 */
export async function samplePrecheckFrames(file: Blob, durationSec: number, model: Size, count: number): Promise<Uint8Array | null> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) return null;
    const config = await track.getDecoderConfig();
    if (!config || !(await VideoDecoder.isConfigSupported(config)).supported) return null;
    const rotation = await track.getRotation();
    const output = evenSize(displaySize({ width: track.codedWidth, height: track.codedHeight }, rotation));
    const coded = rotatedSize(output.width, output.height, rotation);
    const copier = new UprightCopier(rotation, coded.width, coded.height);
    const frame = newI420(output.width, output.height);
    const frameBytes = model.width * model.height * 4;
    const out = new Uint8Array(frameBytes * count);
    const start = await track.getFirstTimestamp();
    // Spread over the clip, avoiding the very first and last frames (often black or frozen).
    const times = Array.from({ length: count }, (_, i) => start + (durationSec * (i + 0.5)) / count);
    let made = 0;
    for await (const sample of new VideoSampleSink(track).samplesAtTimestamps(times)) {
      if (!sample) continue;
      let matrix: YuvMatrix;
      try {
        await copier.copy(sample, frame);
        matrix = matrixOf(sample);
      } finally {
        sample.close();
      }
      if (made < count) {
        downscaleI420ToRgba(frame, model.width, model.height, matrix, new Uint8ClampedArray(out.buffer, made * frameBytes, frameBytes));
        made++;
      }
    }
    return made === count ? out : null;
  } finally {
    input.dispose();
  }
}
