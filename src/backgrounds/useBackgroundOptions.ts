import { useEffect, useMemo, useState } from 'react';
import { BUILTIN_BACKGROUNDS } from '../core/builtinBackgrounds';
import { builtinPhotoThumbUrl, renderDrawn } from './builtinImage';
import { BUILTIN_PREFIX } from './resolveBackground';
import type { Size } from '../core/geometry';
import type { StoredBackground } from '../core/domain';
import { PROFILE_PREFIX, type LoadedProfile } from '../services/storage/profile';
import { BACKGROUND_THEMES } from '../core/backgroundPrompts';
import { useObjectUrls } from '../ui/useObjectUrl';

export interface BackgroundOption {
  id: string;
  name: string;
  url: string;
  kind: 'profile' | 'builtin' | 'upload';
}

/** Thumbnails for every background a person can pick: their generated ones, the built-ins (drawn ones drawn small), their uploads. */
export function useBackgroundOptions(stored: readonly StoredBackground[], profile: LoadedProfile | null, shape: Size): BackgroundOption[] {
  const [builtins, setBuiltins] = useState<BackgroundOption[]>([]);

  useEffect(() => {
    let live = true;
    const urls: string[] = [];
    const scale = 240 / Math.max(shape.width, shape.height);
    const w = Math.max(1, Math.round(shape.width * scale));
    const h = Math.max(1, Math.round(shape.height * scale));
    void Promise.all(
      BUILTIN_BACKGROUNDS.map(async (b) => {
        let url: string;
        if (b.kind === 'photo') {
          // Its shipped tile: a tile showing the photo itself made a first visit fetch all four.
          url = builtinPhotoThumbUrl(b.file);
        } else {
          url = URL.createObjectURL(await renderDrawn(b, w, h));
          urls.push(url);
        }
        return { id: BUILTIN_PREFIX + b.id, name: b.name, url, kind: 'builtin' as const };
      }),
    ).then((opts) => live && setBuiltins(opts));
    return () => {
      live = false;
      urls.forEach((u) => URL.revokeObjectURL(u));
    };
  }, [shape.width, shape.height]);

  const uploadBlobs = useMemo(() => stored.map((s) => s.blob), [stored]);
  const uploadUrls = useObjectUrls(uploadBlobs);
  const uploads = useMemo(
    () => (uploadUrls ? stored.map((s, i) => ({ id: s.id, name: s.name, url: uploadUrls[i] ?? '', kind: 'upload' as const })) : []),
    [stored, uploadUrls],
  );

  // The person's generated backgrounds that are ready, in slot order.
  const ready = useMemo(
    () =>
      (profile?.images ?? []).flatMap((img, i) =>
        img && profile?.profile.slots[i]?.status === 'ready' ? [{ slot: i, blob: img.blob }] : [],
      ),
    [profile],
  );
  const readyBlobs = useMemo(() => ready.map((r) => r.blob), [ready]);
  const readyUrls = useObjectUrls(readyBlobs);
  const mine = useMemo(
    () =>
      readyUrls
        ? ready.map((r, i): BackgroundOption => ({
            id: PROFILE_PREFIX + r.slot,
            name: BACKGROUND_THEMES[r.slot]?.title ?? `Yours ${r.slot + 1}`,
            url: readyUrls[i] ?? '',
            kind: 'profile',
          }))
        : [],
    [ready, readyUrls],
  );

  return [...mine, ...builtins, ...uploads];
}
