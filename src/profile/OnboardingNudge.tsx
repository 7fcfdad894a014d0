import { getKey } from '../services/keys';
import { loadProfile } from '../services/storage/profile';
import type { Change } from '../services/sync';
import { useStored } from '../ui/useStored';

const KEYS_AND_PROFILE: readonly Change[] = ['keys', 'profile'];

async function wantsProfile(): Promise<boolean> {
  const [key, profile] = await Promise.all([getKey('gemini'), loadProfile()]);
  return key !== null && profile === null;
}

/** Once a Gemini key is saved and there is no profile yet, invite the person to make one. */
export function OnboardingNudge({ onOpenProfile }: { onOpenProfile(): void }) {
  const { value: show } = useStored(wantsProfile, KEYS_AND_PROFILE);
  if (!show) return null;
  return (
    <aside className="nudge" aria-label="Personal backgrounds">
      <p>
        <strong>Backgrounds made for you.</strong> Take a selfie and Gemini makes five backgrounds that suit your style.
      </p>
      <button type="button" className="primary small" onClick={onOpenProfile}>
        Take a selfie
      </button>
    </aside>
  );
}
