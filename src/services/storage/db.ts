/**
 * The app's one IndexedDB database. Everything a person makes (their backgrounds, their results)
 * lives here, on their device, until they delete it. Bump DB_VERSION with a migration step.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { BackgroundVerdict } from '../../core/backgroundScore';

export const DB_NAME = 'restyle';
export const DB_VERSION = 1;

export interface StoredBackground {
  id: string;
  name: string;
  blob: Blob;
  width: number;
  height: number;
  createdAt: number;
}

export interface HistoryEntry {
  id: string;
  createdAt: number;
  inputName: string;
  input: Blob;
  output: Blob;
  backgroundName: string;
  blurSigma: number;
  durationSec: number;
  width: number;
  height: number;
  verdict: BackgroundVerdict | null;
  totalSec: number;
}

export interface Settings {
  backgroundId: string;
  blurSigma: number;
}

interface RestyleDB extends DBSchema {
  backgrounds: { key: string; value: StoredBackground };
  history: { key: string; value: HistoryEntry; indexes: { createdAt: number } };
  settings: { key: string; value: unknown };
}

let dbPromise: Promise<IDBPDatabase<RestyleDB>> | null = null;

export function db(): Promise<IDBPDatabase<RestyleDB>> {
  dbPromise ??= openDB<RestyleDB>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('backgrounds', { keyPath: 'id' });
        database.createObjectStore('history', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
        database.createObjectStore('settings');
      }
    },
  });
  return dbPromise;
}

export function newId(): string {
  return crypto.randomUUID();
}
