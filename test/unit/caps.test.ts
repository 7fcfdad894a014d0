import { describe, expect, it } from 'vitest';
import {
  CAPS,
  checkImageSize,
  checkVideoDuration,
  checkVideoSize,
  formatBytes,
  formatSeconds,
  checkVideoDimensions,
} from '../../src/core/caps';
import { RestyleError, type RestyleErrorCode } from '../../src/core/errors';

const MB = 1024 * 1024;

/** Runs fn and returns the RestyleError it throws (fails the test if it throws nothing else). */
function refusal(fn: () => void): RestyleError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RestyleError);
    return err as RestyleError;
  }
  throw new Error('expected a RestyleError, nothing was thrown');
}

function expectCode(fn: () => void, code: RestyleErrorCode): RestyleError {
  const err = refusal(fn);
  expect(err.code).toBe(code);
  expect(err.isRefusal).toBe(true);
  return err;
}

describe('CAPS', () => {
  it('are 30 s and 250 MB', () => {
    expect(CAPS.maxDurationSec).toBe(30);
    expect(CAPS.maxBytes).toBe(250 * MB);
  });
});

describe('checkVideoSize', () => {
  it('refuses an empty file', () => {
    const err = expectCode(() => checkVideoSize(0), 'empty');
    expect(err.message).toMatch(/empty/i);
  });

  it('accepts ordinary sizes and exactly 250 MB', () => {
    expect(() => checkVideoSize(1)).not.toThrow();
    expect(() => checkVideoSize(12 * MB)).not.toThrow();
    expect(() => checkVideoSize(250 * MB)).not.toThrow();
  });

  it('refuses one byte over 250 MB, naming a size above the cap', () => {
    const err = expectCode(() => checkVideoSize(250 * MB + 1), 'too-big');
    expect(err.message).toMatch(/^This file is 250\.1 MB; /);
    expect(err.message).toContain(`up to ${formatBytes(CAPS.maxBytes)}.`);
    expect(err.message).toMatch(/lower quality|trim/i);
    // Rounding must never make the refused size read as the cap itself.
    for (const bytes of [250 * MB + 1, 250.3 * MB, 250.49 * MB, 251 * MB]) {
      const named = /^This file is ([\d.]+) MB;/.exec(expectCode(() => checkVideoSize(bytes), 'too-big').message);
      expect(named, `${bytes}`).not.toBeNull();
      expect(Number(named![1]), `${bytes}`).toBeGreaterThan(250);
    }
  });

  it('names the real size of a much bigger file', () => {
    const err = expectCode(() => checkVideoSize(400 * MB), 'too-big');
    expect(err.message).toBe(
      `This file is ${formatBytes(400 * MB)}; Restyle takes videos up to ${formatBytes(CAPS.maxBytes)}. ` +
        'Export it at a lower quality or trim it and try again.',
    );
    expect(err.message).toMatch(/^This file is 400(\.0)? MB;/);
    expect(expectCode(() => checkVideoSize(3 * 1024 * MB), 'too-big').message).toContain('3.00 GB');
  });
});

describe('checkVideoDuration', () => {
  it('takes any readable length: a clip over 30 s is trimmed, not refused', () => {
    for (const sec of [0.5, 10, 29.99, 30, 30.05, 30.5, 41, 600]) {
      expect(() => checkVideoDuration(sec), `${sec} s`).not.toThrow();
    }
  });

  it('refuses durations it cannot read', () => {
    for (const sec of [NaN, 0, -1, Infinity, -Infinity]) {
      const err = expectCode(() => checkVideoDuration(sec), 'unreadable');
      expect(err.message).toMatch(/couldn't tell how long/);
    }
  });
});

describe('checkImageSize', () => {
  it('accepts up to 20 MB and refuses empty or bigger images as bad-image', () => {
    expect(() => checkImageSize(20 * MB)).not.toThrow();
    expect(expectCode(() => checkImageSize(0), 'bad-image').message).toMatch(/empty/);
    expect(expectCode(() => checkImageSize(25 * MB), 'bad-image').message).toContain('25.0 MB');
    expect(expectCode(() => checkImageSize(20 * MB + 1), 'bad-image').message).toMatch(/^This image is 20\.1 MB;/);
  });
});

describe('formatSeconds / formatBytes', () => {
  it('formats seconds with a decimal below 10 s only', () => {
    expect(formatSeconds(4.26)).toBe('4.3 s');
    expect(formatSeconds(9.94)).toBe('9.9 s');
    expect(formatSeconds(12.4)).toBe('12 s');
    expect(formatSeconds(41)).toBe('41 s');
  });

  it('formats bytes in B, KB, MB and GB', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(12.34 * MB)).toBe('12.3 MB');
    expect(formatBytes(250 * MB)).toMatch(/^250(\.0)? MB$/);
    expect(formatBytes(1.5 * 1024 * MB)).toBe('1.50 GB');
  });
});

describe('checkVideoDimensions', () => {
  it('takes phone sizes from small to 4K in either orientation', () => {
    for (const [w, h] of [[32, 32], [320, 180], [721, 1281], [1080, 1920], [3840, 2160], [2160, 3840], [4096, 2160]] as const) {
      expect(() => checkVideoDimensions(w, h), `${w}x${h}`).not.toThrow();
    }
  });

  it('refuses a picture too small to hold a person, naming its size', () => {
    const err = expectCode(() => checkVideoDimensions(1, 1), 'unsupported');
    expect(err.message).toBe('This video is only 1x1 pixels; Restyle needs at least 32x32. Pick the original recording.');
    expectCode(() => checkVideoDimensions(1280, 16), 'unsupported');
    expectCode(() => checkVideoDimensions(0, 0), 'unsupported');
    expectCode(() => checkVideoDimensions(Number.NaN, 720), 'unsupported');
  });

  it('refuses beyond 4K before any decoding (no out-of-memory later)', () => {
    const err = expectCode(() => checkVideoDimensions(7680, 4320), 'unsupported');
    expect(err.message).toContain('up to 4K (3840x2160)');
    expect(err.message).toContain('7680x4320');
    expectCode(() => checkVideoDimensions(4097, 2160), 'unsupported');
    expectCode(() => checkVideoDimensions(2400, 2400), 'unsupported');
  });
});
