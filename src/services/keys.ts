/**
 * API keys, on this device only: in IndexedDB when the person asks us to remember them,
 * otherwise in this tab's memory until it closes. Never logged, never exported.
 */
import type { ApiService } from '../core/domain';
import { db } from './storage/db';
import { announce } from './sync';

const sessionKeys = new Map<ApiService, string>();

export async function getKey(service: ApiService): Promise<string | null> {
  const inMemory = sessionKeys.get(service);
  if (inMemory) return inMemory;
  return (await (await db()).get('keys', service))?.key ?? null;
}

/** Where a key is kept, for the Settings screen. */
export async function keyStatus(service: ApiService): Promise<'remembered' | 'session' | 'none'> {
  if (sessionKeys.has(service)) return 'session';
  return (await (await db()).get('keys', service)) ? 'remembered' : 'none';
}

export async function saveKey(service: ApiService, key: string, remember: boolean): Promise<void> {
  const d = await db();
  if (remember) {
    sessionKeys.delete(service);
    await d.put('keys', { service, key, savedAt: Date.now() });
  } else {
    await d.delete('keys', service);
    sessionKeys.set(service, key);
  }
  announce('keys');
}

export async function deleteKey(service: ApiService): Promise<void> {
  sessionKeys.delete(service);
  await (await db()).delete('keys', service);
  announce('keys');
}
