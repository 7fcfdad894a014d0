import { useState } from 'react';
import { useObjectUrl } from '../ui/useObjectUrl';
import type { HistoryEntry } from '../core/domain';
import { VerdictNote } from './VerdictNote';

interface Props {
  entry: HistoryEntry;
  /** Set when the result could not be kept in My videos (e.g. the disk is full). */
  notice?: string | null;
  onNew(): void;
}

export function downloadName(entry: HistoryEntry): string {
  const base = entry.inputName.replace(/\.[^.]+$/, '').replace(/[^\w-]+/g, '-').slice(0, 60) || 'video';
  return `${base}-restyled.mp4`;
}

export function ReviewStep({ entry, notice, onNew }: Props) {
  const before = useObjectUrl(entry.input);
  const after = useObjectUrl(entry.output);
  const [shareError, setShareError] = useState<string | null>(null);
  const file = new File([entry.output], downloadName(entry), { type: 'video/mp4' });
  const canShare = typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] });

  async function share() {
    setShareError(null);
    try {
      await navigator.share({ files: [file], title: 'My Restyle video' });
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setShareError("Sharing didn't work here. Download the video instead.");
    }
  }

  return (
    <section className="card" aria-labelledby="review-title" data-testid="review" data-pipeline={entry.pipeline}>
      <h1 id="review-title">Your video is ready</h1>
      <div className="compare">
        <figure>
          <video src={before} controls muted playsInline preload="metadata" />
          <figcaption>Before</figcaption>
        </figure>
        <figure>
          <video src={after} controls playsInline preload="metadata" data-testid="result-video" />
          <figcaption>After · {entry.backgroundName}</figcaption>
        </figure>
      </div>
      {notice && (
        <p className="alert error" role="alert">
          {notice}
        </p>
      )}
      {entry.verdict && entry.verdict.reasons.length > 0 && <VerdictNote verdict={entry.verdict} after />}
      {shareError && <p className="alert error">{shareError}</p>}
      <div className="actions">
        <button type="button" className="secondary" onClick={onNew}>
          Make another
        </button>
        {canShare && (
          <button type="button" className="secondary" onClick={() => void share()}>
            Share
          </button>
        )}
        <a className="primary" href={after} download={downloadName(entry)}>
          Download
        </a>
      </div>
    </section>
  );
}
