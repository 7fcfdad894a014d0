import { announce } from '../sync';
import type { StoredBackground } from '../../core/domain';
import { db, newId } from './db';

export async function listBackgrounds(): Promise<StoredBackground[]> {
  const all = await (await db()).getAll('backgrounds');
  return all.sort((a, b) => a.createdAt - b.createdAt);
}

export async function getBackground(id: string): Promise<StoredBackground | undefined> {
  return (await db()).get('backgrounds', id);
}

export async function addBackground(bg: Omit<StoredBackground, 'id' | 'createdAt'>): Promise<StoredBackground> {
  const record: StoredBackground = { ...bg, id: newId(), createdAt: Date.now() };
  await (await db()).put('backgrounds', record);
  announce('backgrounds');
  return record;
}

export async function deleteBackground(id: string): Promise<void> {
  await (await db()).delete('backgrounds', id);
  announce('backgrounds');
}
