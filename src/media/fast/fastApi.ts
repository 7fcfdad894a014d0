/**
 * The pipeline worker's typed interface (comlink): whether this browser can take a clip on the
 * WebCodecs path, and the streaming run itself.
 */
import { transfer } from 'comlink';
import { ALL_FORMATS, BlobSource, Input } from 'mediabunny';
import { toErrorInfo } from '../../core/errors';
import type { Size } from '../../core/geometry';
import type { Outcome } from '../mediaApi';
import { avcConfig } from './encoder';
import { maskVideoBlocker } from './maskVideoReader';
import { runFastPipeline, type FastJob, type FastResult } from './pipeline';

export interface FastApi {
  /** Null when the clip can go through WebCodecs here, else the reason it can't. */
  unsupportedReason(file: Blob, output: Size, fps: number): Promise<Outcome<string | null>>;
  /** Null when this mask video (fal.ai's) can be decoded alongside the clip here, else why not. */
  maskUnsupportedReason(mask: Blob, output: Size): Promise<Outcome<string | null>>;
  /** `port`: the line to the matte worker's segmenter; null when `job.maskVideo` brings the masks. */
  run(file: Blob, job: FastJob, port: MessagePort | null, onFrame: (n: number) => void): Promise<Outcome<FastResult>>;
}

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
async function reasonOrFailure(check: () => Promise<string | null>): Promise<Outcome<string | null>> {
  try {
    return { ok: true, value: await check() };
  } catch (err) {
    return { ok: true, value: `check failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export function createFastApi(): FastApi {
  return {
    unsupportedReason(file, output, fps) {
      return reasonOrFailure(() => unsupportedReason(file, output, fps));
    },

    maskUnsupportedReason(mask, output) {
      return reasonOrFailure(() => maskUnsupportedReason(mask, output));
    },

    async run(file, job, port, onFrame) {
      try {
        const value = await runFastPipeline(file, job, port, onFrame);
        return transfer({ ok: true as const, value }, [value.video.buffer]);
      } catch (err) {
        console.warn('pipeline worker:', err);
        return { ok: false, error: toErrorInfo(err) };
      }
    },
  };
}
