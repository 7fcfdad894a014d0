import { useEffect, useState } from 'react';
import { formatBytes, formatSeconds } from '../core/caps';
import { downloadName } from '../restyle/ReviewStep';
import { videoBytes, videoName, type HistoryEntry } from '../core/domain';
import { deleteHistoryEntry, listHistory, renameHistoryEntry, restoreHistoryEntry } from '../services/storage/history';
import type { Change } from '../services/sync';
import { reportSaveProblem } from '../ui/saveProblems';
import { useObjectUrl } from '../ui/useObjectUrl';
import { useStored } from '../ui/useStored';

const HISTORY: readonly Change[] = ['history'];
/** How long "Undo" is offered after a delete. */
const UNDO_MS = 10_000;

interface Props {
  onNew(): void;
}

export function HistoryView({ onNew }: Props) {
  const { value: entries, reload } = useStored(listHistory, HISTORY);
  // The video playing in the list (one at a time).
  const [open, setOpen] = useState<string | null>(null);
  // The last video deleted, kept in memory while Undo is offered.
  const [deleted, setDeleted] = useState<HistoryEntry | null>(null);
  useEffect(() => {
    if (!deleted) return;
    const timer = setTimeout(() => setDeleted(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [deleted]);

  if (entries === undefined) return <section className="card" aria-busy="true" />;
  return (
    <section className="card" aria-labelledby="history-title">
      <h1 id="history-title">My videos</h1>
      {deleted && (
        <div className="alert info undo" role="status">
          <span>“{videoName(deleted)}” was deleted.</span>
          <button
            type="button"
            className="secondary small"
            onClick={() => {
              const back = deleted;
              setDeleted(null);
              restoreHistoryEntry(back).then(reload, reportSaveProblem);
            }}
          >
            Undo
          </button>
        </div>
      )}
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
              onRename={(title) => renameHistoryEntry(e.id, title).then(reload, reportSaveProblem)}
              onDelete={async () => {
                await deleteHistoryEntry(e.id);
                setDeleted(e);
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
  onRename(title: string): Promise<void>;
  onDelete(): Promise<void>;
}

function HistoryItem({ entry, open, onOpen, onRename, onDelete }: ItemProps) {
  const url = useObjectUrl(entry.output);
  const [editing, setEditing] = useState<string | null>(null);
  const name = videoName(entry);
  const portrait = entry.height > entry.width;
  return (
    <li className={`history-item${open ? ' open' : ''}${portrait ? ' portrait' : ''}`} data-testid="history-item">
      {open ? (
        <video src={url} controls autoPlay playsInline preload="auto" className="history-player" data-testid="result-video" />
      ) : (
        <video src={url} muted playsInline preload="metadata" aria-hidden="true" className="history-thumb" />
      )}
      <div className="history-text">
        {editing === null ? (
          <strong>{name}</strong>
        ) : (
          <form
            className="rename"
            onSubmit={(e) => {
              e.preventDefault();
              void onRename(editing).then(() => setEditing(null));
            }}
          >
            <input aria-label="Name of this video" value={editing} maxLength={80} autoFocus onChange={(e) => setEditing(e.target.value)} />
            <button type="submit" className="secondary small">
              Save
            </button>
          </form>
        )}
        <span className="hint">
          {formatSeconds(entry.durationSec)} · from {entry.inputName} · {formatBytes(videoBytes(entry))}
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
        {editing === null && (
          <button type="button" className="secondary" aria-label={`Rename ${name}`} onClick={() => setEditing(entry.title ?? '')}>
            Rename
          </button>
        )}
        <button type="button" className="secondary danger" aria-label={`Delete ${name}`} onClick={() => void onDelete()}>
          Delete
        </button>
      </div>
    </li>
  );
}
