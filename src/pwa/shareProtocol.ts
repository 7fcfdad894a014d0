/**
 * What the service worker and the page agree on for a video shared into the app (Web Share
 * Target): the SW stores the shared file in this cache under this key, the page takes it out.
 * No DOM or worker globals here: imported by both src/sw.ts and src/pwa/sharedFile.ts.
 */
export const SHARE_CACHE = 'restyle-share';
/** Relative to the app's base (the SW scope). */
export const SHARE_KEY_PATH = '__restyle-shared-video';
export const SHARE_ACTION_PATH = 'share-target';
export const SHARE_REDIRECT = './?shared=1';
/** Headers on the stored response carrying the File's name and date (URI-encoded name). */
export const NAME_HEADER = 'x-restyle-file-name';
export const MODIFIED_HEADER = 'x-restyle-file-modified';
/** Messages the page sends the service worker. */
export const MSG_SKIP_WAITING = 'SKIP_WAITING';
export const MSG_GET_VERSION = 'GET_VERSION';
