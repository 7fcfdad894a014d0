import { useCallback, useEffect, useRef, useState } from 'react';
import { reportSaveProblem } from '../ui/saveProblems';
import { BACKGROUND_COUNT } from '../core/backgroundPrompts';
import { plainMessage } from '../core/errors';
import { useObjectUrl } from '../ui/useObjectUrl';
import { getKey } from '../services/keys';
import type { ProfileImage, Settings } from '../core/domain';
import { PROFILE_PREFIX, deleteProfile, loadProfile, startProfileRun, startSelfieRun } from '../services/storage/profile';
import { loadSettings, saveSetting } from '../services/storage/settings';
import type { Change } from '../services/sync';
import { useStored } from '../ui/useStored';
import { generateBackgrounds, recoverInterrupted } from './generation';
import { exportProfile, importProfileFile } from './profileFile';
import { SelfieCapture } from './SelfieCapture';
import { SlotGrid } from './SlotGrid';
import { FilePickButton } from '../ui/FilePickButton';

const PROFILE: readonly Change[] = ['profile'];
const SETTINGS: readonly Change[] = ['settings'];
const KEYS: readonly Change[] = ['keys'];
const hasGeminiKey = async (): Promise<boolean> => (await getKey('gemini')) !== null;

interface Props {
  onOpenSettings(): void;
}

/** `rest`: make the backgrounds not made yet (no question asked: the person asked for them before). */
type Confirm = { kind: 'send'; selfie: ProfileImage } | { kind: 'regenerate' } | { kind: 'rest' } | { kind: 'delete' } | null;

