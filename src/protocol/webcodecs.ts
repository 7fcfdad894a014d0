/** The WebCodecs worker's interface (comlink): can it take this clip, and the streaming job that makes the video. */
import type { CompositorChoice, CompositorKind, CompositorTimes } from '../core/compositorPolicy';
import type { Size } from '../core/geometry';
import type { MaskVideoChannel } from '../core/maskPlane';
import type { RefineSettings } from '../core/matteRefine';
import type { KernelChoice, KernelKind } from '../core/pixelKernels';
import type { Outcome } from './outcome';
import type { StageMs } from '../core/stageTimes';

/**
 * Where each worker's time went (ms summed over the clip, by stage; `npm run bench -- --profile`).
 * WebCodecs worker: 'decode' (waiting for the decoder), 'copy' (the frame out of it, upright),
 * 'send', 'mask-wait' (waiting for the matte worker), the compositor's parts ('coefficients' and
 * 'apply': the refinement's two halves; 'blend': tint and blend; 'composite': the rest, or all of
 * a compositor that names no parts), 'colour-match', 'encode', 'encoder-wait' (its queue full),
 * 'start' (background, compositor), 'encoder-flush', 'mux'.
 * Matte worker (on-device masks): 'idle' (waiting for a frame), 'prepare', 'crop', 'model',
 * 'mask', 'other'.
 */
export interface PipelineProfile {
  frames: number;
  webcodecs: StageMs;
  matte?: StageMs;
}
import type { ClipRange } from '../core/ffmpegPlan';

export interface WebCodecsJob {
  /** Upright, even-sided output size. */
  output: Size;
  fps: number;
  frameCount: number;
  /** The segmenter's masks' size (maskGridFor); unused with a mask video. */
  maskGrid: Size;
  background: { blob: Blob; size: Size };
  blurSigma: number;
  /** Matte refinement (edges, time); on by default, off only to measure it. */
  refine: RefineSettings;
  withAudio: boolean;
  /** Which compositor: 'auto' (default) = the CPU one on a software WebGL renderer, else both timed on the first frame and mask. */
  compositor?: CompositorChoice;
  /** The CPU compositor's pixel kernels: 'auto' (default) = wasm SIMD where it runs, else JS. */
  kernels?: KernelChoice;
  /** Masks from this video (fal.ai's) instead of the segmenter; they are at the output size. */
  maskVideo?: { blob: Blob; channel: MaskVideoChannel };
  /** Tint the person towards the background's overall colour (off by default). */
  colourMatch?: boolean;
  /** The part of the clip made, when not all of it (core/trim): its frames and its audio only. */
  range?: ClipRange;
}

export interface WebCodecsResult {
  video: Uint8Array;
  frames: number;
  compositor: CompositorKind;
  /** Milliseconds per frame each compositor took at start-up ('auto' only; null = could not run). */
  compositorMs?: CompositorTimes;
  /** The CPU compositor only: which pixel kernels it ran. */
  kernels?: KernelKind;
  /** Seconds of this worker's time: decode + waiting on masks, composite + encode, audio + finalize. */
  timings: { matte: number; composite: number; mux: number };
  profile: PipelineProfile;
}

/** One preview still: the frame at `atSec`, composited as the video will be. */
export interface PreviewRequest {
  /** Names the clip (the same clip, the same key): its opened file and decoded frame are kept between calls. */
  clipKey: string;
  atSec: number;
  /** Upright, even-sided output size (the video's), and the still's size (smaller, for the screen). */
  output: Size;
  size: Size;
  maskGrid: Size;
  /** `key` names the picture (its id and size): its blurred planes are kept between calls. */
  background: { key: string; blob: Blob; size: Size };
  blurSigma: number;
  colourMatch: boolean;
  compositor: CompositorChoice;
}

export interface WebCodecsApi {
  /** Null when the clip can go through WebCodecs here, else the reason it can't. */
  unsupportedReason(file: Blob, output: Size, fps: number): Promise<Outcome<string | null>>;
  /** Null when this mask video (fal.ai's) can be decoded alongside the clip here, else why not. */
  maskUnsupportedReason(mask: Blob, output: Size): Promise<Outcome<string | null>>;
  /** `port`: the line to the matte worker's segmenter; null when `job.maskVideo` brings the masks. */
  run(file: Blob, job: WebCodecsJob, port: MessagePort | null, onFrame: (n: number) => void): Promise<Outcome<WebCodecsResult>>;
  /**
   * A preview still. With `port` (a line the matte worker serves for one frame) the frame is
   * decoded and cut out anew; without it, the frame kept from the last call is used if it is this
   * one, else the answer is null (send a port).
   */
  preview(file: Blob, req: PreviewRequest, port: MessagePort | null): Promise<Outcome<ImageBitmap | null>>;
  /** Small upright pictures of the clip at these moments (s from its start), `height` high; null where one can't be decoded. */
  thumbnails(file: Blob, timesSec: readonly number[], height: number): Promise<Outcome<(ImageBitmap | null)[]>>;
}
