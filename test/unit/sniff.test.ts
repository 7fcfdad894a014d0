import { describe, expect, it } from 'vitest';
import { ACCEPTED_IMAGE_FORMATS, SNIFF_BYTES, sniff } from '../../src/core/sniff';

const enc = new TextEncoder();

/** Concatenates byte arrays, ASCII strings and numbers (single bytes), padded to `pad` bytes with zeros. */
function bytes(parts: Array<string | number | number[] | Uint8Array>, pad = 0): Uint8Array {
  const chunks: number[] = [];
  for (const p of parts) {
    if (typeof p === 'string') chunks.push(...enc.encode(p));
    else if (typeof p === 'number') chunks.push(p);
    else chunks.push(...p);
  }
  while (chunks.length < pad) chunks.push(0);
  return Uint8Array.from(chunks);
}

const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/** An ISO BMFF `ftyp` box: size, 'ftyp', major brand, minor version, compatible brands. */
function ftyp(major: string, compatible: string[] = []): Uint8Array {
  const size = 16 + 4 * compatible.length;
  return bytes([u32(size), 'ftyp', major, u32(0), ...compatible], SNIFF_BYTES);
}

/** An EBML header as written by Chrome's MediaRecorder / mkvmerge, with the given DocType. */
function ebml(docType: string): Uint8Array {
  const body = bytes([
    [0x42, 0x86, 0x81, 0x01], // EBMLVersion 1
    [0x42, 0xf7, 0x81, 0x01], // EBMLReadVersion 1
    [0x42, 0xf2, 0x81, 0x04], // EBMLMaxIDLength 4
    [0x42, 0xf3, 0x81, 0x08], // EBMLMaxSizeLength 8
    [0x42, 0x82, 0x80 | docType.length], docType, // DocType
    [0x42, 0x87, 0x81, 0x04], // DocTypeVersion
    [0x42, 0x85, 0x81, 0x02], // DocTypeReadVersion
  ]);
  return bytes([[0x1a, 0x45, 0xdf, 0xa3], 0x80 | body.length, body, [0x18, 0x53, 0x80, 0x67]], SNIFF_BYTES);
}

describe('sniff: videos', () => {
  it('reads ftyp isom / mp42 / avc1 / M4V as mp4', () => {
    expect(sniff(ftyp('isom', ['isom', 'iso2', 'avc1', 'mp41']))).toEqual({ kind: 'video', container: 'mp4' });
    expect(sniff(ftyp('mp42', ['mp42', 'isom']))).toEqual({ kind: 'video', container: 'mp4' });
    expect(sniff(ftyp('M4V ', ['M4V ', 'mp42']))).toEqual({ kind: 'video', container: 'mp4' });
  });

  it("reads ftyp 'qt  ' (iPhone) as mov", () => {
    expect(sniff(ftyp('qt  ', ['qt  ']))).toEqual({ kind: 'video', container: 'mov' });
  });

  it('reads old QuickTime files that start with a moov, wide or mdat atom as mov', () => {
    expect(sniff(bytes([u32(0x1234), 'moov', u32(108), 'mvhd'], SNIFF_BYTES))).toEqual({ kind: 'video', container: 'mov' });
    expect(sniff(bytes([u32(8), 'wide', u32(0x10000), 'mdat'], SNIFF_BYTES))).toEqual({ kind: 'video', container: 'mov' });
    expect(sniff(bytes([u32(0x10000), 'mdat'], 16))).toEqual({ kind: 'video', container: 'mov' });
  });

  it('reads an EBML header with DocType webm as webm', () => {
    expect(sniff(ebml('webm'))).toEqual({ kind: 'video', container: 'webm' });
  });

  it('reads an EBML header with DocType matroska as matroska (refused later, not as webm)', () => {
    expect(sniff(ebml('matroska'))).toEqual({ kind: 'matroska' });
  });
});

