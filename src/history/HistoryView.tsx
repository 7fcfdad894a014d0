import { formatBytes, formatSeconds } from '../core/caps';
import type { HistoryEntry } from '../core/domain';
import { deleteHistoryEntry, listHistory } from '../services/storage/history';
import type { Change } from '../services/sync';
import { useObjectUrl } from '../ui/useObjectUrl';
import { useStored } from '../ui/useStored';

const HISTORY: readonly Change[] = ['history'];

interface Props {
  onOpen(entry: HistoryEntry): void;
  onNew(): void;
}

export function HistoryView({ onOpen, onNew }: Props) {
  const { value: entries, reload } = useStored(listHistory, HISTORY);

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
              onOpen={() => onOpen(e)}
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

function HistoryItem({ entry, onOpen, onDelete }: { entry: HistoryEntry; onOpen(): void; onDelete(): Promise<void> }) {
  const url = useObjectUrl(entry.output);
  const when = new Date(entry.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <li className="history-item" data-testid="history-item">
      <video src={url} muted playsInline preload="metadata" aria-hidden="true" />
      <div className="history-text">
        <strong>{entry.inputName}</strong>
        <span className="hint">
          {when} · {formatSeconds(entry.durationSec)} · {entry.backgroundName} · {formatBytes(entry.output.size)}
        </span>
      </div>
      <div className="history-actions">
        <button type="button" className="secondary" onClick={onOpen}>
          Open
        </button>
        <button type="button" className="secondary danger" aria-label={`Delete ${entry.inputName}`} onClick={() => void onDelete()}>
          Delete
        </button>
      </div>
    </li>
  );
}
