/**
 * Property-based tests (fast-check) of the pure validators and parsers: whatever bytes or strings
 * come in, they answer (never throw anything but a RestyleError, never hang), and their answers
 * keep the rules they exist for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAPS, checkVideoDimensions, checkVideoDuration, checkVideoSize } from '../../src/core/caps';
import { clampTrim, MIN_TRIM_SEC } from '../../src/core/trim';
import { RestyleError } from '../../src/core/errors';
import { FAL_RESULT_DOMAINS, isAllowedFalResultUrl } from '../../src/core/falUrls';
import { checkPicture } from '../../src/core/imageChecks';
import { imageDimensions } from '../../src/core/imageHeader';
import { formatCarries, limitedToFull, maskFromFrame } from '../../src/core/maskPlane';
import { parseProfileExport, toBase64 } from '../../src/core/profileExport';
import { sniff } from '../../src/core/sniff';

/** Runs `fn`; true when it passed, false when it refused with a RestyleError; anything else fails the property. */
function accepted(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (e instanceof RestyleError) {
      expect(e.message.length).toBeGreaterThan(10);
      return false;
    }
    throw e;
  }
}

describe('sniff and imageDimensions on arbitrary bytes', () => {
  it('always answer, and an answer is a known kind', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const k = sniff(bytes);
        expect(['video', 'image', 'matroska', 'unknown']).toContain(k.kind);
        if (k.kind === 'image') {
          const d = imageDimensions(k.format, bytes);
          if (d) expect(d.width > 0 && d.height > 0).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a real magic number followed by random bytes is still that type; dimensions never negative', () => {
    const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (rest) => {
        const bytes = Uint8Array.from([...png, ...rest]);
        expect(sniff(bytes)).toEqual({ kind: 'image', format: 'png' });
        const d = imageDimensions('png', bytes);
        if (d) expect(Number.isInteger(d.width) && d.width > 0 && d.height > 0).toBe(true);
      }),
    );
  });

  it('JPEG parsing of random segments ends (no endless loop) and never reads past the end', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (rest) => {
        const d = imageDimensions('jpeg', Uint8Array.from([0xff, 0xd8, ...rest]));
        if (d) expect(d.width > 0 && d.width < 65536).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('caps', () => {
  it('a size is refused exactly when it is 0 or over 250 MB', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 * CAPS.maxBytes }), (bytes) => {
        expect(accepted(() => checkVideoSize(bytes))).toBe(bytes > 0 && bytes <= CAPS.maxBytes);
      }),
    );
  });

  it('any readable duration is taken (a long clip is trimmed), and any odd number is answered', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), (sec) => {
        const ok = accepted(() => checkVideoDuration(sec));
        expect(ok).toBe(Number.isFinite(sec) && sec > 0);
      }),
    );
  });

  it('a trim always lands inside the clip, within the cap, at least a second long where the clip is', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 600, noNaN: true }), fc.double({ min: -50, max: 700, noNaN: true }), fc.double({ min: -5, max: 100, noNaN: true }), (duration, start, length) => {
        const t = clampTrim({ startSec: start, lengthSec: length }, duration);
        expect(t.startSec).toBeGreaterThanOrEqual(0);
        expect(t.lengthSec).toBeLessThanOrEqual(CAPS.maxDurationSec);
        expect(t.startSec + t.lengthSec).toBeLessThanOrEqual(duration + 0.001);
        expect(t.lengthSec).toBeGreaterThanOrEqual(Math.min(MIN_TRIM_SEC, duration) - 0.001);
      }),
    );
  });

  it('picture sizes: 32 px up to 4K either way round', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 9000 }), fc.integer({ min: -10, max: 9000 }), (w, h) => {
        const ok = accepted(() => checkVideoDimensions(w, h));
        const long = Math.max(w, h);
        const short = Math.min(w, h);
        expect(ok).toBe(short >= 32 && long <= 4096 && short <= 2304);
      }),
    );
  });

  it('a picture declaring more than 40 megapixels is refused before decoding, whatever its format', () => {
    fc.assert(
      fc.property(fc.constantFrom<'jpeg' | 'png' | 'webp'>('jpeg', 'png', 'webp'), fc.integer({ min: 1, max: 60000 }), fc.integer({ min: 1, max: 60000 }), (format, w, h) => {
        const ok = accepted(() => checkPicture({ kind: 'image', format }, { width: w, height: h }, 'background'));
        expect(ok).toBe(w * h <= CAPS.maxImagePixels && w >= 16 && h >= 16);
      }),
    );
  });
});

