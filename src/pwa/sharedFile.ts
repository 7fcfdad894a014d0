/**
 * The video shared into the installed app (Web Share Target): the service worker keeps the
 * POSTed file in a cache and redirects to ./?shared=1; the Upload step takes it out once.
 */
import { MODIFIED_HEADER, NAME_HEADER, SHARE_CACHE, SHARE_KEY_PATH } from './shareProtocol';

function shareKey(): string {
  return new URL(SHARE_KEY_PATH, new URL(import.meta.env.BASE_URL, document.baseURI)).href;
}

/** True when the page was opened by a share (./?shared=1). */
export function launchedByShare(): boolean {
  return new URLSearchParams(window.location.search).get('shared') === '1';
}

/** The shared video, removed from the cache as it is read; null when there is none. */
export async function takeSharedFile(): Promise<File | null> {
  if (typeof caches === 'undefined') return null;
  try {
    const cache = await caches.open(SHARE_CACHE);
    const key = shareKey();
    const response = await cache.match(key);
    if (!response) return null;
    const blob = await response.blob();
    await cache.delete(key);
    let name = 'shared-video';
    try {
      name = decodeURIComponent(response.headers.get(NAME_HEADER) ?? name);
    } catch {
      // A malformed name keeps the default.
    }
    const modified = Number(response.headers.get(MODIFIED_HEADER));
    return new File([blob], name, {
      type: response.headers.get('content-type') ?? blob.type,
      lastModified: Number.isFinite(modified) && modified > 0 ? modified : Date.now(),
    });
  } catch {
    return null;
  }
}
