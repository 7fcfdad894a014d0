import { useState } from 'react';
import { decodeBackground } from '../media/pictures';
import { plainMessage } from '../core/errors';
import { MAX_BLUR_SIGMA } from '../core/geometry';
import type { VideoInfo } from '../protocol/videoInfo';
import type { Settings, StoredBackground } from '../core/domain';
import { addBackground, deleteBackground, listBackgrounds } from '../services/storage/backgrounds';
import { DEFAULT_SETTINGS } from '../core/domain';
import { loadProfile } from '../services/storage/profile';
import type { Change } from '../services/sync';
import { useStored } from '../ui/useStored';
import { useBackgroundOptions } from './useBackgroundThumbs';
import { FilePickButton } from '../ui/FilePickButton';

interface Props {
  info: VideoInfo;
  settings: Settings;
  onChange(patch: Partial<Pick<Settings, 'backgroundId' | 'blurSigma' | 'colourMatch'>>): void;
  onOpenProfile(): void;
  onBack(): void;
  onNext(): void;
}

const PREVIEW_WIDTH = 240;
const BACKGROUNDS: readonly Change[] = ['backgrounds'];
const PROFILE: readonly Change[] = ['profile'];
const NO_UPLOADS: readonly StoredBackground[] = [];

export function BackgroundStep({ info, settings, onChange, onOpenProfile, onBack, onNext }: Props) {
  const uploads = useStored(listBackgrounds, BACKGROUNDS);
  const profile = useStored(loadProfile, PROFILE);
  const [error, setError] = useState<string | null>(null);
  const options = useBackgroundOptions(uploads.value ?? NO_UPLOADS, profile.value ?? null, info);
  const selected = options.find((o) => o.id === settings.backgroundId);


  async function upload(file: File) {
    setError(null);
    try {
      const image = await decodeBackground(file);
      const record = await addBackground({ name: file.name, blob: image.blob, width: image.size.width, height: image.size.height });
      await uploads.reload();
      onChange({ backgroundId: record.id });
    } catch (err) {
      setError(plainMessage(err));
    }
  }

  async function remove(id: string) {
    await deleteBackground(id);
    if (settings.backgroundId === id) onChange({ backgroundId: DEFAULT_SETTINGS.backgroundId });
    await uploads.reload();
  }

  // The preview is small, so its blur is scaled to look like the full-size result.
  const previewBlur = (settings.blurSigma * PREVIEW_WIDTH) / info.width;

  return (
    <section className="card" aria-labelledby="bg-title">
      <h1 id="bg-title">Choose a background</h1>
      <div className="bg-layout">
        <div className="bg-preview" style={{ aspectRatio: `${info.width} / ${info.height}` }} aria-hidden="true">
          {selected && <img src={selected.url} alt="" style={{ filter: `blur(${previewBlur}px)` }} />}
        </div>
        <div className="bg-controls">
          <div className="bg-grid" role="radiogroup" aria-label="Backgrounds">
            {options.map((o) => (
              <div key={o.id} className="bg-option">
                <button
                  type="button"
                  role="radio"
                  aria-checked={o.id === settings.backgroundId}
                  className={o.id === settings.backgroundId ? 'bg-tile selected' : 'bg-tile'}
                  onClick={() => onChange({ backgroundId: o.id })}
                >
                  <img src={o.url} alt="" />
                  <span>{o.name}</span>
                </button>
                {o.kind === 'upload' && (
                  <button type="button" className="icon-button remove" aria-label={`Delete ${o.name}`} onClick={() => void remove(o.id)}>
                    ×
                  </button>
                )}
              </div>
            ))}
            <div className="bg-option">
              <FilePickButton className="bg-tile add" accept="image/jpeg,image/png,image/webp" testId="background-input" onFile={(f) => void upload(f)}>
                <span className="plus" aria-hidden="true">
                  +
                </span>
                <span>Your own picture</span>
              </FilePickButton>
            </div>
          </div>
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
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack}>
          Different video
        </button>
        <button type="button" className="primary" disabled={!selected} onClick={onNext}>
          Continue
        </button>
      </div>
    </section>
  );
}
