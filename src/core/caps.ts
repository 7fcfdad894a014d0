import { RestyleError } from './errors';

/** What Restyle accepts per video. One place, so UI, CLI and tests agree. */
export const CAPS = {
  maxDurationSec: 30,
  maxBytes: 250 * 1024 * 1024,
  /** Container durations are rounded by muxers; a hair over 30 s is still a 30 s clip. */
  durationToleranceSec: 0.05,
  maxImageBytes: 20 * 1024 * 1024,
  maxImagePixels: 40_000_000,
  /** Smaller than this on either side there is no one to cut out (and H.264 needs even sides). */
  minVideoSide: 32,
  /** 4K: the largest frame H.264 level 5.1 holds, and what a phone records at most. */
  maxVideoLongSide: 4096,
  maxVideoShortSide: 2304,
} as const;

export function formatSeconds(sec: number): string {
  const rounded = sec < 10 ? Math.round(sec * 10) / 10 : Math.round(sec);
  return `${rounded} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) {
    const mb = bytes / (1024 * 1024);
    return mb >= 100 ? `${Math.round(mb)} MB` : `${mb.toFixed(1)} MB`;
  }
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

/**
 * A refused value must not read as the cap itself ("This clip is 30 s long; Restyle takes up to
 * 30 s"): when rounding makes them look equal, show the value rounded up to one decimal instead.
 */
function bytesOverCap(bytes: number, cap: number): string {
  const shown = formatBytes(bytes);
  return shown === formatBytes(cap) ? `${(Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1)} MB` : shown;
}

/** Checked first, from File.size alone, before a single byte is read. */
export function checkVideoSize(bytes: number): void {
  if (bytes === 0) {
    throw new RestyleError('empty', 'This file is empty. Pick the video again, or export it again from your phone.');
  }
  if (bytes > CAPS.maxBytes) {
    throw new RestyleError(
      'too-big',
      `This file is ${bytesOverCap(bytes, CAPS.maxBytes)}; Restyle takes videos up to ${formatBytes(CAPS.maxBytes)}. ` +
        'Export it at a lower quality or trim it and try again.',
    );
  }
}

/** Checked from the container's picture size (upright), before any decoding. */
export function checkVideoDimensions(width: number, height: number): void {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  if (!(short >= CAPS.minVideoSide)) {
    throw new RestyleError(
      'unsupported',
      `This video is only ${width}x${height} pixels; Restyle needs at least ${CAPS.minVideoSide}x${CAPS.minVideoSide}. Pick the original recording.`,
    );
  }
  if (long > CAPS.maxVideoLongSide || short > CAPS.maxVideoShortSide) {
    throw new RestyleError(
      'unsupported',
      `This video is ${width}x${height}; Restyle takes videos up to 4K (3840x2160). Export it at 4K or lower and try again.`,
    );
  }
}

/**
 * Checked from the container's own duration, before any decoding. A clip longer than the cap is
 * taken: up to 30 s of it are made (core/trim).
 */
export function checkVideoDuration(sec: number): void {
  if (!Number.isFinite(sec) || sec <= 0) {
    throw new RestyleError(
      'unreadable',
      "We couldn't tell how long this video is, so it may be damaged. Export it again and try once more.",
    );
  }
}

export function checkImageSize(bytes: number): void {
  if (bytes === 0) throw new RestyleError('bad-image', 'This image file is empty. Pick another image.');
  if (bytes > CAPS.maxImageBytes) {
    throw new RestyleError(
      'bad-image',
      `This image is ${bytesOverCap(bytes, CAPS.maxImageBytes)}; backgrounds can be up to ${formatBytes(CAPS.maxImageBytes)}. Pick a smaller image.`,
    );
  }
}
