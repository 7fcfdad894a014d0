/**
 * Tells every open tab (and this one) that stored data changed, so each re-reads it from
 * IndexedDB. Only the kind of change travels, never the data (and never a key).
 */
export type Change = 'settings' | 'profile' | 'keys' | 'backgrounds' | 'history';

const CHANNEL = 'restyle-changes';
const local = new EventTarget();
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
channel?.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (typeof e.data === 'string') local.dispatchEvent(new CustomEvent(e.data));
});

export function announce(change: Change): void {
  local.dispatchEvent(new CustomEvent(change));
  channel?.postMessage(change);
}

/** Calls `handler` on every change of these kinds, here or in another tab; returns the unsubscribe. */
export function onStoredChange(changes: readonly Change[], handler: () => void): () => void {
  for (const c of changes) local.addEventListener(c, handler);
  return () => {
    for (const c of changes) local.removeEventListener(c, handler);
  };
}
