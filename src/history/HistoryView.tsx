import { useState } from 'react';
import { formatBytes, formatSeconds } from '../core/caps';
import { downloadName } from '../restyle/ReviewStep';
import type { HistoryEntry } from '../core/domain';
import { deleteHistoryEntry, listHistory } from '../services/storage/history';
import type { Change } from '../services/sync';
import { useObjectUrl } from '../ui/useObjectUrl';
import { useStored } from '../ui/useStored';

const HISTORY: readonly Change[] = ['history'];

interface Props {
  onNew(): void;
}

export function HistoryView({ onNew }: Props) {
  const { value: entries, reload } = useStored(listHistory, HISTORY);
  // The video playing in the list (one at a time).
  const [open, setOpen] = useState<string | null>(null);

  if (entries === undefined) return <section className="card" aria-busy="true" />;
  return (
    <section className="card" aria-labelledby="history-title">
      <h1 id="history-title">My videos</h1>
      {entries.length === 0 ? (
        <div className="empty">
          <p>No videos yet. Finished videos are kept here, on this device, until you delete them.</p>
          <button type="button" className="primary" onClick={onNew}>
            Make your first video
          </button>
        </div>
      ) : (
        <ul className="history">
          {entries.map((e) => (
            <HistoryItem
              key={e.id}
              entry={e}
              open={open === e.id}
              onOpen={() => setOpen(open === e.id ? null : e.id)}
              onDelete={async () => {
                await deleteHistoryEntry(e.id);
                await reload();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

interface ItemProps {
  entry: HistoryEntry;
  open: boolean;
  onOpen(): void;
  onDelete(): Promise<void>;
}

function HistoryItem({ entry, open, onOpen, onDelete }: ItemProps) {
  const url = useObjectUrl(entry.output);
  const when = new Date(entry.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <li className={open ? 'history-item open' : 'history-item'} data-testid="history-item">
      {open ? (
        <video src={url} controls autoPlay playsInline preload="auto" className="history-player" data-testid="result-video" />
      ) : (
        <video src={url} muted playsInline preload="metadata" aria-hidden="true" />
      )}
      <div className="history-text">
        <strong>{entry.inputName}</strong>
        <span className="hint">
          {when} · {formatSeconds(entry.durationSec)} · {entry.backgroundName} · {formatBytes(entry.output.size)}
        </span>
      </div>
      <div className="history-actions">
        <button type="button" className="secondary" aria-expanded={open} onClick={onOpen}>
          {open ? 'Close' : 'Play'}
        </button>
        {open && (
          <a className="secondary" href={url} download={downloadName(entry)}>
            Download
          </a>
        )}
        <button type="button" className="secondary danger" aria-label={`Delete ${entry.inputName}`} onClick={() => void onDelete()}>
          Delete
        </button>
      </div>
    </li>
  );
}
