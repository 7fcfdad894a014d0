/**
 * Restyle's service worker (built by vite-plugin-pwa's injectManifest into sw.js at the app's
 * base). Precaches the app shell and every asset the on-device path loads (MediaPipe's wasm, the
 * models, the built-in photos, icons, ffmpeg.wasm's script: the list is in vite.config.ts; the
 * ffmpeg wasm itself is kept by the page when a clip first needs it), serves index.html for navigations
 * (offline too), receives videos shared to the installed app (Web Share Target, POST) and waits
 * for the page's SKIP_WAITING before a new version takes over (the page decides when: never
 * while a video is being made).
 */
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import {
  MODIFIED_HEADER,
  MSG_GET_VERSION,
  MSG_SKIP_WAITING,
  NAME_HEADER,
  SHARE_ACTION_PATH,
  SHARE_CACHE,
  SHARE_KEY_PATH,
  SHARE_REDIRECT,
} from './pwa/shareProtocol';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

const scope = self.registration.scope;

// A first install (no version active yet) runs at the end of a first visit, which fetched most of
// these files a moment ago: it takes them from the HTTP cache rather than downloading them again.
// Files with fixed names (icons, the manifest) would otherwise be fetched anew ('reload'), as
// Workbox does for every entry with a revision. Not the page itself: an old copy of it would name
// scripts this version no longer has. An update fetches what changed, as before.
addPlugins([
  {
    requestWillFetch: ({ request }) =>
      Promise.resolve(self.registration.active || request.url.endsWith('.html') ? request : new Request(request, { cache: 'force-cache' })),
  },
]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// The first install takes the open page at once (so one visit is enough to work offline); an
// update waits in "waiting" until the page sends SKIP_WAITING, and then takes over too.
clientsClaim();

// Navigations get the precached index.html (the app has no server routes), except a file's own
// address (anything with an extension) and anything outside the app.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/\/[^/?]+\.[a-z0-9]+$/i],
  }),
);

// Web Share Target: the OS POSTs multipart/form-data with the video in field "video".
registerRoute(
  ({ url, request }) => request.method === 'POST' && url.href.split(/[?#]/)[0] === new URL(SHARE_ACTION_PATH, scope).href,
  async ({ request }) => {
    try {
      const form = await request.formData();
      const file = form.getAll('video').find((v): v is File => typeof v !== 'string');
      if (file) {
        const cache = await caches.open(SHARE_CACHE);
        await cache.put(
          new URL(SHARE_KEY_PATH, scope).href,
          new Response(file, {
            headers: {
              'content-type': file.type || 'application/octet-stream',
              'content-length': String(file.size),
              [NAME_HEADER]: encodeURIComponent(file.name || 'shared-video'),
              [MODIFIED_HEADER]: String(file.lastModified || Date.now()),
            },
          }),
        );
      }
    } catch (e) {
      console.warn('[restyle sw] could not keep the shared file', e);
    }
    return Response.redirect(new URL(SHARE_REDIRECT, scope).href, 303);
  },
  'POST',
);

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  const type = typeof data === 'object' && data !== null && 'type' in data ? data.type : undefined;
  if (type === MSG_SKIP_WAITING) {
    void self.skipWaiting();
  } else if (type === MSG_GET_VERSION) {
    event.ports[0]?.postMessage({ version: __RESTYLE_BUILD_ID__ });
  }
});
