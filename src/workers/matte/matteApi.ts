/**
 * The matte worker's typed interface (comlink): person masks from the matte (the whole-body matte
 * or the selfie model alone) for frames streamed from the WebCodecs worker, for the ffmpeg.wasm
 * path's frames all at once, and for the Check step's sampled frames; with MediaPipe's models
 * shipped in the app (never fetched from a CDN).
 */
import { ImageSegmenter } from '@mediapipe/tasks-vision';
import { modelFor, type ModelKind, type Size } from '../../core/geometry';
import { chooseSegmenterDelegate, type SegmenterChoice, type SegmenterDelegate } from '../../core/segmenterDelegate';
import type { MatteApi } from '../../protocol/matte';
import { settle } from '../shared/settle';
import { unitToBytes } from '../../core/maskPlane';
import { serveSegmentation } from './segmentServer';
import { webglRenderer } from '../shared/webglRenderer';
import { BodyMatte, SelfieMatte, type FrameMatte } from './personMatte';
import { i420Bytes } from '../../core/yuv';
import type { CheckFrame, CheckPair } from '../../core/matteCheck';
import { DEFAULT_MATTE, type MatteOptions } from '../../core/matteChoice';
import { MODELS, VISION, type RuntimeFile } from '../../shipped/runtimeFiles';
import { compileWasm, downloadAll, type DownloadProgress } from '../../shipped/download';
import { SharedLoad } from '../../shipped/sharedLoad';

type ModelFile = ModelKind | 'pose';

/** Each selfie model's input size. */
const MODEL_INPUT: Readonly<Record<ModelKind, Size>> = {
  landscape: modelFor({ width: 2, height: 1 }),
  square: modelFor({ width: 1, height: 1 }),
};

type Fileset = Parameters<typeof ImageSegmenter.createFromOptions>[0];

/** MediaPipe's runtime: where its loader is, and its wasm compiled once for every segmenter. */
interface Runtime {
  fileset: Fileset;
  wasm: WebAssembly.Module;
}

const bytesOf = async (blob: Blob | undefined): Promise<Uint8Array> => new Uint8Array(await (blob ?? new Blob()).arrayBuffer());

/**
 * What segmenters are made from, each file fetched once for the worker's life: the runtime (its
 * wasm compiled while it downloads, once: every segmenter is an instance of it, made without
 * another fetch or compile; its loader warmed in the HTTP cache) and the three models. A segmenter
 * waits only for the runtime and its own model, so the first one is made while the others still
 * download.
 */
class SegmenterFiles {
  private readonly runtime = new SharedLoad<Runtime>(async (onProgress) => {
    let loaderBytes = 0;
    let wasmBytes = 0;
    const report = () => onProgress(loaderBytes + wasmBytes, VISION.loader.bytes + VISION.wasm.bytes);
    const [wasm] = await Promise.all([
      compileWasm(VISION.wasm, (n) => {
        wasmBytes = n;
        report();
      }),
      downloadAll([VISION.loader], (n) => {
        loaderBytes = n;
        report();
      }),
    ]);
    return { fileset: { wasmLoaderPath: VISION.loader.url, wasmBinaryPath: VISION.wasm.url }, wasm };
  });
  private readonly models: Record<ModelFile, SharedLoad<Uint8Array>> = {
    landscape: this.model(MODELS.landscape),
    square: this.model(MODELS.square),
    pose: this.model(MODELS.pose),
  };

  private model(file: RuntimeFile): SharedLoad<Uint8Array> {
    return new SharedLoad(async (onProgress) => bytesOf((await downloadAll([file], onProgress))[0]));
  }

  async forModel(kind: ModelFile): Promise<{ runtime: Runtime; model: Uint8Array }> {
    const [runtime, model] = await Promise.all([this.runtime.get(), this.models[kind].get()]);
    return { runtime, model };
  }

  /**
   * Fetches them all, with one progress: the runtime and the selfie models first (a selfie
   * segmenter can be made from them while the 2.8 MB pose model comes), then the pose model.
   */
  async all(onProgress?: DownloadProgress): Promise<void> {
    const parts = { runtime: VISION.wasm.bytes + VISION.loader.bytes, landscape: MODELS.landscape.bytes, square: MODELS.square.bytes, pose: MODELS.pose.bytes };
    const total = Object.values(parts).reduce((a, b) => a + b, 0);
    const loaded: Record<keyof typeof parts, number> = { runtime: 0, landscape: 0, square: 0, pose: 0 };
    const track = (part: keyof typeof parts) => (n: number) => {
      loaded[part] = n;
      onProgress?.(Object.values(loaded).reduce((a, b) => a + b, 0), total);
    };
    await Promise.all([this.runtime.get(track('runtime')), this.models.landscape.get(track('landscape')), this.models.square.get(track('square'))]);
    await this.models.pose.get(track('pose'));
  }
}

