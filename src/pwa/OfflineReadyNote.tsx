import { useSyncExternalStore } from 'react';
import { dismissOfflineReady, getUpdateState, subscribeUpdateState } from './registerServiceWorker';

const NOTE_STYLE = {
  boxSizing: 'border-box',
  width: 'calc(100% - 2rem)',
  maxWidth: 'calc(960px - 2rem)',
  margin: '1rem auto 0',
  flexWrap: 'wrap',
  justifyContent: 'space-between',
} as const;

/** Once, when a first visit has stored what making a video on this device needs: offline works from now on. */
export function OfflineReadyNote() {
  const { offlineReady } = useSyncExternalStore(subscribeUpdateState, getUpdateState, getUpdateState);
  if (!offlineReady) return null;
  return (
    <div className="alert info offline-ready" role="status" style={NOTE_STYLE}>
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
