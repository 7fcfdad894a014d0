import { useSyncExternalStore } from 'react';
import { applyUpdate, getUpdateState, subscribeUpdateState } from './registerServiceWorker';

const BANNER_STYLE = {
  boxSizing: 'border-box',
  width: 'calc(100% - 2rem)',
  maxWidth: 'calc(960px - 2rem)',
  margin: '1rem auto 0',
  flexWrap: 'wrap',
  justifyContent: 'space-between',
} as const;

/** "A new version is ready" with a Reload button; the reload waits while a video is being made. */
export function UpdateBanner() {
  const { updateReady, busy, deferred } = useSyncExternalStore(subscribeUpdateState, getUpdateState, getUpdateState);
  if (!updateReady) return null;
  return (
    // Lined up with .page (max 960 px, 1 rem in); a wrap keeps the button on small phones.
    <div className="alert info update-banner" role="status" style={BANNER_STYLE}>
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
