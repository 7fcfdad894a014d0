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
let controllerChanged = false;
/** Called just before a new version is let take over: the page lets go of its workers (their requests would hold the old version). */
let letGo: () => void = () => undefined;

/** The app says how to let go of its idle workers before an update takes over. */
export function onBeforeUpdate(release: () => void): void {
  letGo = release;
}

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
  // Nothing is being made: the workers are idle, and the page is about to reload anyway.
  letGo();
  if (controllerChanged) {
    // Another tab already let the new version take over: only this page is old.
    window.location.reload();
  } else {
    wb?.messageSkipWaiting();
  }
  return 'reloading';
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
  wb.addEventListener('waiting', () => set({ updateReady: true }));
  let hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloadRequested) {
      window.location.reload();
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
  void wb.register().catch((e: unknown) => console.warn('[restyle] service worker not registered', e));

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
