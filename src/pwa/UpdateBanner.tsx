import { useSyncExternalStore } from 'react';
import { applyUpdate, getUpdateState, subscribeUpdateState } from './registerServiceWorker';

/** "A new version is ready" with a Reload button; the reload waits while a video is being made. */
export function UpdateBanner() {
  const { updateReady, busy, deferred } = useSyncExternalStore(subscribeUpdateState, getUpdateState, getUpdateState);
  if (!updateReady) return null;
  return (
    <div className="alert info app-banner update-banner" role="status">
      {deferred ? (
        <span>A new version is ready. It will load when your video is done.</span>
      ) : (
        <>
          <span>A new version is ready.</span>
          <button type="button" className="primary small" onClick={() => applyUpdate()} aria-describedby={busy ? 'update-busy-note' : undefined}>
            Reload
          </button>
          {busy && (
            <span id="update-busy-note" className="visually-hidden">
              Your video is still being made; Restyle reloads when it is done.
            </span>
          )}
        </>
      )}
    </div>
  );
}
