import { useState } from 'react';
import { MAX_BLUR_SIGMA } from '../core/geometry';
import type { VideoInfo } from '../protocol/videoInfo';
import type { Settings } from '../core/domain';
import { useUploadedBackgrounds } from '../backgrounds/useUploadedBackgrounds';
import { loadProfile } from '../services/storage/profile';
import type { Change } from '../services/sync';
import { useStored } from '../ui/useStored';
import { useBackgroundOptions } from '../backgrounds/useBackgroundOptions';
import { BackgroundGrid } from '../backgrounds/BackgroundGrid';
import { useEngine } from '../ui/engineContext';
import { formatSeconds } from '../core/caps';
import { usePreview } from './usePreview';
import { BitmapCanvas } from '../ui/BitmapCanvas';
import type { Trim } from '../core/trim';

interface Props {
  clip: { file: File; info: VideoInfo };
  /** The part of the clip made (all of it, or the part kept of a longer one): the preview's moments are in it. */
  part: Trim;
  backLabel: string;
  settings: Settings;
  onChange(patch: Partial<Pick<Settings, 'backgroundId' | 'blurSigma' | 'colourMatch'>>): void;
  onOpenProfile(): void;
  onBack(): void;
  onNext(): void;
}

/** The preview still's longest side, in pixels: sharp on a phone's screen, quick to make. */
const STILL_LONG_SIDE = 720;
/** The first frame shown: a moment in (a clip's very first frames are often the phone being set down). */
export function firstPreviewTime(durationSec: number, fps: number): number {
  const t = Math.min(1, durationSec / 3);
  return fps > 0 ? Math.round(t * fps) / fps : t;
}
const PROFILE: readonly Change[] = ['profile'];

export function BackgroundStep({ clip, part, backLabel, settings, onChange, onOpenProfile, onBack, onNext }: Props) {
  const { info } = clip;
  const engine = useEngine();
  // Seconds into the part (the clip's time is part.startSec later).
  const [atSec, setAtSec] = useState(() => firstPreviewTime(part.lengthSec, info.fps));
  const preview = usePreview(engine, clip, {
    atSec: Math.round((part.startSec + atSec) * 1000) / 1000,
    backgroundId: settings.backgroundId,
    blurSigma: settings.blurSigma,
    colourMatch: settings.colourMatch,
    longSide: STILL_LONG_SIDE,
  });
  const uploads = useUploadedBackgrounds();
  const profile = useStored(loadProfile, PROFILE);
  const options = useBackgroundOptions(uploads.list, profile.value ?? null, info);
  const selected = options.find((o) => o.id === settings.backgroundId);
  const error = uploads.error;

  async function upload(file: File) {
    const id = await uploads.add(file);
    if (id) onChange({ backgroundId: id });
  }

  function remove(id: string) {
    return uploads.remove(id, settings.backgroundId, (backgroundId) => onChange({ backgroundId }));
  }

  // Until the first still arrives, the background alone (its blur scaled to the thumbnail's size).
  const thumbBlur = (settings.blurSigma * 240) / Math.max(info.width, info.height);
  const lastFrame = Math.max(0, part.lengthSec - 1 / Math.max(1, info.fps));

  return (
    <section className="card" aria-labelledby="bg-title">
      <h1 id="bg-title">Choose a background</h1>
      <div className="bg-layout">
        <div className="preview-column">
          <div
            className="bg-preview"
            // As large as the column and the screen's --preview-height allow, in the clip's shape.
            style={{ aspectRatio: `${info.width} / ${info.height}`, maxWidth: `calc(var(--preview-height) * ${info.width / info.height})` }}
            role="img"
            aria-label={selected ? `Preview: you in front of ${selected.name}` : 'Preview'}
            data-testid="preview"
            data-status={preview.status}
            data-at-sec={preview.shown ? Math.round((preview.shown.atSec - part.startSec) * 1000) / 1000 : undefined}
            data-background={preview.shown?.backgroundId}
          >
            {preview.still ? <BitmapCanvas picture={preview.still} testId="preview-still" /> : selected && <img src={selected.url} alt="" style={{ filter: `blur(${thumbBlur}px)` }} />}
            {preview.status === 'working' && (
              <span className="preview-busy">
                <span className="spinner" aria-hidden="true" />
                {!preview.still && ' Cutting you out for the preview…'}
              </span>
            )}
            {preview.status === 'failed' && !preview.still && <span className="preview-busy">No preview here; your video will still be made.</span>}
          </div>
          <label className="slider scrubber">
            <span>
              Preview at <output>{formatSeconds(atSec)}</output>
            </span>
            <input
              type="range"
              min={0}
              max={lastFrame}
              step={1 / Math.max(1, info.fps)}
              value={Math.min(atSec, lastFrame)}
              aria-label="Moment to preview"
              aria-valuetext={formatSeconds(atSec)}
              onChange={(e) => setAtSec(Number(e.target.value))}
            />
          </label>
        </div>
        <div className="bg-controls">
          <BackgroundGrid
            label="Backgrounds"
            options={options}
            selectedId={settings.backgroundId}
            onPick={(backgroundId) => onChange({ backgroundId })}
            onDelete={(id) => void remove(id)}
            onAdd={(f) => void upload(f)}
            addTestId="background-input"
          />
          {profile.value === null && (
            <p className="hint">
              Want backgrounds made for you?{' '}
              <button type="button" className="link" onClick={onOpenProfile}>
                Take a selfie and let Gemini make five
              </button>
            </p>
          )}
          {error && (
            <p className="alert error" role="alert">
              {error}
            </p>
          )}
          <label className="slider">
            <span>
              Background blur <output>{settings.blurSigma === 0 ? 'off' : Math.round(settings.blurSigma)}</output>
            </span>
            <input
              type="range"
              min={0}
              max={MAX_BLUR_SIGMA / 2}
              step={1}
              value={settings.blurSigma}
              onChange={(e) => onChange({ blurSigma: Number(e.target.value) })}
            />
          </label>
          <label className="check">
            <input type="checkbox" checked={settings.colourMatch} onChange={(e) => onChange({ colourMatch: e.target.checked })} />
            Match my colours to the background
          </label>
        </div>
      </div>
      <div className="actions sticky">
        <button type="button" className="secondary" onClick={onBack}>
          {backLabel}
        </button>
        <button type="button" className="primary" disabled={!selected} onClick={onNext}>
          Continue
        </button>
      </div>
    </section>
  );
}
