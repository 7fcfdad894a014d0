import { getKey } from '../services/keys';
import type { Change } from '../services/sync';
import { useStored } from '../ui/useStored';

const KEYS: readonly Change[] = ['keys'];
const savedKeys = async () => ({ gemini: (await getKey('gemini')) !== null, fal: (await getKey('fal')) !== null });

/** What leaves the device, said truly: nothing without keys; with them, only what the person sends. */
export function PrivacyFooter() {
  const keys = useStored(savedKeys, KEYS).value;
  const parts: string[] = [];
  if (keys?.fal) parts.push('a video you choose to have fal.ai cut out goes to fal.ai');
  if (keys?.gemini) parts.push('your selfie goes to Gemini when you ask it for backgrounds');
  return (
    <footer className="footer" data-testid="privacy-footer">
      {parts.length === 0 ? 'Your videos stay on this device. Nothing is uploaded.' : `Your videos stay on this device, except that ${parts.join(', and ')}.`}
    </footer>
  );
}
