import { useCallback, useEffect, useState } from 'react';
import { findBuiltin } from '../core/builtinBackgrounds';
import { BUILTIN_PREFIX } from '../backgrounds/resolveBackground';
import type { UnfinishedJob } from '../core/domain';
import { discardJob, interruptedJobs } from '../services/storage/jobs';

function backgroundLabel(id: string): string {
  if (id.startsWith(BUILTIN_PREFIX)) return findBuiltin(id.slice(BUILTIN_PREFIX.length))?.name ?? 'a built-in background';
  return id.startsWith('profile:') ? 'one of your backgrounds' : 'your own picture';
}

/**
 * Videos that were being made when the page was reloaded, closed or crashed: each can be made
 * again from its kept input and choices, or discarded. Shown on the Upload step.
 */
export function InterruptedJobs({ onResume }: { onResume(job: UnfinishedJob): Promise<void> }) {
  const [jobs, setJobs] = useState<UnfinishedJob[]>([]);
  const [checked, setChecked] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(() => {
    interruptedJobs()
      .then(setJobs)
      .catch((err: unknown) => console.warn('could not read unfinished jobs:', err))
      .finally(() => setChecked(true));
  }, []);
  useEffect(refresh, [refresh]);

  // Says (to tests too) that the look for unfinished videos is done and found none.
  if (jobs.length === 0) return checked ? <span hidden data-testid="no-interrupted-jobs" /> : null;
  return (
    <section className="nudge interrupted" aria-label="Unfinished videos">
      {jobs.map((job) => (
        <div key={job.id} className="interrupted-job" data-testid="interrupted-job">
          <p>
            <strong>This video wasn't finished:</strong> {job.inputName} in front of {backgroundLabel(job.backgroundId)}, started{' '}
            {new Date(job.startedAt).toLocaleString()}.
            {job.falRequest && ' It was already sent to fal.ai: making it again picks up that job, with nothing more to pay.'}
          </p>
          <div className="actions">
            <button
              type="button"
              className="secondary small"
              onClick={() => void discardJob(job.id).then(refresh, refresh)}
            >
              Discard
            </button>
            <button
              type="button"
              className="primary small"
              onClick={() => {
                setProblem(null);
                onResume(job).catch((err: unknown) => setProblem(err instanceof Error ? err.message : 'This video could not be opened again.'));
              }}
            >
              Make it again
            </button>
          </div>
        </div>
      ))}
      {problem && (
        <p className="alert error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
