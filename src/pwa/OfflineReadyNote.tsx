import { useSyncExternalStore } from 'react';
import { dismissOfflineReady, getUpdateState, subscribeUpdateState } from './registerServiceWorker';

/** Once, when a first visit has stored what making a video on this device needs: offline works from now on. */
export function OfflineReadyNote() {
  const { offlineReady } = useSyncExternalStore(subscribeUpdateState, getUpdateState, getUpdateState);
  if (!offlineReady) return null;
  return (
    <div className="alert info app-banner offline-ready" role="status">
      <span>
        <strong>Restyle now works offline.</strong> With no connection you can make videos from clips this browser plays itself, as most
        phones record them. Settings shows what else needs a download.
      </span>
      <button type="button" className="secondary small" onClick={dismissOfflineReady}>
        OK
      </button>
    </div>
  );
}
