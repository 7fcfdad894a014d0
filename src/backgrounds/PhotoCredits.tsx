/** Who took the built-in photos, under which licence: all of them (Backgrounds tab), or the one a video used (Done step). */
import { BUILTIN_BACKGROUNDS, creditLine, findBuiltin, needsCredit } from '../core/builtinBackgrounds';
import { BUILTIN_PREFIX } from './resolveBackground';

export function PhotoCredits() {
  const photos = BUILTIN_BACKGROUNDS.flatMap((b) => (b.kind === 'photo' ? [b] : []));
  return (
    <details className="credits">
      <summary>Photo credits</summary>
      <ul>
        {photos.map((p) => (
          <li key={p.id}>
            {p.name}:{' '}
            <a href={p.credit.licenceUrl} target="_blank" rel="noreferrer">
              {creditLine(p.credit)}
            </a>
            {needsCredit(p.credit) && ' (credit the photographer if you post a video with it)'}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Under a made video: the credit its background asks for when the video is posted, if any. */
export function VideoCredit({ backgroundId }: { backgroundId: string | undefined }) {
  const builtin = backgroundId?.startsWith(BUILTIN_PREFIX) ? findBuiltin(backgroundId.slice(BUILTIN_PREFIX.length)) : undefined;
  if (builtin?.kind !== 'photo' || !needsCredit(builtin.credit)) return null;
  return (
    <p className="hint" data-testid="video-credit">
      If you post this video, credit its background photo: {creditLine(builtin.credit)}.
    </p>
  );
}
