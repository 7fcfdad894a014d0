/** Export and import of the profile as a file (browser side of core/profileExport). */
import { BACKGROUND_COUNT } from '../core/backgroundPrompts';
import { RestyleError } from '../core/errors';
import {
  EXPORT_FORMAT,
  EXPORT_NOTE,
  EXPORT_VERSION,
  MAX_EXPORT_BYTES,
  fromBase64,
  parseProfileExport,
  toBase64,
  type ExportedImage,
  type ProfileExport,
} from '../core/profileExport';
import type { ProfileImage } from '../core/domain';
import { PROFILE_PREFIX, loadProfile, replaceProfile } from '../services/storage/profile';
import { loadSettings } from '../services/storage/settings';

async function exportImage(image: ProfileImage): Promise<ExportedImage> {
  return {
    mimeType: image.blob.type,
    width: image.width,
    height: image.height,
    base64: toBase64(new Uint8Array(await image.blob.arrayBuffer())),
  };
}

function importImage(image: ExportedImage): ProfileImage {
  const bytes = fromBase64(image.base64);
  return { blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: image.mimeType }), width: image.width, height: image.height };
}

/** The profile as a JSON file. Keys are never part of it. */
export async function exportProfile(): Promise<Blob> {
  const loaded = await loadProfile();
  if (!loaded) throw new RestyleError('failed', 'There is no profile to export yet.');
  const { backgroundId } = await loadSettings();
  const pickedIndex = backgroundId.startsWith(PROFILE_PREFIX) ? Number(backgroundId.slice(PROFILE_PREFIX.length)) : null;
  const backgrounds = await Promise.all(loaded.images.map((img) => (img ? exportImage(img) : Promise.resolve(null))));
  const doc: ProfileExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    note: EXPORT_NOTE,
    selfie: await exportImage(loaded.selfie),
    backgrounds,
    picked: pickedIndex !== null && backgrounds[pickedIndex] ? pickedIndex : null,
  };
  return new Blob([JSON.stringify(doc)], { type: 'application/json' });
}

/** Reads an exported profile and makes it this device's profile (and its pick the default background). */
export async function importProfileFile(file: Blob): Promise<ProfileExport> {
  if (file.size > MAX_EXPORT_BYTES) throw new RestyleError('bad-image', 'This profile file is too large.');
  const doc = parseProfileExport(await file.text(), BACKGROUND_COUNT);
  await replaceProfile(importImage(doc.selfie), doc.backgrounds.map((b) => (b ? importImage(b) : null)), doc.picked);
  return doc;
}
