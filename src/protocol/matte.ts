/** The matte worker's interface (comlink): person masks for streamed frames, for whole clips and for the Check step. */
import type { ModelKind, Size } from '../core/geometry';
import type { CheckPair } from '../core/matteCheck';
import type { MatteOptions } from '../core/matteChoice';
import type { SegmenterChoice, SegmenterDelegate } from '../core/segmenterDelegate';
import type { YuvMatrix } from '../core/yuv';
import type { Outcome } from './outcome';

export interface MatteApi {
  /**
   * Fetches what segmentation needs (the runtime and the models), once for the worker's life;
   * `onProgress` hears the bytes so far and in all. The first video's longest wait on a first
   * visit, so the page asks for it as soon as it shows.
   */
  prepare(onProgress?: (loaded: number, total: number) => void): Promise<Outcome<void>>;
  /**
   * Streaming: segments frames arriving on `port` (from the WebCodecs worker) one by one, replying
   * with masks on the same port, at most `grid` in size (maskGridFor: the finest the matte may pick). Resolves once the model is loaded and the port is served, with
   * the delegate it runs on ('auto': the GPU only where this device has a real one).
   */
  serve(port: MessagePort, kind: ModelKind, grid: Size, delegate: SegmenterChoice, matte?: MatteOptions): Promise<Outcome<SegmenterDelegate>>;
  /**
   * A preview's frame: like serve(), for ONE frame, with a fresh matte (as a clip's first frame
   * has); the port is let go of after that answer. Resolves once the port is served.
   */
  serveOne(port: MessagePort, kind: ModelKind, grid: Size, matte?: MatteOptions): Promise<Outcome<void>>;
  /**
   * The ffmpeg.wasm path's matte: the same matte as serve() over `frames` (I420, BT.601, each
   * `frame` in size, concatenated), on the delegate 'auto' picks. Masks at the grid the matte
   * picked (at most `grid`), concatenated. `onFrame` gets the frames done so far (called every few frames).
   */
  matteFrames(kind: ModelKind, frames: Uint8Array, frame: Size, grid: Size, matte: MatteOptions, onFrame: (n: number) => void): Promise<Outcome<{ masks: Uint8Array; grid: Size }>>;
  /**
   * The Check step's look at the matte: `frames` are pairs of consecutive I420 frames (`frame`
   * in size, concatenated); each pair goes through a fresh matte, as the start of a clip does.
   * Each frame's mask and mean luma on the grid the matte picked.
   */
  checkFrames(kind: ModelKind, frames: Uint8Array, frame: Size, matrix: YuvMatrix, grid: Size, matte: MatteOptions): Promise<Outcome<CheckPair[]>>;
}
