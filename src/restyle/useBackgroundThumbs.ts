import { useEffect, useState } from 'react';
import { BUILTIN_BACKGROUNDS } from '../core/builtinBackgrounds';
import { renderBuiltin } from '../backgrounds/renderBuiltin';
import { BUILTIN_PREFIX } from '../backgrounds/resolveBackground';
import type { Size } from '../core/geometry';
import type { StoredBackground } from '../core/domain';
import { PROFILE_PREFIX, type LoadedProfile } from '../services/storage/profile';
import { BACKGROUND_THEMES } from '../core/backgroundPrompts';

export interface BackgroundOption {
  id: string;
  name: string;
  url: string;
  kind: 'profile' | 'builtin' | 'upload';
}

/** Thumbnails for every background a person can pick: their generated ones, the built-ins drawn small, their uploads. */
export function useBackgroundOptions(stored: readonly StoredBackground[], profile: LoadedProfile | null, shape: Size): BackgroundOption[] {
  const [builtins, setBuiltins] = useState<BackgroundOption[]>([]);
  const [uploads, setUploads] = useState<BackgroundOption[]>([]);
  const [mine, setMine] = useState<BackgroundOption[]>([]);

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
        return { id: BUILTIN_PREFIX + b.id, name: b.name, url, kind: 'builtin' as const };
      }),
    ).then((opts) => live && setBuiltins(opts));
    return () => {
      live = false;
      urls.forEach((u) => URL.revokeObjectURL(u));
    };
  }, [shape.width, shape.height]);

  useEffect(() => {
    const opts = stored.map((s) => ({ id: s.id, name: s.name, url: URL.createObjectURL(s.blob), kind: 'upload' as const }));
    setUploads(opts);
    return () => opts.forEach((o) => URL.revokeObjectURL(o.url));
  }, [stored]);

  useEffect(() => {
    const opts: BackgroundOption[] = [];
    profile?.images.forEach((img, i) => {
      if (img && profile.profile.slots[i]?.status === 'ready') {
        opts.push({ id: PROFILE_PREFIX + i, name: BACKGROUND_THEMES[i]?.title ?? `Yours ${i + 1}`, url: URL.createObjectURL(img.blob), kind: 'profile' });
      }
    });
    setMine(opts);
    return () => opts.forEach((o) => URL.revokeObjectURL(o.url));
  }, [profile]);

  return [...mine, ...builtins, ...uploads];
}
