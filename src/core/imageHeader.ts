/**
 * A picture's declared size, read from its header bytes before anything decodes it, so a
 * "decompression bomb" (a small file that declares 20000x20000 pixels and would take gigabytes
 * once decoded) is refused without being opened. Pure: JPEG (the SOF segment), PNG (IHDR), WebP
 * (VP8, VP8L and VP8X) and GIF (logical screen). Null when the header does not say (damaged).
 */
import type { ImageFormat } from './sniff';

export interface ImageDims {
  width: number;
  height: number;
}

/** How much of the file to read: a JPEG's SOF can sit behind a large EXIF block and thumbnail. */
export const IMAGE_HEADER_BYTES = 1024 * 1024;

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;

function png(b: Uint8Array): ImageDims | null {
  // 8-byte signature, then the IHDR chunk: length (4), "IHDR", width (4), height (4).
  if (b.length < 24 || String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== 'IHDR') return null;
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

function gif(b: Uint8Array): ImageDims | null {
  return b.length < 10 ? null : { width: u16le(b, 6), height: u16le(b, 8) };
}

function webp(b: Uint8Array): ImageDims | null {
  if (b.length < 30) return null;
  const chunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
  if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  if (chunk === 'VP8L') {
    // signature 0x2f, then 14 bits width - 1 and 14 bits height - 1
    if (b[20] !== 0x2f) return null;
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') {
    // key frame start code 9d 01 2a, then 14-bit width and height (2 bits of scale above)
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  return null;
}

/** Start-of-frame markers: baseline, progressive, lossless and arithmetic variants (not DHT, JPG, DAC). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpeg(b: Uint8Array): ImageDims | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end, or scan data before any frame header
    const length = u16be(b, i + 2);
    if (length < 2) return null;
    if (SOF.has(marker)) return { width: u16be(b, i + 7), height: u16be(b, i + 5) };
    i += 2 + length;
  }
  return null;
}

export function imageDimensions(format: ImageFormat, head: Uint8Array): ImageDims | null {
  const dims =
    format === 'png' ? png(head) : format === 'gif' ? gif(head) : format === 'webp' ? webp(head) : format === 'jpeg' ? jpeg(head) : null;
  return dims && dims.width > 0 && dims.height > 0 ? dims : null;
}