describe('fal.ai result URL allowlist', () => {
  const host = fc.oneof(
    fc.constantFrom(...FAL_RESULT_DOMAINS, 'storage.googleapis.com', 'evil.com', 'fal.media.evil.com', 'evilfal.media', 'localhost', '127.0.0.1', '[::1]', 'xn--fl-6ka.media'),
    fc.domain(),
  );
  const url = fc.record({
    scheme: fc.constantFrom('https', 'http', 'javascript', 'data', 'file', 'ftp'),
    user: fc.constantFrom('', 'a@', 'a:b@', 'fal.media@'),
    host,
    port: fc.constantFrom('', ':443', ':8443'),
    path: fc.webPath(),
  });

  it('only https links to fal hosts (or fal\'s bucket) pass; credentials, ports, look-alikes never do', () => {
    fc.assert(
      fc.property(url, (u) => {
        const s = `${u.scheme}://${u.user}${u.host}${u.port}${u.path}`;
        const ok = isAllowedFalResultUrl(s);
        if (!ok) return;
        const parsed = new URL(s);
        expect(parsed.protocol).toBe('https:');
        expect(parsed.username + parsed.password).toBe('');
        expect(parsed.port).toBe('');
        const h = parsed.hostname;
        const fal = FAL_RESULT_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
        expect(fal || (h === 'storage.googleapis.com' && parsed.pathname.startsWith('/falserverless/'))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('any string at all is answered, never thrown', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void isAllowedFalResultUrl(s)));
  });
});

describe('profile import', () => {
  it('any text is either a valid profile or refused in plain words, never a crash', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.json({ maxDepth: 4 })), (text) => {
        accepted(() => parseProfileExport(text, 5));
      }),
      { numRuns: 2000 },
    );
  });

  it('a well-formed export with any image bytes is taken only when the bytes really are the type it claims', () => {
    const jpegHead = [0xff, 0xd8, 0xff, 0xe0];
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ minLength: 8, maxLength: 64 }), (real, tail) => {
        const bytes = Uint8Array.from(real ? [...jpegHead, ...tail] : [...tail]);
        const image = { mimeType: 'image/jpeg', width: 100, height: 100, base64: toBase64(bytes) };
        const text = JSON.stringify({ format: 'restyle-profile', version: 1, exportedAt: '', selfie: image, backgrounds: [null, null, null, null, null], picked: null });
        const ok = accepted(() => parseProfileExport(text, 5));
        expect(ok).toBe(sniff(bytes).kind === 'image' && (sniff(bytes) as { format: string }).format === 'jpeg');
      }),
    );
  });
});

describe('mask planes from any frame bytes', () => {
  it('never read past a buffer they were given, and fill the whole mask', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom<'I420' | 'I420A' | 'NV12' | 'RGBA' | 'BGRA'>('I420', 'I420A', 'NV12', 'RGBA', 'BGRA'),
        fc.constantFrom<'luma' | 'alpha'>('luma', 'alpha'),
        fc.boolean(),
        fc.uint8Array({ maxLength: 800 }),
        (w, h, format, channel, full, raw) => {
          const n = w * h;
          // Two buffers filled differently beforehand: if every byte is written, they end equal.
          const a = new Uint8Array(n).fill(7);
          const b = new Uint8Array(n).fill(200);
          try {
            maskFromFrame(raw, format, channel, w, h, full, a);
          } catch (e) {
            expect((e as Error).message).toMatch(/shorter|needs/);
            return;
          }
          maskFromFrame(raw, format, channel, w, h, full, b);
          expect(b).toEqual(a);
          if (!formatCarries(format, channel)) return;
          // And the values come from the right place: the alpha plane or byte, or luma stretched from limited range.
          for (let i = 0; i < n; i++) {
            const expected =
              format === 'RGBA' || format === 'BGRA'
                ? channel === 'alpha'
                  ? raw[4 * i + 3]
                  : a[i]
                : channel === 'alpha'
                  ? raw[n + 2 * Math.ceil(w / 2) * Math.ceil(h / 2) + i]
                  : full
                    ? raw[i]
                    : limitedToFull(raw[i]!);
            expect(a[i]).toBe(expected);
          }
        },
      ),
    );
  });
});
