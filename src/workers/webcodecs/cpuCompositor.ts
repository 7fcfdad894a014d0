/** The compositor on the CPU: refine the mask to an alpha, steady it over time, blend on the YUV planes in plain JS. */
import { applyTint, NO_TINT, type Tint } from '../../core/colourMatch';
import type { Size } from '../../core/geometry';
import { MaskSteadier } from '../../core/maskSteady';
import { MatteRefiner, type RefineSettings } from '../../core/matteRefine';
import type { I420 } from '../../core/yuv';
import { blendI420 } from '../../core/yuvComposite';
import { isFullResolution, type Compositor, type MaskInput } from './compositor';

export class CpuCompositor implements Compositor {
  readonly kind = 'cpu';
  private readonly alpha: Uint8Array;
  /** Low-resolution masks (the segmenter's): upsampled and refined. */
  private readonly refiner: MatteRefiner | null = null;
  /** Full-resolution masks: only steadied over time, when refinement is on. */
  private readonly steadier: MaskSteadier | null = null;
  private readonly tintTable = new Uint8Array(256);

  constructor(
    private readonly background: I420,
    maskSize: Size,
    refine: RefineSettings,
  ) {
    const size = { width: background.width, height: background.height };
    this.alpha = new Uint8Array(size.width * size.height);
    if (!isFullResolution(maskSize, size)) this.refiner = new MatteRefiner(maskSize, size, refine);
    else if (refine.temporal) this.steadier = new MaskSteadier(size.width * size.height);
  }

  composite(frame: I420, input: MaskInput, tint: Tint = NO_TINT): void {
    // A full-resolution mask with nothing to refine is the alpha as it is: no copy.
    const alpha = this.refiner
      ? this.refiner.refine(input.mask, frame, this.alpha, input.guide)
      : this.steadier
        ? this.steadier.steady(input.mask, frame.data, this.alpha)
        : input.mask;
    applyTint(frame, tint, this.tintTable);
    blendI420(frame, this.background, alpha);
  }

  close(): void {}
}
