import { formatBytes } from '../core/caps';
import { deleteBackground } from '../services/storage/backgrounds';
import { deleteHistoryEntry } from '../services/storage/history';
import { deleteProfile } from '../services/storage/profile';
import { discardDraft } from '../services/storage/draft';
import { requestPersistence, storageBreakdown, type StoredItem } from '../services/storage/usage';
import type { Change } from '../services/sync';
import { useStored } from '../ui/useStored';

const WHAT_TAKES_ROOM: readonly Change[] = ['history', 'backgrounds', 'profile'];

/** Usage and quota, what takes the room, and a way to free it. */
export function StorageSection() {
  const { value: info, reload } = useStored(storageBreakdown, WHAT_TAKES_ROOM);

  if (!info) return null;
  const remove = async (kind: 'result' | 'background' | 'profile' | 'draft', id: string) => {
    if (kind === 'result') await deleteHistoryEntry(id);
    else if (kind === 'background') await deleteBackground(id);
    else if (kind === 'draft') await discardDraft(id).then(reload);
    else await deleteProfile();
  };
  const total = [...info.results, ...info.backgrounds, ...(info.profile ? [info.profile] : []), ...(info.draft ? [info.draft] : [])].reduce((s, i) => s + i.bytes, 0);

  return (
    <section className="settings-section" aria-labelledby="storage-title">
      <h2 id="storage-title">Storage on this device</h2>
      <p className="hint" data-testid="storage-summary">
        Your videos and pictures take {formatBytes(total)}.
        {info.usage !== null && info.quota !== null && (
          <> In all, Restyle uses {formatBytes(info.usage)} of the {formatBytes(info.quota)} this browser allows it.</>
        )}
      </p>
      {info.persisted === false ? (
        <p className="hint">
          The browser may clear Restyle's data if the device runs low on space.{' '}
          <button type="button" className="link" onClick={() => void requestPersistence().then(reload)}>
            Ask it to keep my data
          </button>
        </p>
      ) : info.persisted ? (
        <p className="hint">The browser keeps Restyle's data until you delete it.</p>
      ) : null}
      <ItemList title="Videos (each with the clip it was made from, for Before)" items={info.results} onDelete={(id) => void remove('result', id)} />
      {info.draft && (
        <ItemList title="The clip you picked (kept until you make it or pick another)" items={[info.draft]} onDelete={(id) => void remove('draft', id)} />
      )}
      <ItemList title="Your pictures" items={info.backgrounds} onDelete={(id) => void remove('background', id)} />
      {info.profile && <ItemList title="Profile" items={[info.profile]} onDelete={() => void remove('profile', 'profile')} />}
    </section>
  );
}

function ItemList({ title, items, onDelete }: { title: string; items: StoredItem[]; onDelete(id: string): void }) {
  if (items.length === 0) return null;
  return (
    <div className="storage-group">
      <h3>{title}</h3>
      <ul className="storage-list">
        {items.map((i) => (
          <li key={i.id}>
            <span className="storage-name">{i.label}</span>
            <span className="storage-size">{formatBytes(i.bytes)}</span>
            <button type="button" className="secondary danger small" aria-label={`Delete ${i.label}`} onClick={() => onDelete(i.id)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
