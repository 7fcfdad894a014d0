import { clampBlurSigma } from '../../core/geometry';
import { DEFAULT_SETTINGS, type Settings } from '../../core/domain';
import { announce } from '../sync';
import { DEFAULT_FAL_ENDPOINT, FAL_ENDPOINTS } from '../../core/falEndpoints';
import { db } from './db';
import { currentBackgroundId } from '../../core/builtinBackgrounds';

export async function loadSettings(): Promise<Settings> {
  const d = await db();
  const tx = d.transaction('settings');
  const [backgroundId, blurSigma, geminiModel, regenerationsPerDay, mattingDefault, falEndpoint, colourMatch] = await Promise.all([
    tx.store.get('backgroundId'),
    tx.store.get('blurSigma'),
    tx.store.get('geminiModel'),
    tx.store.get('regenerationsPerDay'),
    tx.store.get('mattingDefault'),
    tx.store.get('falEndpoint'),
    tx.store.get('colourMatch'),
  ]);
  return {
    backgroundId: typeof backgroundId === 'string' ? currentBackgroundId(backgroundId) : DEFAULT_SETTINGS.backgroundId,
    blurSigma: typeof blurSigma === 'number' ? clampBlurSigma(blurSigma) : DEFAULT_SETTINGS.blurSigma,
    geminiModel: typeof geminiModel === 'string' && geminiModel.trim() ? geminiModel : DEFAULT_SETTINGS.geminiModel,
    regenerationsPerDay:
      typeof regenerationsPerDay === 'number' && regenerationsPerDay >= 0 ? regenerationsPerDay : DEFAULT_SETTINGS.regenerationsPerDay,
    mattingDefault: mattingDefault === 'fal' ? 'fal' : 'local',
    falEndpoint:
      typeof falEndpoint === 'string' && FAL_ENDPOINTS.some((e) => e.id === falEndpoint) ? falEndpoint : DEFAULT_FAL_ENDPOINT,
    colourMatch: colourMatch === true,
  };
}

/** One setting, one transaction: two tabs changing settings at once each land whole. */
export async function saveSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  await (await db()).put('settings', value, key);
  announce('settings');
}
