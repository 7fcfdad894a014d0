import { useEffect, useRef } from 'react';

/** Shows an ImageBitmap (a worker's picture) on a canvas at its own size; CSS scales it. Nothing until there is one. */
export function BitmapCanvas({ picture, className, testId }: { picture: ImageBitmap | null | undefined; className?: string; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !picture) return;
    c.width = picture.width;
    c.height = picture.height;
    ctx.drawImage(picture, 0, 0);
  }, [picture]);
  return <canvas ref={canvas} className={className} data-testid={testId} />;
}
