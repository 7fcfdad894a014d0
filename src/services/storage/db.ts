/**
 * The app's one IndexedDB database. Everything a person makes (their backgrounds, their results)
 * lives here, on their device, until they delete it. Bump DB_VERSION with a migration step.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ApiService, DraftChoices, DraftClip, HistoryEntry, Profile, ProfileImage, SpendingLog, StoredBackground, StoredKey, UnfinishedJob } from '../../core/domain';

export const DB_NAME = 'restyle';
/** 1: backgrounds, history, settings. 2: keys, profile. 3: unfinished jobs. 4: spending (apart from the profile). 5: the wizard's draft. */
export const DB_VERSION = 5;

export interface RestyleDB extends DBSchema {
  backgrounds: { key: string; value: StoredBackground };
  history: { key: string; value: HistoryEntry; indexes: { createdAt: number } };
  settings: { key: string; value: unknown };
  keys: { key: ApiService; value: StoredKey };
  profile: { key: 'current'; value: Profile };
  /** 'selfie' and 'slot-0'..'slot-4'. */
  profileImages: { key: string; value: ProfileImage };
  jobs: { key: string; value: UnfinishedJob };
  spending: { key: keyof SpendingLog; value: number[] };
  /** 'clip' holds a DraftClip, 'choices' its DraftChoices. */
  draft: { key: 'clip' | 'choices'; value: DraftClip | DraftChoices };
}

export type RestyleDatabase = IDBPDatabase<RestyleDB>;
let dbPromise: Promise<RestyleDatabase> | null = null;

export function db(): Promise<RestyleDatabase> {
  dbPromise ??= openDB<RestyleDB>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        database.createObjectStore('backgrounds', { keyPath: 'id' });
        database.createObjectStore('history', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
        database.createObjectStore('settings');
      }
      if (oldVersion < 2) {
        database.createObjectStore('keys', { keyPath: 'service' });
        database.createObjectStore('profile');
        database.createObjectStore('profileImages');
      }
      if (oldVersion < 3) {
        database.createObjectStore('jobs', { keyPath: 'id' });
      }
      if (oldVersion < 4) {
        const spending = database.createObjectStore('spending');
        if (oldVersion >= 2) {
          // Until v4 the profile kept its own log of "make 5 new": move it out, so it outlives the profile.
          const profiles = transaction.objectStore('profile');
          void profiles.get('current').then((old) => {
            if (!old) return;
            const { regenerations: legacy, ...profile }: Profile & { regenerations?: unknown } = old;
            if (!Array.isArray(legacy)) return;
            void spending.put(legacy.filter((t): t is number => typeof t === 'number'), 'gemini-runs');
            void profiles.put(profile, 'current');
          });
        }
      }
      if (oldVersion < 5) {
        database.createObjectStore('draft');
      }
    },
    // Another tab holds an older version open: it must let go, or this tab would wait forever.
    blocking() {
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
  });
  return dbPromise;
}

export function newId(): string {
  return crypto.randomUUID();
}

/**
 * Runs `work` (the writes of one read-write transaction) and waits for the commit. If a write is
 * refused part way (a full disk), the transaction is aborted so none of its writes land: no record
 * is ever half-written, whichever write failed. Rethrows the first error.
 */
export async function atomically<T>(tx: { abort(): void; done: Promise<void> }, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    await tx.done;
    return result;
  } catch (err) {
    try {
      tx.abort();
    } catch {
      // Already committed or aborted (the browser refuses a commit by aborting it).
    }
    await tx.done.catch(() => undefined);
    throw err;
  }
}
