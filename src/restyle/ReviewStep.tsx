import { VideoCredit } from '../backgrounds/PhotoCredits';
import { useRef, useState } from 'react';
import { useObjectUrl } from '../ui/useObjectUrl';
import type { HistoryEntry } from '../core/domain';
import { VerdictNote } from './VerdictNote';

interface Props {
  entry: HistoryEntry;
  /** Set when the result could not be kept in My videos (e.g. the disk is full). */
  notice?: string | null;
  /** The same clip, back at the Background step. */
  onAnotherBackground(): void;
  onNew(): void;
}

export function downloadName(entry: HistoryEntry): string {
  const base = entry.inputName.replace(/\.[^.]+$/, '').replace(/[^\w-]+/g, '-').slice(0, 60) || 'video';
  return `${base}-restyled.mp4`;
}

type Side = 'after' | 'before';

/**
 * The video made, first and large; the clip as filmed one tap away, at the same moment (the two
 * players follow each other when switched); Download and Share first among the actions.
 */
export function ReviewStep({ entry, notice, onAnotherBackground, onNew }: Props) {
  const before = useObjectUrl(entry.input);
  const after = useObjectUrl(entry.output);
  const [shareError, setShareError] = useState<string | null>(null);
  const [side, setSide] = useState<Side>('after');
  const players = useRef<Record<Side, HTMLVideoElement | null>>({ after: null, before: null });
  const file = new File([entry.output], downloadName(entry), { type: 'video/mp4' });
  const canShare = typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] });
  // The video made starts this far into the clip filmed (a trimmed clip).
  const offset = entry.startSec ?? 0;

  function show(next: Side) {
    if (next === side) return;
    const from = players.current[side];
    const to = players.current[next];
    if (from && to) {
      // The same moment, playing or paused as the other was.
      to.currentTime = Math.max(0, from.currentTime + (next === 'before' ? offset : -offset));
      if (!from.paused) void to.play().catch(() => undefined);
      from.pause();
    }
    setSide(next);
  }

  async function share() {
    setShareError(null);
    try {
      await navigator.share({ files: [file], title: 'My Restyle video' });
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setShareError("Sharing didn't work here. Download the video instead.");
    }
  }

  return (
    <section className="card review" aria-labelledby="review-title" data-testid="review" data-pipeline={entry.pipeline}>
      <h1 id="review-title">Your video is ready</h1>
      <div className="result-stage" style={{ aspectRatio: `${entry.width} / ${entry.height}`, maxWidth: `calc(var(--stage-height) * ${entry.width / entry.height})` }}>
        {(['after', 'before'] as const).map((which) => (
          <video
            key={which}
            ref={(v) => {
              players.current[which] = v;
            }}
            src={which === 'after' ? after : before}
            controls
            // The clip as filmed is silent here: its sound is the video's.
            muted={which === 'before'}
            playsInline
            preload="metadata"
            data-testid={which === 'after' ? 'result-video' : 'original-video'}
            hidden={side !== which}
          />
        ))}
      </div>
      <div className="segmented" role="group" aria-label="Show">
        <button type="button" aria-pressed={side === 'after'} onClick={() => show('after')}>
          After · {entry.backgroundName}
        </button>
        <button type="button" aria-pressed={side === 'before'} onClick={() => show('before')}>
          Before
        </button>
      </div>
      {notice && (
        <p className="alert error" role="alert">
          {notice}
        </p>
      )}
      {entry.verdict && entry.verdict.reasons.length > 0 && <VerdictNote verdict={entry.verdict} after />}
      {shareError && <p className="alert error">{shareError}</p>}
      <div className="actions review-actions">
        <a className="primary big" href={after} download={downloadName(entry)}>
          Download
        </a>
        {canShare && (
          <button type="button" className="primary big" onClick={() => void share()}>
            Share
          </button>
        )}
      </div>
      <VideoCredit backgroundId={entry.backgroundId} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onAnotherBackground}>
          Try another background
        </button>
        <button type="button" className="secondary" onClick={onNew}>
          Make another
        </button>
      </div>
    </section>
  );
}
