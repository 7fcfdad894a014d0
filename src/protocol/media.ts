/** The media worker's interface (comlink): probe, frames for the matte, the ffmpeg.wasm composite and the audio mux. */
import type { AudioPlan, ClipRange, MaskSource } from '../core/ffmpegPlan';
import type { Size } from '../core/geometry';
import type { YuvMatrix } from '../core/yuv';
import type { Outcome } from './outcome';
import type { VideoInfo } from './videoInfo';

export interface FrameJob {
  fps: string;
  source: Size;
  output: Size;
  /** The part of the clip made, when not all of it (core/trim). */
  range?: ClipRange | undefined;
}

export interface CompositeJob extends FrameJob {
  mask: MaskSource;
  background: { blob: Blob; size: Size };
  blurSigma: number;
}

export interface MaskInfo {
  width: number;
  height: number;
  frames: number;
  durationSec: number;
}

export interface PrecheckFrames {
  /** 2 x count upright I420 frames of `size`, concatenated: each sampled moment and the frame after it. */
  frames: Uint8Array;
  size: Size;
  matrix: YuvMatrix;
}

export interface MediaApi {
  /**
   * Loads ffmpeg.wasm for the clips WebCodecs can't make: its wasm (32 MB) from the device, or
   * fetched the first time and kept there; `onProgress` hears the bytes so far and in all.
   */
  loadTools(onProgress?: (loaded: number, total: number) => void): Promise<Outcome<void>>;
  probe(file: Blob & { name?: string }): Promise<Outcome<VideoInfo>>;
  /** The clip's frames for the matte: I420 (BT.601) at `size` (matteFrameFor), concatenated. */
  extractMatteFrames(file: Blob, job: FrameJob, size: Size, onFrame: (n: number) => void): Promise<Outcome<Uint8Array>>;
  /** The person over the blurred background, video only. `masks`: raw frames (job.mask raw) or a mask video. */
  composite(file: Blob, masks: Uint8Array | Blob, job: CompositeJob, onFrame: (n: number) => void): Promise<Outcome<Uint8Array>>;
  /** The precheck's `count` moments, each a pair of consecutive whole frames; null when they can't be decoded here. */
  samplePrecheckFrames(file: Blob, durationSec: number, frameSec: number, count: number, startSec?: number): Promise<Outcome<PrecheckFrames | null>>;
  /** Size and frame count of a mask video, from its container. */
  probeMask(mask: Blob): Promise<Outcome<MaskInfo>>;
  /** The composited video with the input's audio: copied when AAC, else encoded to AAC. */
  mux(video: Uint8Array, file: Blob, audio: AudioPlan, range?: ClipRange): Promise<Outcome<Uint8Array>>;
}
