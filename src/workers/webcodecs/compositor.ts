/**
 * One interface, the compositor: the person (a decoded I420 frame) over the prepared background,
 * with the segmenter's mask refined to a full-resolution alpha (src/core/matteRefine.ts). Two
 * implementations: on the CPU in plain JS on the YUV planes (cpuCompositor.ts), and WebGL2
 * (webglCompositor.ts); pickCompositor.ts chooses between them.
 */
import type { Tint } from '../../core/colourMatch';
import type { CompositorKind } from '../../core/compositorPolicy';
import type { KernelKind } from '../../core/pixelKernels';
import type { StageTimes } from '../../core/stageTimes';
import type { Size } from '../../core/geometry';
import type { I420 } from '../../core/yuv';

/** One frame's matte input: the model's mask and, when the caller has it, the guide luma at mask size. */
export interface MaskInput {
  mask: Uint8Array;
  guide?: Float32Array;
}

export interface Compositor {
  readonly kind: CompositorKind;
  /** The CPU compositor: which pixel kernels its loops run in. */
  readonly kernelKind?: KernelKind;
  /**
   * Writes the composite into `frame` in place. Frames must come in order (temporal smoothing).
   * `tint` (colour matching) is added to the person's samples after the matte is made. `times`
   * gets the compositor's own parts, where it has them (the CPU one: 'coefficients', 'apply',
   * 'blend').
   */
  composite(frame: I420, input: MaskInput, tint?: Tint, times?: StageTimes): void;
  close(): void;
}

/** A mask already at the frame's size (a mask video): its edge needs no upsampling. */
export function isFullResolution(maskSize: Size, frame: Size): boolean {
  return maskSize.width === frame.width && maskSize.height === frame.height;
}
