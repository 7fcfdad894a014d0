/**
 * The background, prepared ONCE per clip: fitted to the output ("cover"), blurred with a gaussian
 * of the chosen sigma at output size, then turned into I420 planes the compositor reuses for
 * every frame.
 */
import { gaussianBlurRgba } from '../../core/gaussian';
import { coverCrop, type Size } from '../../core/geometry';
import { rgbaToI420, type I420, type YuvMatrix } from '../../core/yuv';

export async function prepareBackground(image: Blob, imageSize: Size, output: Size, sigma: number, matrix: YuvMatrix): Promise<I420> {
  const bitmap = await createImageBitmap(image);
  try {
    // Crop in the decoded bitmap's own pixels (the stored size may be from before EXIF handling).
    const crop = coverCrop({ width: bitmap.width || imageSize.width, height: bitmap.height || imageSize.height }, output);
    const canvas = new OffscreenCanvas(output.width, output.height);
    // A CPU-backed canvas: one draw and one read, never per frame.
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2d context for the background');
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, crop.x, crop.y, crop.width, crop.height, 0, 0, output.width, output.height);
    const rgba = ctx.getImageData(0, 0, output.width, output.height).data;
    gaussianBlurRgba(rgba, output.width, output.height, sigma);
    return rgbaToI420(rgba, output.width, output.height, matrix);
  } finally {
    bitmap.close();
  }
}
