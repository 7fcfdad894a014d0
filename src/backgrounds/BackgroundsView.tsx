/** The Backgrounds tab: every background there is, which one new videos start with, and the ways to add more. */
import { DEFAULT_SETTINGS } from '../core/domain';
import { loadSettings } from '../services/storage/settings';
import type { Change } from '../services/sync';
import { useStored } from '../ui/useStored';
import { ProfileView } from '../profile/ProfileView';
import { BackgroundLibrary } from './BackgroundLibrary';
import { PhotoCredits } from './PhotoCredits';

const SETTINGS: readonly Change[] = ['settings'];

export function BackgroundsView({ onOpenSettings }: { onOpenSettings(): void }) {
  const settings = useStored(loadSettings, SETTINGS);
  const defaultId = settings.value?.backgroundId ?? (settings.error !== null ? DEFAULT_SETTINGS.backgroundId : null);
  return (
    <section className="card" aria-labelledby="backgrounds-title">
      <h1 id="backgrounds-title">Backgrounds</h1>
      <p className="hint">The one you pick is where every new video starts; you can still choose another for each video.</p>
      {defaultId !== null && <BackgroundLibrary defaultId={defaultId} />}
      <PhotoCredits />
      <ProfileView onOpenSettings={onOpenSettings} />
    </section>
  );
}
