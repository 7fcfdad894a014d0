import type { BackgroundVerdict } from '../core/backgroundScore';

/** The precheck's verdict in plain words; warn-only, never blocks. */
export function VerdictNote({ verdict, after = false }: { verdict: BackgroundVerdict | null; after?: boolean }) {
  if (verdict === null) {
    return <p className="alert info">We couldn't check your recording's background in this browser. You can still go ahead.</p>;
  }
  const notes = verdict.notes ?? [];
  if (verdict.reasons.length === 0) {
    return (
      <p className="alert ok" data-testid="verdict">
        Clean background: you should get a sharp cut-out.{notes.map((n) => ` ${n}`).join('')}
      </p>
    );
  }
  return (
    <div className="alert warn" data-testid="verdict" role="status">
      <ul>
        {[...verdict.reasons, ...notes].map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <p className="hint">
        {after
          ? 'Next time, film yourself whole and in the picture, in front of a plain, still wall, for a cleaner cut-out.'
          : 'For the cleanest result, film yourself whole and in the picture, in front of a plain, still wall. You can still go ahead.'}
      </p>
    </div>
  );
}
