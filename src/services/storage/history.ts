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

export async function deleteHistoryEntry(id: string): Promise<void> {
  await (await db()).delete('history', id);
  announce('history');
}
