import { announce } from '../sync';
import type { HistoryEntry } from '../../core/domain';
import { db, newId } from './db';

export async function listHistory(): Promise<HistoryEntry[]> {
  const all = await (await db()).getAllFromIndex('history', 'createdAt');
  return all.reverse();
}

export async function getHistoryEntry(id: string): Promise<HistoryEntry | undefined> {
  return (await db()).get('history', id);
}

export async function addHistoryEntry(entry: Omit<HistoryEntry, 'id' | 'createdAt'>): Promise<HistoryEntry> {
  const record: HistoryEntry = { ...entry, id: newId(), createdAt: Date.now() };
  await (await db()).put('history', record);
  announce('history');
  return record;
}

/** Puts back a video deleted a moment ago (Undo), as it was. */
export async function restoreHistoryEntry(entry: HistoryEntry): Promise<void> {
  await (await db()).put('history', entry);
  announce('history');
}

/** Renames a video (an empty name goes back to its background and date). */
export async function renameHistoryEntry(id: string, title: string): Promise<void> {
  const d = await db();
  const tx = d.transaction('history', 'readwrite');
  const entry = await tx.store.get(id);
  if (entry) {
    const { title: _old, ...rest } = entry;
    await tx.store.put(title.trim() ? { ...rest, title: title.trim() } : rest);
  }
  await tx.done;
  announce('history');
}

export async function deleteHistoryEntry(id: string): Promise<void> {
  await (await db()).delete('history', id);
  announce('history');
}
