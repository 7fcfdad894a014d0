/** Background tiles to pick one from (the Background step, the Backgrounds tab): own pictures can be deleted, and one added. */
import { FilePickButton } from '../ui/FilePickButton';
import type { BackgroundOption } from './useBackgroundOptions';

interface Props {
  label: string;
  className?: string;
  options: readonly BackgroundOption[];
  selectedId: string;
  /** A word on the selected tile ("Default"), if any. */
  selectedBadge?: string;
  onPick(id: string): void;
  onDelete(id: string): void;
  onAdd(file: File): void;
  addTestId: string;
}

export function BackgroundGrid({ label, className, options, selectedId, selectedBadge, onPick, onDelete, onAdd, addTestId }: Props) {
  return (
    <div className={className ? `bg-grid ${className}` : 'bg-grid'} role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <div key={o.id} className="bg-option">
          <button
            type="button"
            role="radio"
            aria-checked={o.id === selectedId}
            className={o.id === selectedId ? 'bg-tile selected' : 'bg-tile'}
            onClick={() => onPick(o.id)}
          >
            <img src={o.url} alt="" />
            <span>{o.name}</span>
            {selectedBadge && o.id === selectedId && <span className="default-badge">{selectedBadge}</span>}
          </button>
          {o.kind === 'upload' && (
            <button type="button" className="icon-button remove" aria-label={`Delete ${o.name}`} onClick={() => onDelete(o.id)}>
              ×
            </button>
          )}
        </div>
      ))}
      <div className="bg-option">
        <FilePickButton className="bg-tile add" accept="image/jpeg,image/png,image/webp" testId={addTestId} onFile={onAdd}>
          <span className="plus" aria-hidden="true">
            +
          </span>
          <span>Your own picture</span>
        </FilePickButton>
      </div>
    </div>
  );
}
