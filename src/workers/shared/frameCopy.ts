/**
 * Decoded frame -> upright I420 at the output size, from the frame's own YUV data (copyTo into
 * our buffers; never through a canvas). Crops to even sides in coded orientation, then applies
 * the track's rotation so the output is upright like the ffmpeg path's.
 */
import type { VideoSample } from 'mediabunny';
import { newI420, nv12ToI420, rgbaToI420, rotateI420, type I420, type Rotation, type YuvMatrix } from '../../core/yuv';

export function matrixOf(sample: VideoSample): YuvMatrix {
  return sample.colorSpace.matrix === 'bt709' ? 'bt709' : 'bt601';
}

export class UprightCopier {
  /** Coded-orientation scratch, only needed when the frame must be turned or converted. */
  private scratch: I420 | null = null;
  private raw: Uint8Array<ArrayBuffer> | null = null;

  constructor(
    private readonly rotation: Rotation,
    /** Even-sided crop of the visible area, coded orientation. */
    private readonly codedWidth: number,
    private readonly codedHeight: number,
  ) {}

  async copy(sample: VideoSample, into: I420): Promise<void> {
    const v = sample.visibleRect;
    // Visible size, not coded size: copying the coded area makes Chromium reject the planes.
    const rect = { x: v.left, y: v.top, width: this.codedWidth, height: this.codedHeight };
    const direct = this.rotation === 0 && (sample.format === 'I420' || sample.format === 'I420A');
    const target = direct ? into : (this.scratch ??= newI420(this.codedWidth, this.codedHeight));
    if (sample.format === 'I420') {
      await sample.copyTo(target.data, { rect });
    } else if (sample.format === 'I420A' || sample.format === 'NV12') {
      const bytes = sample.allocationSize({ rect });
      if (!this.raw || this.raw.byteLength < bytes) this.raw = new Uint8Array(bytes);
      await sample.copyTo(this.raw, { rect });
      if (sample.format === 'NV12') nv12ToI420(this.raw, this.codedWidth, this.codedHeight, target);
      // I420A: the first three planes are I420, the alpha plane follows and is ignored.
      else target.data.set(this.raw.subarray(0, target.data.byteLength));
    } else {
      // Anything else (4:2:2, 4:4:4, high bit depth): let the browser give RGBA, convert once.
      const bytes = this.codedWidth * this.codedHeight * 4;
      if (!this.raw || this.raw.byteLength < bytes) this.raw = new Uint8Array(bytes);
      await sample.copyTo(this.raw, { rect, format: 'RGBA' });
      rgbaToI420(this.raw, this.codedWidth, this.codedHeight, matrixOf(sample), target);
    }
    if (target !== into) rotateI420(target, this.rotation, into);
  }
}
