import { describe, expect, it } from 'vitest';
import { RestyleError } from '../../src/core/errors';
import {
  EXPORT_FORMAT,
  EXPORT_NOTE,
  EXPORT_VERSION,
  MAX_EXPORT_BYTES,
  fromBase64,
  parseProfileExport,
  toBase64,
} from '../../src/core/profileExport';

const SLOTS = 5;
const enc = new TextEncoder();

function bytes(parts: Array<string | number | number[] | Uint8Array>): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'string') out.push(...enc.encode(p));
    else if (typeof p === 'number') out.push(p);
    else out.push(...p);
  }
  return Uint8Array.from(out);
}

const u32be = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u32le = (n: number): number[] => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];

/** PNG signature + IHDR chunk (CRC left as zeros: only the signature matters for sniffing) + IEND. */
function png(width = 4, height = 3): Uint8Array {
  return bytes([
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    u32be(13), 'IHDR', u32be(width), u32be(height), [8, 6, 0, 0, 0], u32be(0),
    u32be(0), 'IEND', [0xae, 0x42, 0x60, 0x82],
  ]);
}

/** SOI + APP0 JFIF header + EOI. */
function jpeg(): Uint8Array {
  return bytes([[0xff, 0xd8], [0xff, 0xe0], [0x00, 0x10], 'JFIF', 0, [1, 1, 0, 0, 1, 0, 1, 0, 0], [0xff, 0xd9]]);
}

/** RIFF....WEBPVP8 header. */
function webp(): Uint8Array {
  return bytes(['RIFF', u32le(30), 'WEBP', 'VP8 ', u32le(18), [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, 4, 0, 3, 0], new Uint8Array(8)]);
}

const gif = (): Uint8Array => bytes(['GIF89a', [4, 0, 3, 0, 0, 0, 0], ';']);
const svg = (): Uint8Array => bytes(['<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>']);
const heic = (): Uint8Array => bytes([u32be(24), 'ftyp', 'heic', u32be(0), 'mif1', 'heic']);
const text = (): Uint8Array => bytes(['Hello, this is definitely not an image file at all.']);

interface Img {
  mimeType: string;
  width: number;
  height: number;
  base64: string;
}

const img = (b: Uint8Array, mimeType: string, width = 4, height = 3): Img => ({ mimeType, width, height, base64: toBase64(b) });

function validDoc(): Record<string, unknown> & { backgrounds: (Img | null)[]; selfie: Img } {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: '2025-06-15T12:00:00.000Z',
    note: EXPORT_NOTE,
    selfie: img(jpeg(), 'image/jpeg', 720, 960),
    backgrounds: [img(png(), 'image/png'), null, img(webp(), 'image/webp'), img(jpeg(), 'image/jpeg'), null],
    picked: 2,
  };
}

const parse = (doc: unknown, slots = SLOTS) => parseProfileExport(JSON.stringify(doc), slots);

const BAD_FILE = "This isn't a Restyle profile file, or it is damaged. Export it again and try once more.";

/** Asserts that running `fn` refuses with a RestyleError 'bad-image' in plain words, and returns the message. */
function refusal(fn: () => unknown): string {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RestyleError);
  const err = caught as RestyleError;
  expect(err.code).toBe('bad-image');
  expect(err.isRefusal).toBe(true);
  // Plain words: a sentence, no stack-ish or JSON internals.
  expect(err.message).toMatch(/^[A-Z].*\.$/);
  expect(err.message).not.toMatch(/JSON|Unexpected token|undefined|null|TypeError|DOMException|base64/i);
  return err.message;
}

describe('toBase64 / fromBase64', () => {
  it('round-trips empty, tiny and every byte value', () => {
    expect(toBase64(new Uint8Array(0))).toBe('');
    expect(fromBase64('')).toEqual(new Uint8Array(0));
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromBase64(toBase64(all))).toEqual(all);
    for (let n = 1; n <= 5; n++) {
      const b = all.subarray(256 - n);
      expect(fromBase64(toBase64(b))).toEqual(b);
    }
  });

  it('matches Node\'s own base64', () => {
    const all = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7 + 3) & 255);
    expect(toBase64(all)).toBe(Buffer.from(all).toString('base64'));
    expect(toBase64(bytes(['Man']))).toBe('TWFu');
    expect(toBase64(bytes(['Ma']))).toBe('TWE=');
    expect(toBase64(bytes(['M']))).toBe('TQ==');
  });

  it('round-trips arrays bigger than one 0x8000 chunk, at and around the chunk boundaries', () => {
    let seed = 12345;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) & 255;
    for (const n of [0x8000 - 1, 0x8000, 0x8000 + 1, 2 * 0x8000, 3 * 0x8000 + 7, 1_000_003]) {
      const b = Uint8Array.from({ length: n }, next);
      const s = toBase64(b);
      expect(s).toBe(Buffer.from(b).toString('base64'));
      const back = fromBase64(s);
      expect(back.length).toBe(n);
      // Buffer.equals: toEqual on a megabyte is element-by-element and slow.
      expect(Buffer.from(back).equals(Buffer.from(b))).toBe(true);
    }
  });

  it('round-trips a subarray view (not the whole underlying buffer)', () => {
    const whole = Uint8Array.from({ length: 100 }, (_, i) => i);
    const view = whole.subarray(10, 20);
    expect(fromBase64(toBase64(view))).toEqual(view);
  });
});

