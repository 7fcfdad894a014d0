import { describe, expect, it } from 'vitest';
import { RestyleError } from '../../src/core/errors';
import { checkPicture, checkPictureHead } from '../../src/core/imageChecks';
import { imageDimensions } from '../../src/core/imageHeader';
import { sniff } from '../../src/core/sniff';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number) => [(n >> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, (n >> 8) & 255];
const le24 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255];

const png = (w: number, h: number) => bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], be32(13), 'IHDR', be32(w), be32(h), [8, 6, 0, 0, 0], [0, 0, 0, 0]);
/** SOI, an APP1 (EXIF-like) segment of `pad` bytes, then a baseline SOF0. */
const jpeg = (w: number, h: number, pad = 10) =>
  bytes([0xff, 0xd8], [0xff, 0xe1], be16(pad + 2), Array(pad).fill(0), [0xff, 0xc0], be16(17), [8], be16(h), be16(w), [3], Array(9).fill(0));
const gif = (w: number, h: number) => bytes('GIF89a', le16(w), le16(h), [0, 0, 0]);
const webpX = (w: number, h: number) => bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8X', [10, 0, 0, 0], [0, 0, 0, 0], le24(w - 1), le24(h - 1));
const webpL = (w: number, h: number) => {
  const bits = ((w - 1) & 0x3fff) | (((h - 1) & 0x3fff) << 14);
  return bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8L', [0, 0, 0, 0], [0x2f], [bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, (bits >>> 24) & 255], Array(8).fill(0));
};
const webpLossy = (w: number, h: number) => bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8 ', [0, 0, 0, 0], [0, 0, 0], [0x9d, 0x01, 0x2a], le16(w), le16(h));

function dims(head: Uint8Array) {
  const k = sniff(head);
  return k.kind === 'image' ? imageDimensions(k.format, head) : null;
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof RestyleError && e.code === 'bad-image') return e.message;
    throw e;
  }
  throw new Error('not refused');
}

describe('imageDimensions (declared size, before decoding)', () => {
  it('reads PNG, GIF and the three kinds of WebP', () => {
    expect(dims(png(20000, 20000))).toEqual({ width: 20000, height: 20000 });
    expect(dims(gif(320, 200))).toEqual({ width: 320, height: 200 });
    expect(dims(webpX(4000, 3000))).toEqual({ width: 4000, height: 3000 });
    expect(dims(webpL(1234, 567))).toEqual({ width: 1234, height: 567 });
    expect(dims(webpLossy(640, 480))).toEqual({ width: 640, height: 480 });
  });

  it('finds a JPEG frame header behind a large EXIF block', () => {
    expect(dims(jpeg(4032, 3024, 60000))).toEqual({ width: 4032, height: 3024 });
    expect(dims(jpeg(10, 10))).toEqual({ width: 10, height: 10 });
  });

  it('says nothing (null) for damaged or truncated headers, never garbage', () => {
    expect(dims(png(100, 100).subarray(0, 20))).toBeNull();
    expect(dims(jpeg(100, 100).subarray(0, 12))).toBeNull();
    expect(dims(bytes([0xff, 0xd8], [0xff, 0xda], [0, 2]))).toBeNull();
    expect(dims(png(0, 100))).toBeNull();
  });
});

describe('checkPicture', () => {
  it('takes ordinary photos in the accepted formats', () => {
    expect(checkPicture(sniff(jpeg(4032, 3024)), { width: 4032, height: 3024 }, 'selfie')).toBe('jpeg');
    expect(checkPicture(sniff(png(1080, 1920)), { width: 1080, height: 1920 }, 'background')).toBe('png');
    expect(checkPicture(sniff(webpX(800, 600)), { width: 800, height: 600 }, 'background')).toBe('webp');
  });

  it('refuses a decompression bomb by its declared size, naming it', () => {
    expect(refusal(() => checkPicture(sniff(png(20000, 20000)), dims(png(20000, 20000)), 'background'))).toBe(
      'This picture is 20000x20000 pixels; Restyle takes pictures up to 40 megapixels. Pick a smaller one.',
    );
  });

  it('refuses tiny pictures, with the selfie needing more than a background', () => {
    expect(refusal(() => checkPicture(sniff(jpeg(10, 10)), { width: 10, height: 10 }, 'background'))).toMatch(/only 10x10 pixels, too small/);
    expect(refusal(() => checkPicture(sniff(jpeg(40, 40)), { width: 40, height: 40 }, 'selfie'))).toMatch(/face is clearly visible/);
    expect(() => checkPicture(sniff(jpeg(40, 40)), { width: 40, height: 40 }, 'background')).not.toThrow();
  });

  it('checkPictureHead reads type and declared size from the file\'s first bytes', () => {
    expect(refusal(() => checkPictureHead(png(20000, 20000), 'selfie'))).toMatch(/20000x20000 pixels/);
    expect(checkPictureHead(jpeg(1024, 768, 300), 'selfie')).toBe('jpeg');
    expect(refusal(() => checkPictureHead(bytes('plain text'), 'background'))).toMatch(/isn't a picture/);
  });

  it('names what is refused and what to pick instead', () => {
    expect(refusal(() => checkPicture(sniff(gif(100, 100)), { width: 100, height: 100 }, 'background'))).toMatch(/GIFs aren't taken.*JPEG, PNG or WebP/);
    expect(refusal(() => checkPicture(sniff(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')), null, 'background'))).toMatch(/SVG.*scripts/);
    expect(refusal(() => checkPicture(sniff(bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0], 'mif1heic')), null, 'selfie'))).toMatch(/HEIC/);
    expect(refusal(() => checkPicture(sniff(bytes('just some text, not a picture')), null, 'selfie'))).toMatch(/isn't a picture/);
    expect(refusal(() => checkPicture(sniff(png(100, 100)), null, 'selfie'))).toMatch(/damaged/);
  });
});
