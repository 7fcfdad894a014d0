/**
 * What the page knows of the segmenter's files (its runtime and models, 15 MB before
 * compression): fetched as soon as the app shows, since on a first visit the Check step and the
 * first video wait on them. A small store for the screens (useSyncExternalStore) and for the
 * service worker's install, which waits until they are in so it doesn't halve their bandwidth.
 */
export interface SegmenterFilesState {
  /** 'fetching' until the worker has them; 'failed' when it couldn't (offline on a first visit). */
  phase: 'waiting' | 'fetching' | 'ready' | 'failed';
  /** 0..1 of the bytes. */
  fraction: number;
}

let state: SegmenterFilesState = { phase: 'waiting', fraction: 0 };
const listeners = new Set<() => void>();

export function getSegmenterFiles(): SegmenterFilesState {
  return state;
}

export function subscribeSegmenterFiles(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

export function setSegmenterFiles(next: SegmenterFilesState): void {
  // Whole percents: a store change per network chunk would re-render for nothing.
  if (next.phase === state.phase && Math.floor(next.fraction * 100) === Math.floor(state.fraction * 100)) return;
  state = next;
  for (const cb of listeners) cb();
}