describe('parseProfileExport: a valid export', () => {
  it('accepts it and returns the selfie, the backgrounds with nulls, and the pick', () => {
    const doc = validDoc();
    const out = parse(doc);
    expect(out.format).toBe(EXPORT_FORMAT);
    expect(out.version).toBe(EXPORT_VERSION);
    expect(out.exportedAt).toBe('2025-06-15T12:00:00.000Z');
    expect(out.picked).toBe(2);
    expect(out.selfie).toEqual(doc.selfie);
    expect(out.backgrounds).toHaveLength(SLOTS);
    expect(out.backgrounds).toEqual(doc.backgrounds);
    expect(out.backgrounds[1]).toBeNull();
    expect(out.backgrounds[4]).toBeNull();
    expect(fromBase64(out.backgrounds[0]?.base64 ?? '')).toEqual(png());
  });

  it('says in its note that keys are never included, whatever the file said', () => {
    const out = parse({ ...validDoc(), note: 'Here is my key: AIzaSy-not-really' });
    expect(out.note).toBe(EXPORT_NOTE);
    expect(out.note).toMatch(/keys are never included/i);
  });

  it('accepts picked null, and all backgrounds null', () => {
    expect(parse({ ...validDoc(), picked: null }).picked).toBeNull();
    const out = parse({ ...validDoc(), backgrounds: [null, null, null, null, null], picked: null });
    expect(out.backgrounds).toEqual([null, null, null, null, null]);
  });

  it('accepts each picked index that points at an image', () => {
    for (const p of [0, 2, 3]) expect(parse({ ...validDoc(), picked: p }).picked).toBe(p);
  });

  it('accepts a PNG, JPEG or WebP selfie', () => {
    expect(parse({ ...validDoc(), selfie: img(png(), 'image/png') }).selfie.mimeType).toBe('image/png');
    expect(parse({ ...validDoc(), selfie: img(webp(), 'image/webp') }).selfie.mimeType).toBe('image/webp');
  });

  it('accepts a large image (the base64 is longer than the sniffed head)', () => {
    const big = new Uint8Array(200_000);
    big.set(png());
    for (let i = 60; i < big.length; i++) big[i] = (i * 31) & 255;
    const out = parse({ ...validDoc(), selfie: img(big, 'image/png', 4000, 3000) });
    expect(Buffer.from(fromBase64(out.selfie.base64)).equals(Buffer.from(big))).toBe(true);
  });

  it('uses an empty exportedAt when it is missing or not a string', () => {
    const { exportedAt: _drop, ...rest } = validDoc();
    expect(parse(rest).exportedAt).toBe('');
    expect(parse({ ...validDoc(), exportedAt: 12345 }).exportedAt).toBe('');
  });

  it('never returns fields it does not know (an apiKey in the file does not come through)', () => {
    const doc = validDoc();
    const withExtras = {
      ...doc,
      apiKey: 'AIzaSyEXAMPLE-secret',
      geminiKey: 'secret',
      extra: { nested: true },
      selfie: { ...doc.selfie, apiKey: 'in-selfie', exif: 'gps' },
      backgrounds: doc.backgrounds.map((b) => (b ? { ...b, apiKey: 'in-background', prompt: 'x' } : null)),
    };
    const out = parse(withExtras);
    expect(Object.keys(out).sort()).toEqual(['backgrounds', 'exportedAt', 'format', 'note', 'picked', 'selfie', 'version']);
    expect(Object.keys(out.selfie).sort()).toEqual(['base64', 'height', 'mimeType', 'width']);
    for (const b of out.backgrounds) if (b) expect(Object.keys(b).sort()).toEqual(['base64', 'height', 'mimeType', 'width']);
    const serialised = JSON.stringify(out);
    expect(serialised).not.toContain('apiKey');
    expect(serialised).not.toContain('secret');
    expect(serialised).not.toContain('in-selfie');
    expect(serialised).not.toContain('in-background');
  });

  it('round-trips: parsing its own output gives the same', () => {
    const out = parse(validDoc());
    expect(parseProfileExport(JSON.stringify(out), SLOTS)).toEqual(out);
  });
});

