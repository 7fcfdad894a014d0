/**
 * A few still frames of a clip, decoded by the browser's own <video> element and drawn on a
 * canvas at the segmenter's input size: what the precheck looks at.
 */
import type { Size } from '../core/geometry';

const SEEK_TIMEOUT_MS = 8000;

function once(target: HTMLVideoElement, event: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const onEvent = () => {
      cleanup();
      resolve();
    };
    const onError = () => {
      cleanup();
      reject(new Error('video element error'));
    };
    const cleanup = () => {
      clearTimeout(timer);
      target.removeEventListener(event, onEvent);
      target.removeEventListener('error', onError);
    };
    target.addEventListener(event, onEvent);
    target.addEventListener('error', onError);
  });
}

/** Whether any pixel was painted (a frame that failed to decode leaves the cleared canvas transparent). */
function drewSomething(rgba: Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 0) return true;
  return false;
}

/** `count` RGBA frames spread over the clip, concatenated; throws if the browser can't decode it. */
export async function sampleFrames(file: Blob, durationSec: number, size: Size, count: number): Promise<Uint8Array> {
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  try {
    const loaded = once(video, 'loadeddata', SEEK_TIMEOUT_MS);
    video.src = url;
    await loaded;
    // The sound can load while the picture can't (a codec this browser lacks, e.g. HEVC here):
    // blank frames would read as "no person", so say the frames can't be seen instead.
    if (video.videoWidth === 0 || video.videoHeight === 0) throw new Error("the browser can't show this clip's picture");
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2d context');
    const frameBytes = size.width * size.height * 4;
    const out = new Uint8Array(frameBytes * count);
    for (let i = 0; i < count; i++) {
      // Spread over the clip, avoiding the very first and last frames (often black or frozen).
      const t = (durationSec * (i + 0.5)) / count;
      const seeked = once(video, 'seeked', SEEK_TIMEOUT_MS);
      video.currentTime = t;
      await seeked;
      ctx.clearRect(0, 0, size.width, size.height);
      ctx.drawImage(video, 0, 0, size.width, size.height);
      const rgba = ctx.getImageData(0, 0, size.width, size.height).data;
      if (!drewSomething(rgba)) throw new Error("the browser drew nothing for this clip's frame");
      out.set(rgba, i * frameBytes);
    }
    return out;
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}
