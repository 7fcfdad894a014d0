/**
 * Registers the service worker (production builds only) and keeps a tiny store of its state for
 * <UpdateBanner/> and <OfflineReadyNote/>.
 *
 * On a first visit it registers only once the first video's files are in and no video is being
 * made (core/installGate): its precache downloads the app for offline use, which must not slow
 * the first video.
 *
 * An update is never applied on its own: the new version waits until the person presses Reload
 * (applyUpdate), and even then not while a video is being made (setBusy(true)): the reload is
 * deferred until setBusy(false).
 */
import { Workbox } from 'workbox-window';
import { MSG_GET_VERSION } from './shareProtocol';
import { installDelayMs, type InstallGateState } from '../core/installGate';
import { getSegmenterFiles, subscribeSegmenterFiles } from '../media/segmenterFiles';

export interface UpdateState {
  /** A new version is installed and waiting (or already took over another tab). */
  updateReady: boolean;
  /** A video is being made: no reload now. */
  busy: boolean;
  /** Reload was pressed while busy: it happens when the video is done. */
  deferred: boolean;
  /** This visit stored the app for offline use (the first install finished): say so once. */
  offlineReady: boolean;
}

export type ApplyResult = 'reloading' | 'deferred' | 'nothing-to-apply';

let state: UpdateState = { updateReady: false, busy: false, deferred: false, offlineReady: false };
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
  gateChanged();
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

/** The person said OK to "Restyle now works offline". */
export function dismissOfflineReady(): void {
  set({ offlineReady: false });
}

let clipOpen = false;
let gateChangedAt = Date.now();
let gateTimer: ReturnType<typeof setTimeout> | undefined;
let waitingToRegister = false;

/** The wizard says when a clip is picked and its video not made yet (the install waits then). */
export function noteClipOpen(open: boolean): void {
  if (open === clipOpen) return;
  clipOpen = open;
  gateChanged();
}

function gateChanged(): void {
  gateChangedAt = Date.now();
  checkGate();
}

function checkGate(): void {
  if (!waitingToRegister) return;
  clearTimeout(gateTimer);
  const files = getSegmenterFiles().phase;
  const gate: InstallGateState = {
    controlled: navigator.serviceWorker.controller !== null,
    filesSettled: files === 'ready' || files === 'failed',
    making: state.busy,
    clipOpen,
    changedAtMs: gateChangedAt,
  };
  const delay = installDelayMs(gate, Date.now());
  if (delay === 0) {
    waitingToRegister = false;
    registerNow();
  } else if (delay !== null) {
    gateTimer = setTimeout(checkGate, delay);
  }
}

/** Registers the service worker when the install gate opens (at once for a returning visitor). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || wb || waitingToRegister) return;
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  waitingToRegister = true;
  // The files coming in restart the quiet time too: a person waiting on them is not idle.
  let settled = false;
  subscribeSegmenterFiles(() => {
    const phase = getSegmenterFiles().phase;
    const now = phase === 'ready' || phase === 'failed';
    if (now === settled) return;
    settled = now;
    gateChanged();
  });
  checkGate();

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

function registerNow(): void {
  if (wb) return;

  // sw.js sits at the app's base (root or a sub-path); its directory is the scope.
  const base = new URL(import.meta.env.BASE_URL, document.baseURI);
  wb = new Workbox(new URL('sw.js', base).href, { scope: base.pathname });
  // Reload was pressed just before this page loaded (see applyUpdate): the update goes ahead unasked.
  const askedAt = updateAskedAt();
  const justAsked = () => askedAt !== null && Date.now() - askedAt < 30_000;
  wb.addEventListener('waiting', () => {
    if (!justAsked()) set({ updateReady: true });
  });
  // The first version finished storing everything the on-device path needs: offline works now.
  wb.addEventListener('activated', (event) => {
    if (!event.isUpdate) set({ offlineReady: true });
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
}
