/**
 * The person's profile in IndexedDB. Every change is one transaction over the stores it
 * touches, so two tabs (or a reload mid-generation) can never leave it half-written.
 */
import { BACKGROUND_COUNT } from '../../core/backgroundPrompts';
import { checkRegeneration, pruneLog, type GuardVerdict } from '../../core/costGuard';
import { announce } from '../sync';
import { atomically, db, type Profile, type ProfileImage, type ProfileSlot } from './db';

export const PROFILE_PREFIX = 'profile:';
const slotKey = (i: number) => `slot-${i}`;

export interface LoadedProfile {
  profile: Profile;
  selfie: ProfileImage;
  images: (ProfileImage | null)[];
}

const pendingSlots = (now: number): ProfileSlot[] =>
  Array.from({ length: BACKGROUND_COUNT }, () => ({ status: 'pending' as const, updatedAt: now }));

export async function loadProfile(): Promise<LoadedProfile | null> {
  const tx = (await db()).transaction(['profile', 'profileImages']);
  const profile = await tx.objectStore('profile').get('current');
  if (!profile) return null;
  const images = tx.objectStore('profileImages');
  const selfie = await images.get('selfie');
  if (!selfie) return null;
  const slots = await Promise.all(profile.slots.map((_, i) => images.get(slotKey(i))));
  return { profile, selfie, images: slots.map((s) => s ?? null) };
}

export async function loadSlotImage(index: number): Promise<ProfileImage | undefined> {
  return (await db()).get('profileImages', slotKey(index));
}

/** A new profile (or a replaced selfie): all backgrounds start again; the regeneration log is kept. */
export async function saveSelfie(selfie: ProfileImage): Promise<void> {
  await writeProfile(selfie, [], null);
}

/** Sets one slot's status (and its image, when it is ready) in one transaction. */
export async function updateSlot(index: number, slot: Omit<ProfileSlot, 'updatedAt'>, image?: ProfileImage): Promise<void> {
  const tx = (await db()).transaction(['profile', 'profileImages'], 'readwrite');
  const profiles = tx.objectStore('profile');
  const profile = await profiles.get('current');
  if (!profile || index < 0 || index >= profile.slots.length) {
    tx.abort();
    await tx.done.catch(() => undefined);
    return;
  }
  profile.slots[index] = { ...slot, updatedAt: Date.now() };
  await atomically(tx, async () => {
    if (image) await tx.objectStore('profileImages').put(image, slotKey(index));
    await profiles.put(profile, 'current');
  });
  announce('profile');
}

/** After a reload or a closed tab, nothing may stay "generating" with nobody generating it. */
export async function resetInterruptedSlots(): Promise<number> {
  const tx = (await db()).transaction('profile', 'readwrite');
  const profile = await tx.store.get('current');
  let reset = 0;
  if (profile) {
    profile.slots = profile.slots.map((s) => {
      if (s.status !== 'generating') return s;
      reset++;
      return { status: 'pending', updatedAt: Date.now() };
    });
    if (reset > 0) await tx.store.put(profile, 'current');
  }
  await tx.done;
  if (reset > 0) announce('profile');
  return reset;
}

/**
 * Checks the cost guard and, if allowed, records the regeneration and sets every slot back to
 * pending, all in one transaction: a double click or a second tab sees the first one's record.
 */
export async function startRegeneration(perDay: number, now = Date.now()): Promise<GuardVerdict> {
  const tx = (await db()).transaction('profile', 'readwrite');
  const profile = await tx.store.get('current');
  if (!profile) {
    await tx.done;
    return { ok: false, reason: 'cooldown', retryAt: now, message: 'Take a selfie first.' };
  }
  const verdict = checkRegeneration(profile.regenerations, now, perDay);
  if (verdict.ok) {
    profile.regenerations = [...pruneLog(profile.regenerations, now), now];
    profile.slots = pendingSlots(now);
    await tx.store.put(profile, 'current');
  }
  await tx.done;
  if (verdict.ok) announce('profile');
  return verdict;
}

export async function deleteProfile(): Promise<void> {
  const tx = (await db()).transaction(['profile', 'profileImages', 'settings'], 'readwrite');
  await tx.objectStore('profile').clear();
  await tx.objectStore('profileImages').clear();
  const settings = tx.objectStore('settings');
  const chosen = await settings.get('backgroundId');
  // The picked background went with the profile: fall back to the default.
  if (typeof chosen === 'string' && chosen.startsWith(PROFILE_PREFIX)) await settings.delete('backgroundId');
  await tx.done;
  announce('profile');
  announce('settings');
}

/** Replaces the whole profile with an imported one, in one transaction. */
export async function replaceProfile(selfie: ProfileImage, backgrounds: (ProfileImage | null)[], picked: number | null): Promise<void> {
  await writeProfile(selfie, backgrounds, picked);
}

/**
 * Writes a whole profile in one transaction: the selfie, the backgrounds there are (the rest
 * pending), and the pick. Without a pick, a pick of the old profile is dropped (its image is gone).
 */
async function writeProfile(selfie: ProfileImage, backgrounds: (ProfileImage | null)[], picked: number | null): Promise<void> {
  const tx = (await db()).transaction(['profile', 'profileImages', 'settings'], 'readwrite');
  const profiles = tx.objectStore('profile');
  const images = tx.objectStore('profileImages');
  const settings = tx.objectStore('settings');
  await atomically(tx, async () => {
    const old = await profiles.get('current');
    const now = Date.now();
    await images.clear();
    await images.put(selfie, 'selfie');
    const slots: ProfileSlot[] = [];
    for (let i = 0; i < BACKGROUND_COUNT; i++) {
      const bg = backgrounds[i] ?? null;
      if (bg) await images.put(bg, slotKey(i));
      slots.push({ status: bg ? 'ready' : 'pending', updatedAt: now });
    }
    await profiles.put(
      {
        createdAt: old?.createdAt ?? now,
        selfieSize: { width: selfie.width, height: selfie.height },
        slots,
        regenerations: pruneLog(old?.regenerations ?? [], now),
      },
      'current',
    );
    const chosen = await settings.get('backgroundId');
    if (picked !== null) await settings.put(`${PROFILE_PREFIX}${picked}`, 'backgroundId');
    else if (typeof chosen === 'string' && chosen.startsWith(PROFILE_PREFIX)) await settings.delete('backgroundId');
  });
  announce('profile');
  announce('settings');
}
