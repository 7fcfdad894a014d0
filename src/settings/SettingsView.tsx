import { useEffect, useState } from 'react';
import type { Settings } from '../services/storage/db';
import { DEFAULT_SETTINGS, loadSettings, saveSetting } from '../services/storage/settings';
import { onStoredChange } from '../services/sync';
import { GeminiKeySection } from './GeminiKeySection';

export function SettingsView({ onOpenProfile }: { onOpenProfile(): void }) {
  const [settings, setSettings] = useState<Settings | null>(null);

  useEffect(() => {
    const refresh = () => void loadSettings().then(setSettings);
    refresh();
    return onStoredChange(['settings'], refresh);
  }, []);

  if (!settings) return <section className="card" aria-busy="true" />;
  return (
    <section className="card" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <GeminiKeySection model={settings.geminiModel} onOpenProfile={onOpenProfile} />
      <section className="settings-section" aria-labelledby="gen-title">
        <h2 id="gen-title">Personal backgrounds</h2>
        <label className="field">
          <span>Gemini image model</span>
          <input
            type="text"
            spellCheck={false}
            defaultValue={settings.geminiModel}
            onBlur={(e) => void saveSetting('geminiModel', e.target.value.trim() || DEFAULT_SETTINGS.geminiModel)}
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
              void saveSetting('regenerationsPerDay', n);
            }}
          />
        </label>
      </section>
    </section>
  );
}
