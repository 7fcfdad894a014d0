import { useEffect, useState } from 'react';
import { deleteKey, keyStatus, saveKey } from '../services/keys';
import { onStoredChange } from '../services/sync';
import { toErrorInfo } from '../core/errors';

interface Props {
  model: string;
  onOpenProfile(): void;
}

/** Enter, check, save (or keep for this visit only) and delete the Gemini API key. */
export function GeminiKeySection({ model, onOpenProfile }: Props) {
  const [status, setStatus] = useState<'remembered' | 'session' | 'none' | null>(null);
  const [draft, setDraft] = useState('');
  const [remember, setRemember] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    const refresh = () => void keyStatus('gemini').then(setStatus);
    refresh();
    return onStoredChange(['keys'], refresh);
  }, []);

  async function save() {
    const key = draft.trim();
    if (!key) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const { checkGeminiKey } = await import('../services/gemini');
      await checkGeminiKey({ apiKey: key, model });
      await saveKey('gemini', key, remember);
      setDraft('');
      setSaved(true);
    } catch (err) {
      // GeminiError messages are written for people and never contain the key.
      setError(err instanceof Error && err.name === 'GeminiError' ? err.message : toErrorInfo(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="settings-section" aria-labelledby="gemini-key-title">
      <h2 id="gemini-key-title">Gemini API key</h2>
      <p className="hint">
        Used only to make your personal backgrounds, sent only to Google's Gemini service, and kept on this device.
        Get one free in Google AI Studio.
      </p>
      {status && status !== 'none' ? (
        <div className="key-row">
          <p className="alert ok" data-testid="gemini-key-status">
            {status === 'remembered' ? 'A key is saved on this device.' : 'A key is kept until you close this tab.'}
          </p>
          <button type="button" className="secondary danger" onClick={() => void deleteKey('gemini').then(() => setSaved(false))}>
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
              placeholder="Paste your key"
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
          Key checked and saved.{' '}
          <button type="button" className="link" onClick={onOpenProfile}>
            Make your backgrounds
          </button>
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
