import { useEffect, useState } from 'react';
import { BUILTIN_BACKGROUNDS } from '../backgrounds/builtins';
import { renderBuiltin } from '../backgrounds/renderBuiltin';
import { BUILTIN_PREFIX } from '../backgrounds/resolveBackground';
import type { Size } from '../core/geometry';
import type { StoredBackground } from '../services/storage/db';

export interface BackgroundOption {
  id: string;
  name: string;
  url: string;
  builtin: boolean;
}

/** Thumbnails for every background a person can pick: the built-ins, drawn small, and their uploads. */
export function useBackgroundOptions(stored: readonly StoredBackground[], shape: Size): BackgroundOption[] {
  const [builtins, setBuiltins] = useState<BackgroundOption[]>([]);
  const [uploads, setUploads] = useState<BackgroundOption[]>([]);

  useEffect(() => {
    let live = true;
    const urls: string[] = [];
    const scale = 240 / Math.max(shape.width, shape.height);
    const w = Math.max(1, Math.round(shape.width * scale));
    const h = Math.max(1, Math.round(shape.height * scale));
    void Promise.all(
      BUILTIN_BACKGROUNDS.map(async (b) => {
        const url = URL.createObjectURL(await renderBuiltin(b, w, h));
        urls.push(url);
        return { id: BUILTIN_PREFIX + b.id, name: b.name, url, builtin: true };
      }),
    ).then((opts) => live && setBuiltins(opts));
    return () => {
      live = false;
      urls.forEach((u) => URL.revokeObjectURL(u));
    };
  }, [shape.width, shape.height]);

  useEffect(() => {
    const opts = stored.map((s) => ({ id: s.id, name: s.name, url: URL.createObjectURL(s.blob), builtin: false }));
    setUploads(opts);
    return () => opts.forEach((o) => URL.revokeObjectURL(o.url));
  }, [stored]);

  return [...builtins, ...uploads];
}