describe('parseProfileExport: refusals', () => {
  it('refuses text that is not JSON', () => {
    for (const t of ['', 'not json', '{"format":', '<html></html>', '\u0000\u0001']) {
      expect(refusal(() => parseProfileExport(t, SLOTS))).toBe(BAD_FILE);
    }
  });

  it('refuses JSON that is not an object', () => {
    for (const v of [null, 42, 'restyle-profile', true, [validDoc()]]) {
      expect(refusal(() => parse(v))).toBe(BAD_FILE);
    }
  });

  it('refuses a wrong or missing format string', () => {
    for (const format of ['restyle-profile2', 'Restyle-Profile', '', undefined, 1]) {
      expect(refusal(() => parse({ ...validDoc(), format }))).toBe(BAD_FILE);
    }
  });

  it('refuses a newer version, saying to update the app', () => {
    for (const version of [EXPORT_VERSION + 1, 99]) {
      const msg = refusal(() => parse({ ...validDoc(), version }));
      expect(msg).toMatch(/newer/i);
      expect(msg).toMatch(/update the app/i);
    }
  });

  it('refuses a missing or garbled version as a damaged file, not as "newer"', () => {
    for (const version of [undefined, null, 0, -1, 1.5, '1', 'two']) {
      expect(refusal(() => parse({ ...validDoc(), version }))).toBe(BAD_FILE);
    }
  });

  it('refuses the wrong number of backgrounds, or backgrounds that are not an array', () => {
    const doc = validDoc();
    expect(refusal(() => parse({ ...doc, backgrounds: doc.backgrounds.slice(0, 4) }))).toBe(BAD_FILE);
    expect(refusal(() => parse({ ...doc, backgrounds: [...doc.backgrounds, null] }))).toBe(BAD_FILE);
    expect(refusal(() => parse({ ...doc, backgrounds: [], picked: null }))).toBe(BAD_FILE);
    expect(refusal(() => parse({ ...doc, backgrounds: { 0: null } }))).toBe(BAD_FILE);
    expect(refusal(() => parse({ ...doc, backgrounds: undefined }))).toBe(BAD_FILE);
    // The same file is fine where the slot count matches.
    expect(parse({ ...doc, backgrounds: doc.backgrounds.slice(0, 4) }, 4).backgrounds).toHaveLength(4);
  });

  it('refuses a missing selfie or a background that is not an image object', () => {
    const { selfie: _drop, ...noSelfie } = validDoc();
    expect(refusal(() => parse(noSelfie))).toBe(BAD_FILE);
    expect(refusal(() => parse({ ...validDoc(), selfie: null }))).toBe(BAD_FILE);
    for (const bad of ['iVBORw0KGgo=', 5, [], {}, true]) {
      const doc = validDoc();
      doc.backgrounds[0] = bad as unknown as Img;
      expect(refusal(() => parse(doc))).toBe(BAD_FILE);
    }
  });

  it('refuses image fields of the wrong type', () => {
    const good = img(png(), 'image/png');
    for (const bad of [
      { ...good, mimeType: undefined },
      { ...good, mimeType: 1 },
      { ...good, base64: undefined },
      { ...good, base64: [1, 2] },
      { ...good, width: '4' },
      { ...good, height: null },
    ]) {
      expect(refusal(() => parse({ ...validDoc(), selfie: bad }))).toBe(BAD_FILE);
    }
  });

  it('refuses bytes that are not an image, whatever the mimeType says', () => {
    for (const [name, b] of [
      ['text', text()],
      ['empty', new Uint8Array(0)],
      ['zeros', new Uint8Array(64)],
      ['svg', svg()],
      ['gif', gif()],
      ['heic', heic()],
    ] as const) {
      const asPng = img(b, 'image/png');
      expect(refusal(() => parse({ ...validDoc(), selfie: asPng })), name).toBe(BAD_FILE);
      const doc = validDoc();
      doc.backgrounds[0] = asPng;
      expect(refusal(() => parse(doc)), name).toBe(BAD_FILE);
    }
  });

  it('refuses SVG, GIF and HEIC even when the mimeType is honest', () => {
    for (const [b, mime] of [
      [svg(), 'image/svg+xml'],
      [svg(), 'image/svg'],
      [gif(), 'image/gif'],
      [heic(), 'image/heic'],
    ] as const) {
      expect(refusal(() => parse({ ...validDoc(), selfie: img(b, mime) }))).toBe(BAD_FILE);
    }
  });

  it('refuses a mimeType that does not match the bytes', () => {
    for (const [b, mime] of [
      [png(), 'image/jpeg'],
      [jpeg(), 'image/png'],
      [webp(), 'image/png'],
      [png(), 'image/webp'],
      [jpeg(), 'image/jpg'],
      [png(), 'IMAGE/PNG'],
      [png(), 'png'],
      [png(), ''],
    ] as const) {
      expect(refusal(() => parse({ ...validDoc(), selfie: img(b, mime) })), `${mime}`).toBe(BAD_FILE);
      const doc = validDoc();
      doc.backgrounds[3] = img(b, mime);
      expect(refusal(() => parse(doc)), `${mime}`).toBe(BAD_FILE);
    }
  });

  it('refuses base64 that is not base64, in the head or further in', () => {
    const good = toBase64(png());
    const long = toBase64(Uint8Array.from({ length: 3000 }, (_, i) => (i < 33 ? (png()[i] ?? 0) : i & 255)));
    for (const base64 of [
      '!!!!not base64!!!!',
      `${good.slice(0, 8)}%%%%${good.slice(12)}`,
      `${long.slice(0, 2000)}*${long.slice(2001)}`, // damaged far past the sniffed head
      long.slice(0, long.length - 1), // truncated
      `${long.slice(0, 1000)}\n${long.slice(1000)}`,
    ]) {
      expect(refusal(() => parse({ ...validDoc(), selfie: { mimeType: 'image/png', width: 4, height: 3, base64 } }))).toBe(BAD_FILE);
    }
    // The undamaged long one is fine.
    expect(parse({ ...validDoc(), selfie: { mimeType: 'image/png', width: 4, height: 3, base64: long } }).selfie.base64).toBe(long);
  });

  it('refuses non-integer, zero, negative, non-finite or huge width/height', () => {
    for (const [width, height] of [
      [4.5, 3],
      [4, 3.1],
      [0, 3],
      [4, 0],
      [-4, 3],
      [4, -3],
      [1e9, 1e9],
      [10_000, 10_000], // 100 megapixels
      [40_000_001, 1],
    ]) {
      expect(refusal(() => parse({ ...validDoc(), selfie: img(png(), 'image/png', width, height) })), `${width}x${height}`).toBe(BAD_FILE);
      const doc = validDoc();
      doc.backgrounds[0] = img(png(), 'image/png', width, height);
      expect(refusal(() => parse(doc)), `${width}x${height}`).toBe(BAD_FILE);
    }
    // NaN and Infinity become null in JSON; write them in by hand as JSON cannot hold them.
    const raw = JSON.stringify(validDoc()).replace('"width":720', '"width":1e400');
    expect(refusal(() => parseProfileExport(raw, SLOTS))).toBe(BAD_FILE);
    // The limit itself is allowed.
    expect(parse({ ...validDoc(), selfie: img(png(), 'image/png', 8000, 5000) }).selfie.width).toBe(8000);
  });

  it('refuses picked out of range, not an integer, or pointing at a null background', () => {
    for (const picked of [-1, SLOTS, SLOTS + 1, 100, 1.5, '2', true, {}, 1, 4]) {
      expect(refusal(() => parse({ ...validDoc(), picked })), JSON.stringify(picked)).toBe(BAD_FILE);
    }
  });

  it('refuses a missing picked', () => {
    const { picked: _drop, ...rest } = validDoc();
    expect(refusal(() => parse(rest))).toBe(BAD_FILE);
  });

  it('refuses text too large, before trying to read it, with its own plain message', () => {
    const huge = ' '.repeat(Math.floor(MAX_EXPORT_BYTES * 1.4) + 1);
    const msg = refusal(() => parseProfileExport(huge, SLOTS));
    expect(msg).toMatch(/too large/i);
    // Even if it would otherwise be a valid profile padded with whitespace.
    const padded = JSON.stringify(validDoc()) + ' '.repeat(Math.floor(MAX_EXPORT_BYTES * 1.4));
    expect(refusal(() => parseProfileExport(padded, SLOTS))).toMatch(/too large/i);
  });

  it('the refusal is a RestyleError that is also an Error', () => {
    try {
      parseProfileExport('nope', SLOTS);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).name).toBe('RestyleError');
    }
  });
});
