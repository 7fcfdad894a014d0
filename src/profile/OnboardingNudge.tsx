import { useEffect, useState } from 'react';
import { getKey } from '../services/keys';
import { loadProfile } from '../services/storage/profile';
import { onStoredChange } from '../services/sync';

/** Once a Gemini key is saved and there is no profile yet, invite the person to make one. */
export function OnboardingNudge({ onOpenProfile }: { onOpenProfile(): void }) {
  const [show, setShow] = useState(false);
  useEffect(() => {
    let live = true;
    const refresh = () =>
      void Promise.all([getKey('gemini'), loadProfile()]).then(([key, profile]) => live && setShow(key !== null && profile === null));
    refresh();
    const off = onStoredChange(['keys', 'profile'], refresh);
    return () => {
      live = false;
      off();
    };
  }, []);
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
