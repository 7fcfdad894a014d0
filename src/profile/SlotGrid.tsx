import { useObjectUrl } from '../ui/useObjectUrl';
import { BACKGROUND_THEMES } from '../core/backgroundPrompts';
import type { ProfileImage, ProfileSlot } from '../core/domain';

interface Props {
  slots: ProfileSlot[];
  images: (ProfileImage | null)[];
  picked: number | null;
  onPick(index: number): void;
  onRetry(index: number): void;
  busy: boolean;
}

const STATUS_TEXT = { pending: 'Not made yet', generating: 'Making…', ready: 'Ready', failed: "Couldn't make this one" } as const;

/** The five personal backgrounds, each with its own status; ready ones can be picked. */
export function SlotGrid({ slots, images, picked, onPick, onRetry, busy }: Props) {
  return (
    <div className="slot-grid" role="radiogroup" aria-label="Your backgrounds">
      {slots.map((slot, i) => (
        <Slot
          key={i}
          index={i}
          slot={slot}
          image={images[i] ?? null}
          picked={picked === i}
          onPick={() => onPick(i)}
          onRetry={() => onRetry(i)}
          busy={busy}
        />
      ))}
    </div>
  );
}

function Slot(props: { index: number; slot: ProfileSlot; image: ProfileImage | null; picked: boolean; onPick(): void; onRetry(): void; busy: boolean }) {
  const { index, slot, image, picked, onPick, onRetry, busy } = props;
  const url = useObjectUrl(slot.status === 'ready' ? image?.blob : null);
  const title = BACKGROUND_THEMES[index]?.title ?? `Background ${index + 1}`;
  return (
    <div className={`slot ${slot.status}`} data-testid={`slot-${index}`} data-status={slot.status}>
      {slot.status === 'ready' && url ? (
        <button type="button" role="radio" aria-checked={picked} className={picked ? 'bg-tile selected' : 'bg-tile'} onClick={onPick}>
          <img src={url} alt="" />
          <span>{title}</span>
        </button>
      ) : (
        <div className="slot-placeholder">
          {slot.status === 'generating' && <span className="spinner" aria-hidden="true" />}
          <span className="slot-title">{title}</span>
          <span className="slot-status" role="status">
            {STATUS_TEXT[slot.status]}
          </span>
          {slot.status === 'failed' && slot.error && <span className="slot-error">{slot.error}</span>}
          {slot.status === 'failed' && (
            <button type="button" className="secondary small" disabled={busy} onClick={onRetry}>
              Try again
            </button>
          )}
        </div>
      )}
    </div>
  );
}
