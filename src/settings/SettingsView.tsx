import type { Settings } from '../core/domain';
import { loadSettings, saveSetting } from '../services/storage/settings';
import { DEFAULT_SETTINGS } from '../core/domain';
import type { Change } from '../services/sync';
import { useStored } from '../ui/useStored';
import { ApiKeySection } from './ApiKeySection';
import { StorageSection } from './StorageSection';
import { OfflineSection } from './OfflineSection';
import { FAL_ENDPOINTS } from '../core/falEndpoints';
import { reportSaveProblem } from '../ui/saveProblems';

const SETTINGS: readonly Change[] = ['settings'];

export function SettingsView({ onOpenProfile }: { onOpenProfile(): void }) {
  const { value: settings, reload } = useStored(loadSettings, SETTINGS);

  // A change the disk refuses is reported, and the view shows what is stored again.
  const save = <K extends keyof Settings>(key: K, value: Settings[K]) =>
    void saveSetting(key, value).catch((err: unknown) => {
      reportSaveProblem(err);
      void reload();
    });

  if (!settings) return <section className="card" aria-busy="true" />;
  return (
    <section className="card" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <ApiKeySection
        service="gemini"
        title="Gemini API key"
        check={async (key) => (await import('../services/gemini')).checkGeminiKey({ apiKey: key, model: settings.geminiModel })}
        getKey={{ href: 'https://aistudio.google.com/apikey', label: 'Get a free key in Google AI Studio' }}
        next={
          <button type="button" className="link" onClick={onOpenProfile}>
            Make your backgrounds
          </button>
        }
      >
        Used only to make your personal backgrounds, sent only to Google's Gemini service, and kept on this device.
      </ApiKeySection>
      <ApiKeySection
        service="fal"
        title="fal.ai API key"
        check={async (key) => (await import('../services/fal')).checkFalKey(key)}
        getKey={{ href: 'https://fal.ai/dashboard/keys', label: "Make a key on fal.ai's keys page" }}
      >
        Optional: fal.ai cuts you out in the cloud with finer hair and edges. Your video is then uploaded to fal.ai and
        each clip costs a little on your fal.ai account (you see the estimate first). The key is sent only to fal.ai.
      </ApiKeySection>
      <section className="settings-section" aria-labelledby="matting-title">
        <h2 id="matting-title">Cutting out</h2>
        <fieldset className="choice">
          <legend>Default for new videos</legend>
          <label className="check">
            <input
              type="radio"
              name="matting-default"
              checked={settings.mattingDefault === 'local'}
              onChange={() => save('mattingDefault', 'local')}
            />
            On this device (free, private, works offline)
          </label>
          <label className="check">
            <input
              type="radio"
              name="matting-default"
              checked={settings.mattingDefault === 'fal'}
              onChange={() => save('mattingDefault', 'fal')}
            />
            fal.ai (needs a fal.ai key)
          </label>
        </fieldset>
      </section>
      <details className="settings-section advanced">
        <summary>Advanced: models and the daily limit</summary>
        <p className="hint">Which models do the work on your keys, and how much Gemini may be asked for in a day.</p>
        <label className="field">
          <span>fal.ai model</span>
          <select value={settings.falEndpoint} onChange={(e) => save('falEndpoint', e.target.value)}>
            {FAL_ENDPOINTS.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Gemini image model</span>
          <input
            type="text"
            spellCheck={false}
            defaultValue={settings.geminiModel}
            onBlur={(e) => save('geminiModel', e.target.value.trim() || DEFAULT_SETTINGS.geminiModel)}
          />
        </label>
        <label className="field">
          <span>New sets of backgrounds allowed per day (each is 5 images on your key)</span>
          <input
            type="number"
            min={0}
            max={50}
            inputMode="numeric"
            defaultValue={settings.regenerationsPerDay}
            onBlur={(e) => {
              const n = Math.max(0, Math.min(50, Math.round(Number(e.target.value) || 0)));
              save('regenerationsPerDay', n);
            }}
          />
        </label>
      </details>
      <OfflineSection />
      <StorageSection />
    </section>
  );
}
