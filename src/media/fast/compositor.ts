/**
 * One interface, the compositor: the person (a decoded I420 frame) over the prepared background,
 * with the segmenter's mask refined to a full-resolution alpha (src/core/matteRefine.ts). The CPU
 * implementation works on the YUV planes in plain JS; it won on this GPU-less device (a WebGL2
 * one pays upload + draw + readback on SwiftShader).
 */
import type { Size } from '../../core/geometry';
import { MatteRefiner, type RefineSettings } from '../../core/matteRefine';
import type { I420 } from '../../core/yuv';
import { blendI420 } from '../../core/yuvComposite';

/** One frame's matte input: the model's mask and, when the caller has it, the guide luma at mask size. */
export interface MaskInput {
  mask: Uint8Array;
  guide?: Float32Array;
}

export interface Compositor {
  readonly kind: 'cpu' | 'webgl2';
  /** Writes the composite into `frame` in place. Frames must come in order (temporal smoothing). */
  composite(frame: I420, input: MaskInput): void;
  close(): void;
}

export class CpuCompositor implements Compositor {
  readonly kind = 'cpu';
  private readonly alpha: Uint8Array;
  private readonly refiner: MatteRefiner;

  constructor(
    private readonly background: I420,
    maskSize: Size,
    refine: RefineSettings,
  ) {
    this.alpha = new Uint8Array(background.width * background.height);
    this.refiner = new MatteRefiner(maskSize, { width: background.width, height: background.height }, refine);
  }

  composite(frame: I420, input: MaskInput): void {
    this.refiner.refine(input.mask, frame, this.alpha, input.guide);
    blendI420(frame, this.background, this.alpha);
  }

  close(): void {}
}

/** The compositor for this device. Only the CPU one exists so far; see the note above. */
export function pickCompositor(background: I420, maskSize: Size, refine: RefineSettings): Compositor {
  return new CpuCompositor(background, maskSize, refine);
}
