/**
 * Decoded frame -> upright I420 at the output size, from the frame's own YUV data (copyTo into
 * our buffers; never through a canvas). Crops to even sides in coded orientation, then applies
 * the track's rotation so the output is upright like the ffmpeg path's. A phone's portrait clip
 * (coded landscape, turned 90 degrees) and NV12 frames are turned and converted by the pixel
 * kernels: wasm SIMD, ~1.4 ms a 1080p frame, where plain JS took 8.9 ms.
 */
import type { VideoSample } from 'mediabunny';
import type { KernelChoice, PixelKernels } from '../../core/pixelKernels';
import { i420Bytes, newI420, rgbaToI420, rotatedSize, rotateI420, type I420, type Rotation, type YuvMatrix } from '../../core/yuv';
import { withPixelKernels } from './wasmKernels';

export function matrixOf(sample: VideoSample): YuvMatrix {
  return sample.colorSpace.matrix === 'bt709' ? 'bt709' : 'bt601';
}

/** Buffers in the pixel kernels' memory: the coded frame as it comes, and turned upright. */
interface KernelWork {
  kernels: PixelKernels;
  raw: Uint8Array<ArrayBuffer>;
  coded: I420;
  upright: I420 | null;
}

export class UprightCopier {
  /** I420A and RGBA frames (rare formats): coded-orientation scratch and their raw copy, in JS. */
  private scratch: I420 | null = null;
  private raw: Uint8Array<ArrayBuffer> | null = null;
  /** NV12 and turned I420 frames: converted and turned by the pixel kernels (wasm SIMD where it runs, else JS). */
  private work: KernelWork | null = null;

  constructor(
    private readonly rotation: Rotation,
    /** Even-sided crop of the visible area, coded orientation. */
    private readonly codedWidth: number,
    private readonly codedHeight: number,
    private readonly kernels: KernelChoice = 'auto',
  ) {}

  async copy(sample: VideoSample, into: I420): Promise<void> {
    const v = sample.visibleRect;
    // Visible size, not coded size: copying the coded area makes Chromium reject the planes.
    const rect = { x: v.left, y: v.top, width: this.codedWidth, height: this.codedHeight };
    if (sample.format === 'I420' && this.rotation === 0) {
      await sample.copyTo(into.data, { rect });
      return;
    }
    if (sample.format === 'NV12' || sample.format === 'I420') {
      const w = this.ready(sample.allocationSize({ rect }));
      if (sample.format === 'NV12') {
        await sample.copyTo(w.raw, { rect });
        w.kernels.nv12ToI420(w.raw, w.coded);
      } else await sample.copyTo(w.coded.data, { rect });
      if (w.upright) w.kernels.rotateI420(w.coded, this.rotation, w.upright);
      into.data.set((w.upright ?? w.coded).data);
      return;
    }
    const target = this.rotation === 0 && sample.format === 'I420A' ? into : (this.scratch ??= newI420(this.codedWidth, this.codedHeight));
    if (sample.format === 'I420A') {
      const bytes = sample.allocationSize({ rect });
      if (!this.raw || this.raw.byteLength < bytes) this.raw = new Uint8Array(bytes);
      await sample.copyTo(this.raw, { rect });
      // The first three planes are I420, the alpha plane follows and is ignored.
      target.data.set(this.raw.subarray(0, target.data.byteLength));
    } else {
      // Anything else (4:2:2, 4:4:4, high bit depth): let the browser give RGBA, convert once.
      const bytes = this.codedWidth * this.codedHeight * 4;
      if (!this.raw || this.raw.byteLength < bytes) this.raw = new Uint8Array(bytes);
      await sample.copyTo(this.raw, { rect, format: 'RGBA' });
      rgbaToI420(this.raw, this.codedWidth, this.codedHeight, matrixOf(sample), target);
    }
    if (target !== into) rotateI420(target, this.rotation, into);
  }

  /** The kernels' buffers, with room for a raw frame of `rawBytes` (made again if one needs more). */
  private ready(rawBytes: number): KernelWork {
    if (this.work && this.work.raw.byteLength >= rawBytes) return this.work;
    this.work = withPixelKernels(this.kernels, (kernels): KernelWork => {
      const { arena } = kernels;
      const w = this.codedWidth;
      const h = this.codedHeight;
      const up = rotatedSize(w, h, this.rotation);
      return {
        kernels,
        // NV12 is as many bytes as I420, tightly packed.
        raw: arena.u8(Math.max(rawBytes, i420Bytes(w, h))),
        coded: { width: w, height: h, data: arena.u8(i420Bytes(w, h)) },
        upright: this.rotation === 0 ? null : { ...up, data: arena.u8(i420Bytes(up.width, up.height)) },
      };
    });
    return this.work;
  }
}
