/**
 * The ready-made backgrounds and the person's own pictures, on the Backgrounds tab: the one picked
 * is the default for new videos; their own pictures can be deleted, and more added.
 */
import { useCallback } from 'react';
import { saveSetting } from '../services/storage/settings';
import { reportSaveProblem } from '../ui/saveProblems';
import { FilePickButton } from '../ui/FilePickButton';
import { useBackgroundOptions } from './useBackgroundOptions';
import { useUploadedBackgrounds } from './useUploadedBackgrounds';

/** Tiles are drawn in a phone video's shape: most clips are filmed upright. */
const TILE_SHAPE = { width: 720, height: 1280 };

export function BackgroundLibrary({ defaultId }: { defaultId: string }) {
  const uploads = useUploadedBackgrounds();
  // Generated ones are shown with their own section (with how far their making got).
  const options = useBackgroundOptions(uploads.list, null, TILE_SHAPE);
  const setDefault = useCallback((id: string) => void saveSetting('backgroundId', id).catch(reportSaveProblem), []);

  return (
    <>
      <div className="bg-grid library" role="radiogroup" aria-label="Ready-made and your own pictures">
        {options.map((o) => (
          <div key={o.id} className="bg-option">
            <button
              type="button"
              role="radio"
              aria-checked={o.id === defaultId}
              className={o.id === defaultId ? 'bg-tile selected' : 'bg-tile'}
              onClick={() => setDefault(o.id)}
            >
              <img src={o.url} alt="" />
              <span>{o.name}</span>
              {o.id === defaultId && <span className="default-badge">Default</span>}
            </button>
            {o.kind === 'upload' && (
              <button type="button" className="icon-button remove" aria-label={`Delete ${o.name}`} onClick={() => void uploads.remove(o.id, defaultId, setDefault)}>
                ×
              </button>
            )}
          </div>
        ))}
        <div className="bg-option">
          <FilePickButton
            className="bg-tile add"
            accept="image/jpeg,image/png,image/webp"
            testId="library-background-input"
            onFile={(f) => void uploads.add(f).then((id) => id && setDefault(id))}
          >
            <span className="plus" aria-hidden="true">
              +
            </span>
            <span>Your own picture</span>
          </FilePickButton>
        </div>
      </div>
      {uploads.error && (
        <p className="alert error" role="alert">
          {uploads.error}
        </p>
      )}
    </>
  );
}
