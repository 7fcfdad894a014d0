/**
 * The ready-made backgrounds and the person's own pictures, on the Backgrounds tab: the one picked
 * is the default for new videos; their own pictures can be deleted, and more added.
 */
import { useCallback } from 'react';
import { saveSetting } from '../services/storage/settings';
import { reportSaveProblem } from '../ui/saveProblems';
import { BackgroundGrid } from './BackgroundGrid';
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
      <BackgroundGrid
        label="Ready-made and your own pictures"
        className="library"
        options={options}
        selectedId={defaultId}
        selectedBadge="Default"
        onPick={setDefault}
        onDelete={(id) => void uploads.remove(id, defaultId, setDefault)}
        onAdd={(f) => void uploads.add(f).then((id) => id && setDefault(id))}
        addTestId="library-background-input"
      />
      {uploads.error && (
        <p className="alert error" role="alert">
          {uploads.error}
        </p>
      )}
    </>
  );
}