/** Emscripten's hook for a module instantiated by its host (here: from the wasm compiled once). */
type InstantiateWasm = (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => object;

interface VisionWorkerScope {
  import?: (url: string) => Promise<void>;
  ModuleFactory?: unknown;
  custom_dbg?: (...args: unknown[]) => void;
}

/** MediaPipe's wasm, compiled once: every segmenter's runtime is an instance of it. */
let compiledWasm: WebAssembly.Module | null = null;

/**
 * tasks-vision's module build expects a classic-worker world: in a module worker importScripts
 * throws, so it loads its loader through `self.import` and reads `self.ModuleFactory`; and its
 * wasm logs through a `custom_dbg` that the module build leaves undefined. It starts each runtime
 * with `self.Module` when there is one (then clears it): ours is a fresh object each time it is
 * read (a runtime writes its state on it), whose Emscripten `instantiateWasm` makes the instance
 * from the wasm compiled once, instead of fetching and compiling the file again. Creations side by
 * side each get one.
 */
function prepareModuleWorkerScope(wasm: WebAssembly.Module): void {
  const scope = globalThis as VisionWorkerScope;
  scope.import ??= async (url: string) => {
    const loaded = (await import(/* @vite-ignore */ url)) as { default: unknown };
    scope.ModuleFactory = loaded.default;
  };
  scope.custom_dbg ??= (...args: unknown[]) => console.debug('[mediapipe]', ...args);
  // A stale factory from a previous create breaks the next one.
  scope.ModuleFactory = undefined;
  if (compiledWasm === null) {
    const instantiateWasm: InstantiateWasm = (imports, done) => {
      const module = compiledWasm;
      if (module) void WebAssembly.instantiate(module, imports).then((instance) => done(instance, module), (err: unknown) => console.error('[mediapipe] instantiate failed', err));
      return {};
    };
    Object.defineProperty(globalThis, 'Module', { configurable: true, get: () => ({ instantiateWasm }), set: () => undefined });
  }
  compiledWasm = wasm;
}

/** Segmenter state kept for the worker's life: model loading costs ~0.5 s. */
class Segmenters {
  private readonly cache = new Map<string, Promise<ImageSegmenter>>();
  /** VIDEO mode demands strictly increasing timestamps for the segmenter's whole life. */
  private clockMs = 0;
  private renderer: string | null | undefined;

  readonly files = new SegmenterFiles();

  /** The segmenter for this model on the delegate `choice` resolves to, and that delegate. */
  async get(kind: ModelFile, choice: SegmenterChoice = 'auto'): Promise<{ segmenter: ImageSegmenter; delegate: SegmenterDelegate }> {
    if (choice === 'auto') this.renderer ??= webglRenderer();
    const delegate = chooseSegmenterDelegate(choice, choice === 'auto' ? (this.renderer ?? null) : null);
    try {
      return { segmenter: await this.load(kind, delegate), delegate };
    } catch (err) {
      // A real GPU that 'auto' picked but that won't run the model: the CPU still can.
      if (delegate !== 'gpu' || choice === 'gpu') throw err;
      console.warn(`GPU segmentation failed to start on ${String(this.renderer)}; using the CPU:`, err);
      return { segmenter: await this.load(kind, 'cpu'), delegate: 'cpu' };
    }
  }

  /**
   * Each model's creation is shared by every caller that asks for it meanwhile: the preview, the
   * Check step and the video can ask at once, and two creations of the same segmenter side by
   * side broke MediaPipe's GL postprocessor (a failed shader). Creations of different models run
   * side by side, as before.
   */
  private load(kind: ModelFile, delegate: SegmenterDelegate): Promise<ImageSegmenter> {
    const key = `${kind}:${delegate}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const made = this.create(kind, delegate);
    this.cache.set(key, made);
    // A creation that failed may work next time (a GPU that was busy): not kept.
    made.catch(() => this.cache.delete(key));
    return made;
  }

  private async create(kind: ModelFile, delegate: SegmenterDelegate): Promise<ImageSegmenter> {
    const { runtime, model } = await this.files.forModel(kind);
    prepareModuleWorkerScope(runtime.wasm);
    return ImageSegmenter.createFromOptions(runtime.fileset, {
      baseOptions: { modelAssetBuffer: model, delegate: delegate === 'gpu' ? 'GPU' : 'CPU' },
      ...(delegate === 'gpu' ? { canvas: new OffscreenCanvas(1, 1) } : {}),
      runningMode: 'VIDEO',
      outputConfidenceMasks: true,
      outputCategoryMask: false,
    });
  }

  nextTimestamp(): number {
    this.clockMs += 33;
    return this.clockMs;
  }
}

/** The matte `options` ask for, its segmenters loaded on the delegate `choice` resolves to. */
async function makeMatte(
  owner: Segmenters,
  kind: ModelKind,
  grid: Size,
  choice: SegmenterChoice,
  options: MatteOptions,
): Promise<{ matte: FrameMatte; delegate: SegmenterDelegate }> {
  const { segmenter, delegate } = await owner.get(kind, choice);
  const model = MODEL_INPUT[kind];
  const clock = () => owner.nextTimestamp();
  // The pose model runs on the delegate the selfie model got.
  const matte = options.kind === 'body'
    ? new BodyMatte((await owner.get('pose', delegate)).segmenter, segmenter, model, grid, clock, options.poseEvery, options.kernels)
    : new SelfieMatte(segmenter, model, clock, options.kernels);
  return { matte, delegate };
}

export function createMatteApi(): MatteApi {
  const segmenters = new Segmenters();
  return {
    prepare: (onProgress) => settle('matte', () => segmenters.files.all(onProgress)),

    matteFrames: (kind, frames, frame, grid, options, onFrame) =>
      settle('matte', async () => {
        const { matte } = await makeMatte(segmenters, kind, grid, 'auto', options);
        const frameBytes = i420Bytes(frame.width, frame.height);
        const count = Math.floor(frames.byteLength / frameBytes);
        const guide = new Float32Array(3 * grid.width * grid.height);
        let masks: Uint8Array | null = null;
        let picked: Size = grid;
        for (let i = 0; i < count; i++) {
          const data = frames.subarray(i * frameBytes, (i + 1) * frameBytes);
          const result = matte.run({ width: frame.width, height: frame.height, data }, 'bt601', guide);
          // The matte picks its grid on the first frame and keeps it.
          if (!masks) {
            picked = result.grid;
            masks = new Uint8Array(count * picked.width * picked.height);
          }
          masks.set(result.mask, i * result.mask.length);
          if (i % 5 === 4 || i === count - 1) onFrame(i + 1);
        }
        return { masks: masks ?? new Uint8Array(0), grid: picked };
      }, (value) => [value.masks.buffer]),

    checkFrames: (kind, frames, frame, matrix, grid, options) =>
      settle('matte', async () => {
        const frameBytes = i420Bytes(frame.width, frame.height);
        const guide = new Float32Array(3 * grid.width * grid.height);
        const view = (i: number) => ({ width: frame.width, height: frame.height, data: frames.subarray(i * frameBytes, (i + 1) * frameBytes) });
        const look = (matte: FrameMatte, i: number): CheckFrame => {
          const r = matte.run(view(i), matrix, guide);
          const luma = new Uint8Array(r.mask.length);
          unitToBytes(guide, luma);
          return { mask: r.mask, luma, grid: r.grid, presence: r.presence, people: r.people };
        };
        const pairs: CheckPair[] = [];
        // A second opinion: the selfie model alone on the whole frame, on the model's grid.
        const second = await makeMatte(segmenters, kind, MODEL_INPUT[kind], 'auto', { kind: 'selfie' });
        const selfieGuide = new Float32Array(3 * MODEL_INPUT[kind].width * MODEL_INPUT[kind].height);
        for (let i = 0; i + 1 < Math.floor(frames.byteLength / frameBytes); i += 2) {
          const { matte } = await makeMatte(segmenters, kind, grid, 'auto', options);
          const selfie = second.matte.run(view(i), matrix, selfieGuide).mask;
          pairs.push({ first: look(matte, i), next: look(matte, i + 1), selfie });
        }
        return pairs;
      }),

    serve: (port, kind, grid, choice, options = DEFAULT_MATTE) =>
      settle('matte', async () => {
        const { matte, delegate } = await makeMatte(segmenters, kind, grid, choice, options);
        serveSegmentation(port, matte);
        return delegate;
      }),

    serveOne: (port, kind, grid, options = DEFAULT_MATTE) =>
      settle('matte', async () => {
        const { matte } = await makeMatte(segmenters, kind, grid, 'auto', options);
        serveSegmentation(port, matte, true);
      }),
  };
}
