/**
 * One interface, the compositor: the person (a decoded I420 frame) over the prepared background,
 * with the segmenter's mask. The CPU implementation works on the YUV planes in plain JS; it won on
 * this GPU-less device (a WebGL2 one pays upload + draw + readback on SwiftShader). A WebGL2
 * implementation would plug in here and be picked only when it measures faster at start-up.
 */
import type { Size } from '../../core/geometry';
import type { I420 } from '../../core/yuv';
import { blendI420, featherMask, upsampleMask } from '../../core/yuvComposite';

export interface Compositor {
  readonly kind: 'cpu' | 'webgl2';
  /** Writes the composite into `frame` in place. */
  composite(frame: I420, mask: Uint8Array, maskSize: Size): void;
}

export class CpuCompositor implements Compositor {
  readonly kind = 'cpu';
  private readonly alpha: Uint8Array;
  private feathered: Uint8Array | null = null;

  /** feather: soften the mask at model size first (off by default: matches the ffmpeg path's edges). */
  constructor(
    private readonly background: I420,
    private readonly feather = false,
  ) {
    this.alpha = new Uint8Array(background.width * background.height);
  }

  composite(frame: I420, mask: Uint8Array, maskSize: Size): void {
    let m = mask;
    if (this.feather) {
      this.feathered ??= new Uint8Array(maskSize.width * maskSize.height);
      m = featherMask(mask, maskSize.width, maskSize.height, this.feathered);
    }
    upsampleMask(m, maskSize.width, maskSize.height, frame.width, frame.height, this.alpha);
    blendI420(frame, this.background, this.alpha);
  }
}

/** The compositor for this device. Only the CPU one exists so far; see the note above. */
export function pickCompositor(background: I420): Compositor {
  return new CpuCompositor(background);
}
