/**
 * Registers the service worker (production builds only) and keeps a tiny store of its update
 * state for <UpdateBanner/>.
 *
 * An update is never applied on its own: the new version waits until the person presses Reload
 * (applyUpdate), and even then not while a video is being made (setBusy(true)): the reload is
 * deferred until setBusy(false).
 */
import { Workbox } from 'workbox-window';
import { MSG_GET_VERSION } from './shareProtocol';

export interface UpdateState {
  /** A new version is installed and waiting (or already took over another tab). */
  updateReady: boolean;
  /** A video is being made: no reload now. */
  busy: boolean;
  /** Reload was pressed while busy: it happens when the video is done. */
  deferred: boolean;
}

export type ApplyResult = 'reloading' | 'deferred' | 'nothing-to-apply';

let state: UpdateState = { updateReady: false, busy: false, deferred: false };
const listeners = new Set<() => void>();
let wb: Workbox | null = null;
let reloadRequested = false;
/** sessionStorage: when Reload was pressed, carried over to the page applyUpdate's reload loads. */
const UPDATE_ASKED = 'restyle-update-asked';
let controllerChanged = false;

function set(patch: Partial<UpdateState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

/** For useSyncExternalStore: the same object until something changes. */
export function getUpdateState(): UpdateState {
  return state;
}

/** Calls `cb` on every change of the update state; returns the unsubscribe. */
export function subscribeUpdateState(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** Calls `cb` once a new version is ready (at once if it already is); returns the unsubscribe. */
export function onUpdateReady(cb: () => void): () => void {
  if (state.updateReady) {
    cb();
    return () => {};
  }
  const listener = () => {
    if (state.updateReady) {
      unsubscribe();
      cb();
    }
  };
  const unsubscribe = subscribeUpdateState(listener);
  return unsubscribe;
}

/** The wizard says when a video is being made; an update never reloads the page meanwhile. */
export function setBusy(busy: boolean): void {
  if (busy === state.busy) return;
  set({ busy });
  if (!busy && state.deferred) {
    set({ deferred: false });
    applyUpdate();
  }
}

/**
 * Lets the waiting version take over and reloads once it controls the page. While busy it
 * only remembers the request ('deferred') and does it when setBusy(false) comes.
 */
export function applyUpdate(): ApplyResult {
  if (!state.updateReady) return 'nothing-to-apply';
  if (state.busy) {
    set({ deferred: true });
    return 'deferred';
  }
  reloadRequested = true;
  if (!controllerChanged) {
    // The new version is let take over by the page this reload loads, not by this one. Chromium
    // activates it only once the old version has no request in flight for this page, and after a
    // made video one could stay open for minutes; reloaded meanwhile, the old index.html could
    // meet the new version's caches (its scripts gone: a blank page). A fresh page asks at once,
    // before it does anything, and reloads once more when the new version takes over.
    sessionStorage.setItem(UPDATE_ASKED, String(Date.now()));
  }
  reloadOnce();
  return 'reloading';
}

/** One reload however many reasons come (a second one, while the first loads, can leave the page blank). */
let reloading = false;
function reloadOnce(): void {
  if (reloading) return;
  reloading = true;
  window.location.reload();
}

/** When the person asked for the update, if they did just before this page loaded (the reload above). */
function updateAskedAt(): number | null {
  const at = Number(sessionStorage.getItem(UPDATE_ASKED));
  sessionStorage.removeItem(UPDATE_ASKED);
  return at > 0 ? at : null;
}

/** Asks the browser to look for a new sw.js now (it also does on navigations). */
export async function checkForUpdate(): Promise<void> {
  await wb?.update();
}

/** The build id of the service worker controlling this page (null without one). */
export async function controllerVersion(): Promise<string | null> {
  const controller = navigator.serviceWorker?.controller;
  if (!controller) return null;
  const channel = new MessageChannel();
  const reply = new Promise<string | null>((resolve) => {
    channel.port1.onmessage = (e: MessageEvent<{ version?: unknown }>) => resolve(typeof e.data.version === 'string' ? e.data.version : null);
    setTimeout(() => resolve(null), 3000);
  });
  controller.postMessage({ type: MSG_GET_VERSION }, [channel.port2]);
  return reply;
}

interface PwaDebugHandle {
  getUpdateState: typeof getUpdateState;
  setBusy: typeof setBusy;
  applyUpdate: typeof applyUpdate;
  checkForUpdate: typeof checkForUpdate;
  controllerVersion: typeof controllerVersion;
  buildId: string;
}

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || wb) return;
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;

  // sw.js sits at the app's base (root or a sub-path); its directory is the scope.
  const base = new URL(import.meta.env.BASE_URL, document.baseURI);
  wb = new Workbox(new URL('sw.js', base).href, { scope: base.pathname });
  // Reload was pressed just before this page loaded (see applyUpdate): the update goes ahead unasked.
  const askedAt = updateAskedAt();
  const justAsked = () => askedAt !== null && Date.now() - askedAt < 30_000;
  wb.addEventListener('waiting', () => {
    if (!justAsked()) set({ updateReady: true });
  });
  let hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloadRequested || justAsked()) {
      reloadOnce();
      return;
    }
    // The first install claims the page: nothing to do. A later change means another tab
    // applied an update, so this page runs old code: offer the reload here too.
    if (hadController) {
      controllerChanged = true;
      set({ updateReady: true });
    }
    hadController = true;
  });
  void wb
    .register()
    .then((reg) => {
      // Loaded by applyUpdate's reload: let the new version take over now (nothing of this page
      // holds the old one yet); the controllerchange above reloads into it.
      if (justAsked() && reg?.waiting) wb?.messageSkipWaiting();
    })
    .catch((e: unknown) => console.warn('[restyle] service worker not registered', e));

  // Look for a new version when the app comes back to the front, and hourly.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void checkForUpdate().catch(() => {});
  });
  setInterval(() => void checkForUpdate().catch(() => {}), 60 * 60 * 1000);

  // For the browser tests and for diagnostics in the console.
  (window as Window & { __restylePwa?: PwaDebugHandle }).__restylePwa = {
    getUpdateState,
    setBusy,
    applyUpdate,
    checkForUpdate,
    controllerVersion,
    buildId: __RESTYLE_BUILD_ID__,
  };
}
