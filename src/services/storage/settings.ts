import { DEFAULT_BLUR_SIGMA, clampBlurSigma } from '../../core/geometry';
import { BUILTIN_BACKGROUNDS } from '../../backgrounds/builtins';
import { db, type Settings } from './db';

export const DEFAULT_SETTINGS: Settings = {
  backgroundId: `builtin:${BUILTIN_BACKGROUNDS[0]?.id ?? 'studio-grey'}`,
  blurSigma: DEFAULT_BLUR_SIGMA,
};

export async function loadSettings(): Promise<Settings> {
  const d = await db();
  const [backgroundId, blurSigma] = await Promise.all([d.get('settings', 'backgroundId'), d.get('settings', 'blurSigma')]);
  return {
    backgroundId: typeof backgroundId === 'string' ? backgroundId : DEFAULT_SETTINGS.backgroundId,
    blurSigma: typeof blurSigma === 'number' ? clampBlurSigma(blurSigma) : DEFAULT_SETTINGS.blurSigma,
  };
}

export async function saveSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  await (await db()).put('settings', value, key);
}
