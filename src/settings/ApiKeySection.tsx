import { useCallback, useState, type ReactNode } from 'react';
import { deleteKey, keyStatus, saveKey } from '../services/keys';
import type { ApiService } from '../core/domain';
import type { Change } from '../services/sync';
import { useStored } from '../ui/useStored';

const KEYS: readonly Change[] = ['keys'];
import { plainMessage } from '../core/errors';

interface Props {
  service: ApiService;
  title: string;
  children: ReactNode;
  /** One cheap request that proves the key works; throws an error with plain words if not. */
  check(key: string): Promise<void>;
  /** Shown once a key was checked and saved. */
  next?: ReactNode;
  /** Where the service makes keys: a link of its own, big enough for a finger. */
  getKey: { href: string; label: string };
}

/** Enter, check, save (or keep for this visit only) and delete one service's API key. */
export function ApiKeySection({ service, title, children, check, next, getKey }: Props) {
  const { value: status } = useStored(useCallback(() => keyStatus(service), [service]), KEYS);
  const [draft, setDraft] = useState('');
  const [remember, setRemember] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function save() {
    const key = draft.trim();
    if (!key) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await check(key);
      await saveKey(service, key, remember);
      setDraft('');
      setSaved(true);
    } catch (err) {
      // Service errors are written for people and never contain the key.
      setError(plainMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="settings-section" aria-labelledby={`${service}-key-title`}>
      <h2 id={`${service}-key-title`}>{title}</h2>
      <p className="hint">{children}</p>
      <a className="key-link" href={getKey.href} target="_blank" rel="noreferrer">
        {getKey.label}
        <span aria-hidden="true">&nbsp;↗</span>
      </a>
      {status && status !== 'none' ? (
        <div className="key-row">
          <p className="alert ok" data-testid={`${service}-key-status`}>
            {status === 'remembered' ? 'A key is saved on this device.' : 'A key is kept until you close this tab.'}
          </p>
          <button type="button" className="secondary danger" onClick={() => void deleteKey(service).then(() => setSaved(false))}>
            Delete key
          </button>
        </div>
      ) : (
        <form
          className="key-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label className="field">
            <span>Key</span>
            <input
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              placeholder={`Paste your ${title.replace(/ API key$/, '')} key`}
            />
          </label>
          <label className="check">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
            Remember on this device
          </label>
          <button type="submit" className="primary" disabled={busy || !draft.trim()}>
            {busy ? 'Checking…' : 'Check and save'}
          </button>
        </form>
      )}
      {saved && (
        <p className="alert ok" role="status">
          Key checked and saved. {next}
        </p>
      )}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
