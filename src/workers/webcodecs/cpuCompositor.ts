/**
 * The compositor on the CPU: refine the mask to an alpha, steady it over time, blend on the YUV
 * planes. The per-pixel loops run in the pixel kernels chosen at start-up (wasm SIMD, else JS):
 * with wasm, the background, the alpha and a working copy of each frame live in the kernels'
 * memory, and a frame is copied in and out (a memcpy: ~0.1 ms at 720p).
 */
import { NO_TINT, type Tint } from '../../core/colourMatch';
import type { Size } from '../../core/geometry';
import { MaskSteadier } from '../../core/maskSteady';
import { MatteRefiner, REFINE_TUNING, type RefineSettings } from '../../core/matteRefine';
import type { KernelChoice, KernelKind, PixelKernels } from '../../core/pixelKernels';
import type { StageTimes } from '../../core/stageTimes';
import type { I420 } from '../../core/yuv';
import { withPixelKernels } from '../shared/wasmKernels';
import { isFullResolution, type Compositor, type MaskInput } from './compositor';

export class CpuCompositor implements Compositor {
  readonly kind = 'cpu';
  private readonly alpha: Uint8Array;
  /** Low-resolution masks (the segmenter's): upsampled and refined. */
  private readonly refiner: MatteRefiner | null = null;
  /** Full-resolution masks: only steadied over time, when refinement is on. */
  private readonly steadier: MaskSteadier | null = null;
  private readonly background: I420;
  /** Where each frame is worked on when the kernels can't reach the caller's buffers (wasm). */
  private readonly work: I420 | null = null;

  constructor(
    background: I420,
    maskSize: Size,
    refine: RefineSettings,
    private readonly kernels: PixelKernels,
  ) {
    const { arena } = kernels;
    const { width, height } = background;
    const size = { width, height };
    if (kernels.kind === 'js') this.background = background;
    else {
      const inArena = (): I420 => ({ width, height, data: arena.u8(background.data.length) });
      this.background = inArena();
      this.background.data.set(background.data);
      this.work = inArena();
    }
    this.alpha = arena.u8(width * height);
    if (!isFullResolution(maskSize, size)) this.refiner = new MatteRefiner(maskSize, size, refine, REFINE_TUNING, kernels);
    else if (refine.temporal) this.steadier = new MaskSteadier(width * height);
  }

  get kernelKind(): KernelKind {
    return this.kernels.kind;
  }

  composite(frame: I420, input: MaskInput, tint: Tint = NO_TINT, times?: StageTimes): void {
    const target = this.work ?? frame;
    if (this.work) this.work.data.set(frame.data);
    let alpha = input.mask;
    if (this.refiner) alpha = this.refiner.refine(input.mask, target, this.alpha, input.guide, times);
    else if (this.steadier) alpha = this.steadier.steady(input.mask, target.data, this.alpha);
    else if (this.work) {
      // A full-resolution mask with nothing to refine is the alpha as it is: copied only for wasm.
      this.alpha.set(input.mask);
      alpha = this.alpha;
    }
    const t0 = performance.now();
    this.kernels.applyTint(target, tint);
    this.kernels.blendI420(target, this.background, alpha);
    times?.add('blend', performance.now() - t0);
    if (this.work) frame.data.set(this.work.data);
  }

  close(): void {}
}

/** A CPU compositor on the kernels `choice` gets on this browser. */
export function newCpuCompositor(background: I420, maskSize: Size, refine: RefineSettings, choice: KernelChoice = 'auto'): CpuCompositor {
  return withPixelKernels(choice, (kernels) => new CpuCompositor(background, maskSize, refine, kernels));
}
