/**
 * The profile as a file a person can move to another device: their selfie, the generated
 * backgrounds and their pick. Never any API key. Pure: images travel as base64.
 */
import { RestyleError } from './errors';
import { ACCEPTED_IMAGE_FORMATS, sniff } from './sniff';

export const EXPORT_FORMAT = 'restyle-profile';
export const EXPORT_VERSION = 1;
export const MAX_EXPORT_BYTES = 60 * 1024 * 1024;

export interface ExportedImage {
  mimeType: string;
  width: number;
  height: number;
  base64: string;
}

export interface ProfileExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  note: string;
  selfie: ExportedImage;
  /** One per slot; null where no image was made. */
  backgrounds: (ExportedImage | null)[];
  /** 0-based index of the picked background, or null. */
  picked: number | null;
}

export const EXPORT_NOTE = 'Restyle profile. API keys are never included in exports.';

const BAD_FILE = "This isn't a Restyle profile file, or it is damaged. Export it again and try once more.";

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function parseImage(v: unknown): ExportedImage {
  if (typeof v !== 'object' || v === null) throw new RestyleError('bad-image', BAD_FILE);
  const o = v as Record<string, unknown>;
  const { mimeType, width, height, base64 } = o;
  if (typeof mimeType !== 'string' || typeof base64 !== 'string' || typeof width !== 'number' || typeof height !== 'number') {
    throw new RestyleError('bad-image', BAD_FILE);
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height > 40_000_000) {
    throw new RestyleError('bad-image', BAD_FILE);
  }
  // Check all of the base64, not just the head: a file damaged further in must be refused here
  // with plain words, not fail later in atob with a raw DOMException.
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new RestyleError('bad-image', BAD_FILE);
  let head: Uint8Array;
  try {
    head = fromBase64(base64.slice(0, 88));
  } catch {
    throw new RestyleError('bad-image', BAD_FILE);
  }
  // The bytes must really be one of the image types we take, whatever the file claims.
  const kind = sniff(head);
  if (kind.kind !== 'image' || !ACCEPTED_IMAGE_FORMATS.has(kind.format) || mimeType !== `image/${kind.format}`) {
    throw new RestyleError('bad-image', BAD_FILE);
  }
  return { mimeType, width, height, base64 };
}

/** Validates an exported profile's text; throws a RestyleError with plain words when it is not one. */
export function parseProfileExport(text: string, slotCount: number): ProfileExport {
  if (text.length > MAX_EXPORT_BYTES * 1.4) throw new RestyleError('bad-image', 'This profile file is too large.');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RestyleError('bad-image', BAD_FILE);
  }
  if (typeof raw !== 'object' || raw === null) throw new RestyleError('bad-image', BAD_FILE);
  const o = raw as Record<string, unknown>;
  if (o.format !== EXPORT_FORMAT) throw new RestyleError('bad-image', BAD_FILE);
  if (o.version !== EXPORT_VERSION) {
    // Only a real, higher version means "newer app"; a missing or garbled version is a damaged file.
    if (typeof o.version === 'number' && Number.isInteger(o.version) && o.version > EXPORT_VERSION) {
      throw new RestyleError('bad-image', 'This profile was exported by a newer Restyle. Update the app and try again.');
    }
    throw new RestyleError('bad-image', BAD_FILE);
  }
  if (!Array.isArray(o.backgrounds) || o.backgrounds.length !== slotCount) throw new RestyleError('bad-image', BAD_FILE);
  const backgrounds = o.backgrounds.map((b: unknown) => (b === null ? null : parseImage(b)));
  const picked = o.picked;
  if (picked !== null && (typeof picked !== 'number' || !Number.isInteger(picked) || picked < 0 || picked >= slotCount || !backgrounds[picked])) {
    throw new RestyleError('bad-image', BAD_FILE);
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: typeof o.exportedAt === 'string' ? o.exportedAt : '',
    note: EXPORT_NOTE,
    selfie: parseImage(o.selfie),
    backgrounds,
    picked,
  };
}
