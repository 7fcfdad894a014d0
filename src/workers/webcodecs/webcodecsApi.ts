/**
 * The WebCodecs worker's typed interface (comlink): whether this browser can take a clip on the
 * WebCodecs path, and the streaming run itself.
 */
import { ALL_FORMATS, BlobSource, Input } from 'mediabunny';
import type { Size } from '../../core/geometry';
import type { Outcome } from '../../protocol/outcome';
import type { WebCodecsApi } from '../../protocol/webcodecs';
import { avcConfig } from './encoder';
import { maskVideoBlocker } from './maskVideoReader';
import { restyleVideo } from './restyleVideo';
import { settle } from '../shared/settle';
import { PreviewMaker } from './previewFrame';
import { thumbnails } from './thumbnails';

async function unsupportedReason(file: Blob, output: Size, fps: number): Promise<string | null> {
  if (typeof VideoDecoder === 'undefined' || typeof VideoEncoder === 'undefined' || typeof OffscreenCanvas === 'undefined') {
    return 'no WebCodecs in this browser';
  }
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  try {
    if (!(await input.canRead())) return 'container not readable by mediabunny';
    const track = await input.getPrimaryVideoTrack();
    if (!track) return 'no video track';
    const config = await track.getDecoderConfig();
    if (!config) return `no decoder config for ${await track.getCodec()}`;
    if (!(await VideoDecoder.isConfigSupported(config)).supported) return `${config.codec} decoding not supported`;
    const encode = avcConfig(output, fps);
    if (!(await VideoEncoder.isConfigSupported(encode)).supported) return `${encode.codec} encoding at ${output.width}x${output.height} not supported`;
    return null;
  } finally {
    input.dispose();
  }
}

async function maskUnsupportedReason(mask: Blob, output: Size): Promise<string | null> {
  const input = new Input({ source: new BlobSource(mask), formats: ALL_FORMATS });
  try {
    if (!(await input.canRead())) return 'mask container not readable by mediabunny';
    const track = await input.getPrimaryVideoTrack();
    if (!track) return 'the mask has no video track';
    return await maskVideoBlocker(track, output);
  } finally {
    input.dispose();
  }
}

/** A check that could not run answers with its reason, never an error: the other path remains. */
function reasonOrFailure(check: () => Promise<string | null>): Promise<Outcome<string | null>> {
  return settle('WebCodecs', () => check().catch((err: unknown) => `check failed: ${err instanceof Error ? err.message : String(err)}`));
}

export function createWebCodecsApi(): WebCodecsApi {
  const previews = new PreviewMaker();
  return {
    unsupportedReason(file, output, fps) {
      return reasonOrFailure(() => unsupportedReason(file, output, fps));
    },

    maskUnsupportedReason(mask, output) {
      return reasonOrFailure(() => maskUnsupportedReason(mask, output));
    },

    run: (file, job, port, onFrame) => settle('WebCodecs', () => restyleVideo(file, job, port, onFrame), (value) => [value.video.buffer]),

    thumbnails: (file, timesSec, height) =>
      settle('WebCodecs', () => thumbnails(file, timesSec, height), (pictures) => pictures.filter((p): p is ImageBitmap => p !== null)),

    preview: (file, req, port) => settle('WebCodecs', () => previews.make(file, req, port), (still) => (still ? [still] : [])),
  };
}
