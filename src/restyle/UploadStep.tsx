import { useEffect, useEffectEvent, useState, type DragEvent } from 'react';
import { FilePickButton } from '../ui/FilePickButton';
import { launchedByShare, takeSharedFile } from '../pwa/sharedFile';
import { onLaunchFile } from '../pwa/launchQueue';
import { CAPS, formatBytes } from '../core/caps';
import { plainMessage } from '../core/errors';
import type { VideoInfo } from '../protocol/videoInfo';
import { useEngine } from '../ui/engineContext';

interface Props {
  onVideo(file: File, info: VideoInfo): void;
}

export function UploadStep({ onVideo }: Props) {
  const engine = useEngine();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  // Phones can film straight into the picker; desktops would just show the same file dialog twice.
  const touch = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;

  // The file-taking of this render, for the arrival effect below (which runs once).
  const takeOnArrival = useEffectEvent((file: File | undefined) => void take(file));

  // A video shared from the phone's gallery (share target) or opened with the installed app.
  useEffect(() => {
    let live = true;
    if (launchedByShare()) {
      void takeSharedFile().then((file) => {
        if (!live) return;
        // Off the share's address, keeping this entry's place in the app's history.
        history.replaceState(history.state, '', window.location.pathname + window.location.hash);
        if (file) takeOnArrival(file);
      });
    }
    onLaunchFile((file) => {
      if (live) takeOnArrival(file);
    });
    return () => {
      live = false;
    };
    // Runs once, on arrival: a shared or launched file is taken a single time.
  }, []);

  async function take(file: File | undefined) {
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      onVideo(file, await engine.probe(file));
    } catch (err) {
      setError(plainMessage(err));
    } finally {
      setBusy(false);
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    void take(e.dataTransfer.files[0]);
  }

  return (
    <section className="card upload" aria-labelledby="upload-title">
      <h1 id="upload-title">Put yourself anywhere</h1>
      <p className="lede">
        Pick a short video of yourself. Restyle cuts you out and puts you in front of a new background, right here on
        your device. Unless you choose to have fal.ai do the cutting out, your video never leaves it.
      </p>
      <div
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <FilePickButton
          className="primary big"
          accept="video/mp4,video/quicktime,video/webm,.mp4,.mov,.webm"
          disabled={busy}
          testId="video-input"
          onFile={(f) => void take(f)}
        >
          {busy ? 'Reading your video…' : 'Choose a video'}
        </FilePickButton>
        {touch ? (
          <FilePickButton className="secondary record" accept="video/*" capture="user" disabled={busy} onFile={(f) => void take(f)}>
            Record one now
          </FilePickButton>
        ) : (
          <p className="hint">or drop it here</p>
        )}
        <p className="hint">
          MP4, MOV or WebM, up to {formatBytes(CAPS.maxBytes)} · longer than {CAPS.maxDurationSec} s? You choose the {CAPS.maxDurationSec} s to keep
        </p>
      </div>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
