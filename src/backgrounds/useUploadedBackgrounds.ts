/** The person's own pictures as backgrounds: listed, added (checked and decoded in a worker) and deleted. */
import { useCallback, useState } from 'react';
import { decodeBackground } from '../media/pictures';
import { plainMessage } from '../core/errors';
import { DEFAULT_SETTINGS, type StoredBackground } from '../core/domain';
import { addBackground, deleteBackground, listBackgrounds } from '../services/storage/backgrounds';
import type { Change } from '../services/sync';
import { useStored } from '../ui/useStored';

const BACKGROUNDS: readonly Change[] = ['backgrounds'];
const NONE: readonly StoredBackground[] = [];

export interface UploadedBackgrounds {
  list: readonly StoredBackground[];
  /** Why the last picture was refused, in plain words (null: nothing to say). */
  error: string | null;
  /** Adds a picture; resolves to its id, or null if it was refused (see `error`). */
  add(file: File): Promise<string | null>;
  /** Deletes one; if it was the default, the default goes back to the first built-in. */
  remove(id: string, currentDefault: string, setDefault: (id: string) => void): Promise<void>;
}

export function useUploadedBackgrounds(): UploadedBackgrounds {
  const stored = useStored(listBackgrounds, BACKGROUNDS);
  const [error, setError] = useState<string | null>(null);
  const { reload } = stored;

  const add = useCallback(
    async (file: File) => {
      setError(null);
      try {
        const image = await decodeBackground(file);
        const record = await addBackground({ name: file.name, blob: image.blob, width: image.size.width, height: image.size.height });
        await reload();
        return record.id;
      } catch (err) {
        setError(plainMessage(err));
        return null;
      }
    },
    [reload],
  );

  const remove = useCallback(
    async (id: string, currentDefault: string, setDefault: (id: string) => void) => {
      setError(null);
      try {
        await deleteBackground(id);
        if (currentDefault === id) setDefault(DEFAULT_SETTINGS.backgroundId);
        await reload();
      } catch (err) {
        setError(plainMessage(err));
      }
    },
    [reload],
  );

  return { list: stored.value ?? NONE, error, add, remove };
}
