import { useEffect, useMemo, useState } from 'react';

const NONE: readonly Blob[] = [];

/**
 * Object URLs for Blobs, one each, living exactly as long as the component shows them: made
 * when the list changes, revoked when it changes again or the component goes. `blobs` must be
 * stable (state, or memoised) or they would be made anew on every render.
 */
export function useObjectUrls(blobs: readonly Blob[]): readonly string[] | undefined {
  const [made, setMade] = useState<{ blobs: readonly Blob[]; urls: readonly string[] }>();
  useEffect(() => {
    const urls = blobs.map((b) => URL.createObjectURL(b));
    // The URLs are a resource of the browser's, made for what is shown now (nothing to derive in
    // render: a URL made there could never be revoked), and handed to the render that shows it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setMade({ blobs, urls });
    return () => urls.forEach((u) => URL.revokeObjectURL(u));
  }, [blobs]);
  return made?.blobs === blobs ? made.urls : undefined;
}

/** An object URL for one Blob (see useObjectUrls). */
export function useObjectUrl(blob: Blob | null | undefined): string | undefined {
  const blobs = useMemo(() => (blob ? [blob] : NONE), [blob]);
  return useObjectUrls(blobs)?.[0];
}
