/**
 * The frame averaged down for the models (to the mask grid, with the refinement's guide, and to
 * the model's input when that is coarser), on the pixel kernels chosen at start-up: wasm SIMD
 * where the browser runs it (the frame copied into their memory once a frame, ~0.1 ms at 720p),
 * else JS. Built when the first frame says its size; again if a frame comes at another size.
 */
import { downscalePlan, type DownscalePlan, type KernelChoice, type PixelKernels } from '../../core/pixelKernels';
import type { Size } from '../../core/geometry';
import { i420Bytes, type I420, type YuvMatrix } from '../../core/yuv';
import { withPixelKernels } from '../shared/wasmKernels';

interface Target {
  plan: DownscalePlan;
  rgba: Uint8ClampedArray<ArrayBuffer>;
  image: ImageData;
  /** The guide in the kernels' memory (mean Y, U, V per cell); null on the JS kernels (they write the caller's). */
  guide: Float32Array | null;
}

interface Built {
  frameSize: Size;
  kernels: PixelKernels;
  /** The frame's copy in the kernels' memory (null on the JS kernels: they read the caller's), and which frame it holds. */
  copy: I420 | null;
  holds: I420 | null;
  targets: Target[];
}

export class FrameDownscaler {
  private built: Built | null = null;

  constructor(
    /** The sizes it makes, by index. */
    private readonly sizes: readonly Size[],
    private readonly choice: KernelChoice = 'auto',
  ) {}

  /**
   * The frame averaged into `sizes[target]` cells, as an image for the segmenter (reused by the
   * next call for that target). `guide`: filled with each cell's mean Y (0..1), then mean U and V
   * when it has room for three planes.
   */
  run(frame: I420, matrix: YuvMatrix, target: number, guide?: Float32Array): ImageData {
    const b = this.ready(frame);
    const t = b.targets[target];
    if (!t) throw new Error(`no downscale target ${target}`);
    let source = frame;
    if (b.copy) {
      if (b.holds !== frame) {
        b.copy.data.set(frame.data);
        b.holds = frame;
      }
      source = b.copy;
    }
    const cells = t.plan.out.width * t.plan.out.height;
    if (!guide) b.kernels.downscaleI420ToRgba(t.plan, source, matrix, t.rgba, null);
    else if (!t.guide) b.kernels.downscaleI420ToRgba(t.plan, source, matrix, t.rgba, guide);
    else {
      // The kernels write their own copy; the caller's gets as many planes as it has room for.
      const planes = guide.length >= 3 * cells ? 3 : 1;
      const own = t.guide.subarray(0, planes * cells);
      b.kernels.downscaleI420ToRgba(t.plan, source, matrix, t.rgba, own);
      guide.set(own);
    }
    return t.image;
  }

  private ready(frame: I420): Built {
    const size = { width: frame.width, height: frame.height };
    if (this.built && this.built.frameSize.width === size.width && this.built.frameSize.height === size.height) return this.built;
    this.built = withPixelKernels(this.choice, (kernels): Built => {
      const { arena } = kernels;
      const wasm = kernels.kind !== 'js';
      const copy = wasm ? { ...size, data: arena.u8(i420Bytes(size.width, size.height)) } : null;
      const targets = this.sizes.map((out): Target => {
        const bytes = arena.u8(out.width * out.height * 4);
        const rgba = new Uint8ClampedArray(bytes.buffer, bytes.byteOffset, bytes.length);
        return {
          plan: downscalePlan(arena, size, out),
          rgba,
          image: new ImageData(rgba, out.width, out.height),
          guide: wasm ? arena.f32(3 * out.width * out.height) : null,
        };
      });
      return { frameSize: size, kernels, copy, holds: null, targets };
    });
    return this.built;
  }
}
