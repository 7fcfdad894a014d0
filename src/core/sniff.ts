/**
 * Tells what a file really is from its first bytes, never from its name or the browser's guess.
 * Pure: give it the head of the file (64 bytes is plenty).
 */
export type VideoContainer = 'mp4' | 'mov' | 'webm';
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'heic' | 'avif' | 'svg' | 'bmp';

export type Sniffed =
  | { kind: 'video'; container: VideoContainer }
  | { kind: 'image'; format: ImageFormat }
  | { kind: 'matroska' }
  | { kind: 'unknown' };

export const SNIFF_BYTES = 64;

const ascii = (b: Uint8Array, start: number, len: number): string =>
  String.fromCharCode(...b.subarray(start, start + len));

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
/** QuickTime files without an ftyp box start straight with one of these atoms. */
const QT_LEADING_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

export function sniff(head: Uint8Array): Sniffed {
  if (head.length >= 12 && ascii(head, 4, 4) === 'ftyp') {
    const brand = ascii(head, 8, 4);
    if (HEIF_BRANDS.has(brand)) return { kind: 'image', format: 'heic' };
    if (AVIF_BRANDS.has(brand)) return { kind: 'image', format: 'avif' };
    return { kind: 'video', container: brand === 'qt  ' ? 'mov' : 'mp4' };
  }
  if (head.length >= 8 && QT_LEADING_ATOMS.has(ascii(head, 4, 4))) {
    return { kind: 'video', container: 'mov' };
  }
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    // EBML: WebM declares its DocType as the string "webm" near the start.
    return ascii(head, 0, head.length).includes('webm') ? { kind: 'video', container: 'webm' } : { kind: 'matroska' };
  }
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', format: 'png' };
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') {
    return { kind: 'image', format: 'webp' };
  }
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return { kind: 'image', format: 'gif' };
  if (ascii(head, 0, 2) === 'BM' && head.length >= 14) return { kind: 'image', format: 'bmp' };
  const text = ascii(head, 0, Math.min(head.length, SNIFF_BYTES)).trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) {
    return { kind: 'image', format: 'svg' };
  }
  return { kind: 'unknown' };
}

/** Image formats a browser decodes safely and that we take as backgrounds. */
export const ACCEPTED_IMAGE_FORMATS: ReadonlySet<ImageFormat> = new Set(['jpeg', 'png', 'webp']);
