import { useEffect, useState } from 'react';
import { formatBytes } from '../core/caps';
import { FFMPEG } from '../shipped/runtimeFiles';
import { forgetKept, isKept, keptFile } from '../shipped/download';
import { asksToSaveData } from '../media/saveData';
import { toErrorInfo } from '../core/errors';

type Tools = { state: 'unknown' | 'missing' | 'kept' } | { state: 'fetching'; percent: number };

/** Whether this browser has the app stored (a service worker controls the page). */
function storedForOffline(): boolean {
  return typeof navigator.serviceWorker !== 'undefined' && navigator.serviceWorker.controller !== null;
}

/** What works with no connection, and the one download that makes every kind of clip work offline. */
export function OfflineSection() {
  const [tools, setTools] = useState<Tools>({ state: 'unknown' });
  const [problem, setProblem] = useState<string | null>(null);
  const [stored, setStored] = useState(storedForOffline);

  useEffect(() => {
    let live = true;
    void isKept(FFMPEG.wasm)
      .catch(() => false)
      .then((kept) => live && setTools((t) => (t.state === 'unknown' ? { state: kept ? 'kept' : 'missing' } : t)));
    const onChange = () => setStored(storedForOffline());
    navigator.serviceWorker?.addEventListener('controllerchange', onChange);
    return () => {
      live = false;
      navigator.serviceWorker?.removeEventListener('controllerchange', onChange);
    };
  }, []);

  const fetchTools = async () => {
    setProblem(null);
    setTools({ state: 'fetching', percent: 0 });
    try {
      await keptFile(FFMPEG.wasm, (loaded, total) => setTools({ state: 'fetching', percent: Math.floor((loaded / total) * 100) }));
      setTools({ state: (await isKept(FFMPEG.wasm)) ? 'kept' : 'missing' });
    } catch (err) {
      setProblem(toErrorInfo(err).message);
      setTools({ state: 'missing' });
    }
  };
  const size = formatBytes(FFMPEG.wasm.bytes);

  return (
    <section className="settings-section" aria-labelledby="offline-title">
      <h2 id="offline-title">Offline</h2>
      {stored ? (
        <p className="hint" data-testid="offline-now">
          Works with no connection: making videos on this device from clips this browser plays itself (H.264 video with AAC sound, as
          most phones record), on the built-in backgrounds and your own pictures. Gemini's backgrounds and fal.ai's cut-out always need a
          connection.
        </p>
      ) : (
        <p className="hint" data-testid="offline-now">
          Restyle isn't stored on this device yet. It stores itself once your first video is made (or a moment after it opens), and then
          works with no connection.
        </p>
      )}
      {tools.state === 'kept' ? (
        <p className="hint" data-testid="offline-tools">
          The video tools are stored ({size}): every kind of clip works offline, also sound this browser can't copy (Opus, PCM) and video it
          can't decode.{' '}
          <button type="button" className="link" onClick={() => void forgetKept(FFMPEG.wasm).then(() => setTools({ state: 'missing' }))}>
            Remove them
          </button>
        </p>
      ) : (
        <>
          <p className="hint" data-testid="offline-tools">
            Other kinds of clip (sound in Opus or PCM, video this browser can't decode) need the video tools, {size}. Restyle downloads them
            the first time such a clip needs them, then keeps them.
            {asksToSaveData() && ' Your browser asks to save data, so Restyle never downloads them ahead of time.'}
          </p>
          {tools.state === 'fetching' ? (
            <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={tools.percent} aria-label="Downloading the video tools">
              <div className="progress-fill" style={{ width: `${tools.percent}%` }} />
            </div>
          ) : (
            <button type="button" className="secondary offline-fetch" disabled={tools.state === 'unknown'} onClick={() => void fetchTools()}>
              Make every kind of clip work offline ({size})
            </button>
          )}
        </>
      )}
      {problem && (
        <p className="alert error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
