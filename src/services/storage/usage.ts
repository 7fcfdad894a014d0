/**
 * What Restyle keeps on this device and how much room it takes: per item, so a person can see
 * what to delete, plus the browser's own usage and quota estimate.
 */
import { db } from './db';
import { videoBytes, videoName } from '../../core/domain';

export interface StoredItem {
  id: string;
  label: string;
  bytes: number;
}

export interface StorageBreakdown {
  results: StoredItem[];
  backgrounds: StoredItem[];
  /** Selfie and generated backgrounds together, or null when there is no profile. */
  profile: StoredItem | null;
  /** The clip picked and not let go of yet (the wizard's draft), or null. */
  draft: StoredItem | null;
  /** The browser's estimate for the whole site (includes the offline copy of the app). */
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

export async function storageBreakdown(): Promise<StorageBreakdown> {
  const d = await db();
  const [history, backgrounds, images, draftClip] = await Promise.all([
    d.getAll('history'),
    d.getAll('backgrounds'),
    d.getAll('profileImages'),
    d.get('draft', 'clip'),
  ]);
  const draft = draftClip && 'input' in draftClip ? draftClip : null;
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  const persisted = (await navigator.storage?.persisted?.().catch(() => null)) ?? null;
  return {
    results: history
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((h) => ({ id: h.id, label: videoName(h), bytes: videoBytes(h) })),
    backgrounds: backgrounds.map((b) => ({ id: b.id, label: b.name, bytes: b.blob.size })),
    profile: images.length > 0 ? { id: 'profile', label: 'Your selfie and backgrounds', bytes: images.reduce((s, i) => s + i.blob.size, 0) } : null,
    draft: draft ? { id: draft.id, label: draft.inputName, bytes: draft.input.size } : null,
    usage: estimate?.usage ?? null,
    quota: estimate?.quota ?? null,
    persisted,
  };
}

/**
 * Asks the browser not to evict our data under storage pressure. Chromium decides by itself
 * (installed or often-used sites get it); the answer is shown in Settings.
 */
export async function requestPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}