describe('sniff: images', () => {
  it('reads JPEG (JFIF and Exif)', () => {
    expect(sniff(bytes([[0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', 0], 32))).toEqual({ kind: 'image', format: 'jpeg' });
    expect(sniff(bytes([[0xff, 0xd8, 0xff, 0xe1, 0x12, 0x34], 'Exif', 0, 0], 32))).toEqual({ kind: 'image', format: 'jpeg' });
  });

  it('reads PNG', () => {
    const png = bytes([[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], u32(13), 'IHDR', u32(640), u32(480)]);
    expect(sniff(png)).toEqual({ kind: 'image', format: 'png' });
  });

  it('reads WebP (RIFF....WEBP) but not other RIFF files', () => {
    expect(sniff(bytes(['RIFF', [0x24, 0x10, 0, 0], 'WEBPVP8 '], 32))).toEqual({ kind: 'image', format: 'webp' });
    expect(sniff(bytes(['RIFF', [0x24, 0x10, 0, 0], 'WAVEfmt '], 32))).toEqual({ kind: 'unknown' });
  });

  it('reads GIF87a and GIF89a', () => {
    expect(sniff(bytes(['GIF89a', [0x40, 0x01, 0xf0, 0x00]]))).toEqual({ kind: 'image', format: 'gif' });
    expect(sniff(bytes(['GIF87a', [0x40, 0x01, 0xf0, 0x00]]))).toEqual({ kind: 'image', format: 'gif' });
  });

  it('reads HEIC (ftyp heic / mif1) as an image, not an mp4 video', () => {
    expect(sniff(ftyp('heic', ['mif1', 'heic']))).toEqual({ kind: 'image', format: 'heic' });
    expect(sniff(ftyp('mif1', ['mif1', 'heic', 'miaf']))).toEqual({ kind: 'image', format: 'heic' });
    expect(sniff(ftyp('heix'))).toEqual({ kind: 'image', format: 'heic' });
  });

  it('reads AVIF (ftyp avif / avis)', () => {
    expect(sniff(ftyp('avif', ['avif', 'mif1', 'miaf']))).toEqual({ kind: 'image', format: 'avif' });
    expect(sniff(ftyp('avis', ['avis', 'msf1']))).toEqual({ kind: 'image', format: 'avif' });
  });

  it('reads SVG with and without an XML declaration, after leading whitespace, in any case', () => {
    expect(sniff(enc.encode('<svg xmlns="http://www.w3.org/2000/svg" width="10"/>'))).toEqual({ kind: 'image', format: 'svg' });
    expect(sniff(enc.encode('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toEqual({
      kind: 'image',
      format: 'svg',
    });
    expect(sniff(enc.encode('  \n\t<SVG viewBox="0 0 1 1"></SVG>'))).toEqual({ kind: 'image', format: 'svg' });
  });

  it('does not read other XML as SVG', () => {
    expect(sniff(enc.encode('<?xml version="1.0"?>\n<rss version="2.0"><channel></channel></rss>'))).toEqual({ kind: 'unknown' });
  });

  it('reads BMP', () => {
    const bmp = bytes(['BM', [0x36, 0x00, 0x0c, 0x00], [0, 0, 0, 0], [0x36, 0, 0, 0], [40, 0, 0, 0]], 54);
    expect(sniff(bmp)).toEqual({ kind: 'image', format: 'bmp' });
  });

  it('takes only JPEG, PNG and WebP as backgrounds', () => {
    expect([...ACCEPTED_IMAGE_FORMATS].sort()).toEqual(['jpeg', 'png', 'webp']);
  });
});

describe('sniff: everything else', () => {
  it('calls plain text, empty input and zeros unknown', () => {
    expect(sniff(enc.encode('Hello, this is just a text file with some words in it.\n'))).toEqual({ kind: 'unknown' });
    expect(sniff(new Uint8Array(0))).toEqual({ kind: 'unknown' });
    expect(sniff(new Uint8Array(SNIFF_BYTES))).toEqual({ kind: 'unknown' });
  });

  it('ignores what the name would say: an "mp4" full of HTML is unknown', () => {
    expect(sniff(enc.encode('<!DOCTYPE html><html><head><title>video.mp4</title>'))).toEqual({ kind: 'unknown' });
  });

  it('does not throw on headers cut at any length', () => {
    const full = [
      ftyp('isom'),
      ftyp('heic'),
      ebml('webm'),
      bytes([[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]]),
      bytes(['RIFF', [0, 0, 0, 0], 'WEBP']),
      bytes(['GIF89a']),
      bytes(['BM'], 14),
    ];
    for (const head of full) {
      for (let n = 0; n <= head.length; n++) expect(() => sniff(head.subarray(0, n))).not.toThrow();
    }
  });

  it('needs the whole ftyp brand: a box cut before its brand is not a video', () => {
    expect(sniff(ftyp('isom').subarray(0, 8))).toEqual({ kind: 'unknown' });
    expect(sniff(ftyp('isom').subarray(0, 11))).toEqual({ kind: 'unknown' });
    expect(sniff(ftyp('isom').subarray(0, 12))).toEqual({ kind: 'video', container: 'mp4' });
  });

  it('needs the whole signature for PNG, WebP and BMP', () => {
    expect(sniff(bytes([[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a]]))).toEqual({ kind: 'unknown' });
    expect(sniff(bytes(['RIFF', [0, 0, 0, 0], 'WEB']))).toEqual({ kind: 'unknown' });
    expect(sniff(bytes(['BM'], 13))).toEqual({ kind: 'unknown' });
    expect(sniff(bytes(['GIF8']))).toEqual({ kind: 'unknown' });
  });

  it('tells webm from matroska even when only the first 64 bytes are given', () => {
    expect(sniff(ebml('webm').subarray(0, SNIFF_BYTES))).toEqual({ kind: 'video', container: 'webm' });
  });
});
