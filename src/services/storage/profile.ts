/**
 * The person's profile in IndexedDB. Every change is one transaction over the stores it
 * touches, so two tabs (or a reload mid-generation) can never leave it half-written.
 */
import { BACKGROUND_COUNT } from '../../core/backgroundPrompts';
import { checkRegeneration, pruneLog, type GuardVerdict } from '../../core/costGuard';
import { announce } from '../sync';
import type { IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import type { Profile, ProfileImage, ProfileSlot } from '../../core/domain';
import { atomically, db, type RestyleDB } from './db';

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

/** Why a run of Gemini was refused or allowed (the cost guard's verdict); `saved`: the selfie was kept. */
export type RunStart = GuardVerdict & { saved: boolean };

/**
 * A selfie to make backgrounds from, first or replacing one: checks the cost guard and, if it
 * allows a run, records it and writes the new profile, all in one transaction (every run counts,
 * whatever started it). Refused, a first selfie is still kept (its backgrounds wait, pending),
 * while a replacement leaves the current profile as it is.
 */
export async function startSelfieRun(selfie: ProfileImage, perDay: number, now = Date.now()): Promise<RunStart> {
  const tx = (await db()).transaction(['profile', 'profileImages', 'settings', 'spending'], 'readwrite');
  const result = await atomically(tx, async () => {
    const verdict = await claimGeminiRun(tx.objectStore('spending'), perDay, now);
    const first = (await tx.objectStore('profile').get('current')) === undefined;
    if (verdict.ok || first) await putProfile(tx, selfie, [], null, now);
    return { ...verdict, saved: verdict.ok || first };
  });
  if (result.saved) {
    announce('profile');
    announce('settings');
  }
  return result;
}

/**
 * The ledger check: the cost guard over every Gemini run on record and, if it allows one more,
 * `now` added to the record, in the caller's transaction (so two tabs cannot both pass it).
 */
async function claimGeminiRun(spending: IDBPObjectStore<RestyleDB, StoreNames<RestyleDB>[], 'spending', 'readwrite'>, perDay: number, now: number): Promise<GuardVerdict> {
  const runs = (await spending.get('gemini-runs')) ?? [];
  const verdict = checkRegeneration(runs, now, perDay);
  if (verdict.ok) await spending.put([...pruneLog(runs, now), now], 'gemini-runs');
  return verdict;
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

/**
 * After a reload or a closed tab, nothing may stay "generating" with nobody generating it: those
 * slots go back to pending, marked lost (their answers, paid for, never arrived) until made again.
 */
export async function resetInterruptedSlots(): Promise<number> {
  const tx = (await db()).transaction('profile', 'readwrite');
  const profile = await tx.store.get('current');
  let reset = 0;
  if (profile) {
    profile.slots = profile.slots.map((s) => {
      if (s.status !== 'generating') return s;
      reset++;
      return { status: 'pending', lost: true, updatedAt: Date.now() };
    });
    if (reset > 0) await tx.store.put(profile, 'current');
  }
  await tx.done;
  if (reset > 0) announce('profile');
  return reset;
}

/**
 * "Make 5 new" (`fresh`: every slot back to pending) or "Make them now" (the slots not made yet):
 * checks the cost guard and, if allowed, records the run, in one transaction; a double click or a
 * second tab sees the first one's record.
 */
export async function startProfileRun(perDay: number, fresh: boolean, now = Date.now()): Promise<GuardVerdict> {
  const tx = (await db()).transaction(['profile', 'spending'], 'readwrite');
  const verdict = await atomically(tx, async (): Promise<GuardVerdict> => {
    const profile = await tx.objectStore('profile').get('current');
    if (!profile) return { ok: false, reason: 'cooldown', retryAt: now, message: 'Take a selfie first.' };
    const v = await claimGeminiRun(tx.objectStore('spending'), perDay, now);
    if (v.ok && fresh) {
      profile.slots = pendingSlots(now);
      await tx.objectStore('profile').put(profile, 'current');
    }
    return v;
  });
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

/** Replaces the whole profile with an imported one, in one transaction (the spending record stays). */
export async function replaceProfile(selfie: ProfileImage, backgrounds: (ProfileImage | null)[], picked: number | null): Promise<void> {
  const tx = (await db()).transaction(['profile', 'profileImages', 'settings'], 'readwrite');
  await atomically(tx, () => putProfile(tx, selfie, backgrounds, picked, Date.now()));
  announce('profile');
  announce('settings');
}

/**
 * Writes a whole profile in the caller's transaction: the selfie, the backgrounds there are (the
 * rest pending), and the pick. Without a pick, a pick of the old profile is dropped (its image is gone).
 */
async function putProfile(
  tx: IDBPTransaction<RestyleDB, ('profile' | 'profileImages' | 'settings' | 'spending')[], 'readwrite'>,
  selfie: ProfileImage,
  backgrounds: (ProfileImage | null)[],
  picked: number | null,
  now: number,
): Promise<void> {
  const profiles = tx.objectStore('profile');
  const images = tx.objectStore('profileImages');
  const settings = tx.objectStore('settings');
  const old = await profiles.get('current');
  await images.clear();
  await images.put(selfie, 'selfie');
  const slots: ProfileSlot[] = [];
  for (let i = 0; i < BACKGROUND_COUNT; i++) {
    const bg = backgrounds[i] ?? null;
    if (bg) await images.put(bg, slotKey(i));
    slots.push({ status: bg ? 'ready' : 'pending', updatedAt: now });
  }
  await profiles.put({ createdAt: old?.createdAt ?? now, selfieSize: { width: selfie.width, height: selfie.height }, slots }, 'current');
  const chosen = await settings.get('backgroundId');
  if (picked !== null) await settings.put(`${PROFILE_PREFIX}${picked}`, 'backgroundId');
  else if (typeof chosen === 'string' && chosen.startsWith(PROFILE_PREFIX)) await settings.delete('backgroundId');
}
