/**
 * A picture drawn onto a white canvas of the given size: transparent parts become white, not
 * the black a JPEG or a YUV frame would otherwise make of them.
 */
export function drawOnWhite(source: CanvasImageSource, width: number, height: number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(source, 0, 0, width, height);
  return canvas;
}