/** The personal backgrounds (one way to add backgrounds): selfie onboarding, the five generated images, pick, regenerate, export. */
export function ProfileView({ onOpenSettings }: Props) {
  // Slots left "generating" by a closed or reloaded tab go back to pending before the profile is first read.
  const [recovery] = useState<{ done: Promise<void> | null }>({ done: null });
  const loadRecovered = useCallback(() => (recovery.done ??= recoverInterrupted().catch(() => undefined)).then(loadProfile), [recovery]);
  const loaded = useStored(loadRecovered, PROFILE).value;
  const settings = useStored(loadSettings, SETTINGS).value ?? null;
  const hasKey = useStored(hasGeminiKey, KEYS).value === true;
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [replacing, setReplacing] = useState(false);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const confirming = useRef(false);

  // Leaving the profile screen stops a run it started.
  useEffect(() => () => abort.current?.abort(), []);

  const generate = useCallback(
    async (only?: number[]) => {
      const key = await getKey('gemini');
      if (!key || !settings) {
        setError('Add your Gemini API key in Settings first.');
        return;
      }
      setError(null);
      setRunning(true);
      abort.current = new AbortController();
      try {
        await generateBackgrounds({ config: { apiKey: key, model: settings.geminiModel }, signal: abort.current.signal }, only);
      } catch (err) {
        setError(plainMessage(err));
      } finally {
        setRunning(false);
        abort.current = null;
      }
    },
    [settings],
  );

  async function confirmed() {
    const c = confirm;
    setConfirm(null);
    if (c) await perform(c);
  }

  async function perform(c: NonNullable<Confirm>) {
    // A double click (or a second click before the panel is gone) must not spend twice.
    if (confirming.current || !settings) return;
    confirming.current = true;
    try {
      await act(c, settings);
    } catch (err) {
      // A full disk while saving the selfie: nothing was sent, and the old profile is as it was.
      setError(plainMessage(err));
    } finally {
      confirming.current = false;
    }
  }

  async function act(c: NonNullable<Confirm>, settings: Settings) {
    if (c.kind === 'send') {
      // Every run counts against the cap, a first selfie's and a replaced one's too.
      const start = await startSelfieRun(c.selfie, settings.regenerationsPerDay);
      if (start.saved) setReplacing(false);
      if (!start.ok) {
        setError(start.saved ? `Your selfie is saved. ${start.message}` : start.message);
        return;
      }
      await generate();
    } else if (c.kind === 'regenerate' || c.kind === 'rest') {
      const verdict = await startProfileRun(settings.regenerationsPerDay, c.kind === 'regenerate');
      if (!verdict.ok) {
        setError(verdict.message);
        return;
      }
      await generate();
    } else {
      abort.current?.abort();
      await deleteProfile();
      setNotice('Your selfie and backgrounds were deleted from this device.');
    }
  }

  async function doExport() {
    try {
      const blob = await exportProfile();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'restyle-profile.json';
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (err) {
      setError(plainMessage(err));
    }
  }

  async function doImport(file: File) {
    setError(null);
    try {
      await importProfileFile(file);
      setNotice('Profile imported.');
    } catch (err) {
      setError(plainMessage(err));
    }
  }

  if (loaded === undefined || !settings) return <section className="settings-section" aria-busy="true" />;
  const picked = settings.backgroundId.startsWith(PROFILE_PREFIX) ? Number(settings.backgroundId.slice(PROFILE_PREFIX.length)) : null;
  const unfinished = loaded ? loaded.profile.slots.filter((s) => s.status === 'pending').length : 0;
  const lost = loaded ? loaded.profile.slots.filter((s) => s.status === 'pending' && s.lost).length : 0;
  const importButton = (
    <FilePickButton className="secondary" accept="application/json,.json" testId="profile-import" onFile={(f) => void doImport(f)}>
      Import a profile
    </FilePickButton>
  );

  return (
    <section className="settings-section" aria-labelledby="profile-title">
      <h2 id="profile-title">Made for you by Gemini</h2>
      {notice && (
        <p className="alert ok" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}

      {confirm?.kind === 'send' ? (
        <SendConsent selfie={confirm.selfie} onCancel={() => setConfirm(null)} onConfirm={() => void confirmed()} />
      ) : !loaded || replacing ? (
        <>
          <p className="lede">
            Take a selfie and Gemini makes {BACKGROUND_COUNT} backgrounds that suit your style. You pick one, and every
            video after that uses it.
          </p>
          {hasKey ? (
            <SelfieCapture onSelfie={(selfie) => setConfirm({ kind: 'send', selfie })} />
          ) : (
            <div className="actions start">
              <button type="button" className="primary" onClick={onOpenSettings}>
                Add your Gemini key
              </button>
            </div>
          )}
          {!loaded && <p className="hint">Made a profile on another device? {importButton}</p>}
          {replacing && (
            <div className="actions">
              <button type="button" className="secondary" onClick={() => setReplacing(false)}>
                Keep my current selfie
              </button>
            </div>
          )}
        </>
      ) : (
        <>
          <div className="profile-head">
            <SelfieThumb selfie={loaded.selfie} />
            <p className="hint">
              Pick the one you like: it becomes the background of every new video. You can still choose another in each video.
            </p>
          </div>
          <SlotGrid
            slots={loaded.profile.slots}
            images={loaded.images}
            picked={picked}
            busy={running}
            onPick={(i) => void saveSetting('backgroundId', `${PROFILE_PREFIX}${i}`).catch(reportSaveProblem)}
            onRetry={(i) => void generate([i])}
          />
          {unfinished > 0 && !running && (
            <div className="alert info" data-testid="unfinished-slots">
              <span>
                {unfinished} of {BACKGROUND_COUNT} backgrounds aren't made yet.
                {lost > 0 &&
                  ` The page was left while ${lost === 1 ? '1 was' : `${lost} were`} being made, so ${lost === 1 ? 'it was' : 'they were'} lost (Gemini may still count ${lost === 1 ? 'it' : 'them'} on your key).`}
              </span>
              <button type="button" className="secondary small" disabled={!hasKey} onClick={() => void perform({ kind: 'rest' })}>
                Make them now
              </button>
            </div>
          )}
          {confirm?.kind === 'regenerate' && (
            <ConfirmPanel
              text={`Make ${BACKGROUND_COUNT} new backgrounds? This sends your selfie to Google's Gemini with your key and generates ${BACKGROUND_COUNT} images, which counts against your Gemini quota. Your current ${BACKGROUND_COUNT} are replaced.`}
              action={`Make ${BACKGROUND_COUNT} new`}
              onCancel={() => setConfirm(null)}
              onConfirm={() => void confirmed()}
            />
          )}
          {confirm?.kind === 'delete' && (
            <ConfirmPanel
              text="Delete your selfie and all your personal backgrounds from this device? This can't be undone (export first to keep a copy)."
              action="Delete profile"
              danger
              onCancel={() => setConfirm(null)}
              onConfirm={() => void confirmed()}
            />
          )}
          <div className="actions">
            {running && (
              <button type="button" className="secondary" onClick={() => abort.current?.abort()}>
                Stop
              </button>
            )}
            <button type="button" className="secondary" disabled={running || !hasKey} onClick={() => setConfirm({ kind: 'regenerate' })}>
              Make {BACKGROUND_COUNT} new
            </button>
            <button type="button" className="secondary" disabled={running} onClick={() => setReplacing(true)}>
              Replace selfie
            </button>
            <button type="button" className="secondary" onClick={() => void doExport()}>
              Export
            </button>
            {importButton}
            <button type="button" className="secondary danger" onClick={() => setConfirm({ kind: 'delete' })}>
              Delete profile
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function SelfieThumb({ selfie }: { selfie: ProfileImage }) {
  const url = useObjectUrl(selfie.blob);
  return <img className="selfie-thumb" src={url} alt="Your selfie" />;
}

function SendConsent({ selfie, onCancel, onConfirm }: { selfie: ProfileImage; onCancel(): void; onConfirm(): void }) {
  const url = useObjectUrl(selfie.blob);
  return (
    <div className="consent">
      <img className="selfie-preview" src={url} alt="The selfie that will be sent" />
      <div>
        <h3>Send this photo to Gemini?</h3>
        <p>
          This photo ({selfie.width}×{selfie.height}) goes to Google's Gemini service, with your own API key, to make{' '}
          {BACKGROUND_COUNT} backgrounds. Nothing else goes with it: no video is ever sent to Gemini.
        </p>
        <div className="actions start">
          <button type="button" className="secondary" onClick={onCancel}>
            Not now
          </button>
          <button type="button" className="primary" onClick={onConfirm}>
            Send and make backgrounds
          </button>
        </div>
      </div>
    </div>
  );
}

function ConfirmPanel(props: { text: string; action: string; danger?: boolean; onCancel(): void; onConfirm(): void }) {
  return (
    <div className="confirm" role="alertdialog" aria-label={props.action}>
      <p>{props.text}</p>
      <div className="actions start">
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className={props.danger ? 'primary danger-fill' : 'primary'} onClick={props.onConfirm}>
          {props.action}
        </button>
      </div>
    </div>
  );
}
