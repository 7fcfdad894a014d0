import { useState } from 'react';
import { findBuiltin } from '../core/builtinBackgrounds';
import { BUILTIN_PREFIX } from '../backgrounds/resolveBackground';
import type { UnfinishedJob } from '../core/domain';
import { plainMessage } from '../core/errors';
import { discardJob, interruptedJobs } from '../services/storage/jobs';
import { discardDraft } from '../services/storage/draft';
import type { Change } from '../services/sync';
import { useStored } from '../ui/useStored';

/** Read once when shown (and after a discard): another tab's jobs are its own to finish. */
const READ_ONCE: readonly Change[] = [];
const NONE: readonly UnfinishedJob[] = [];

function backgroundLabel(id: string): string {
  if (id.startsWith(BUILTIN_PREFIX)) return findBuiltin(id.slice(BUILTIN_PREFIX.length))?.name ?? 'a built-in background';
  return id.startsWith('profile:') ? 'one of your backgrounds' : 'your own picture';
}

/**
 * Videos that were being made when the page was reloaded, closed or crashed: each can be made
 * again from its kept input and choices, or discarded. Shown on the Upload step.
 */
export function InterruptedJobs({ onResume }: { onResume(job: UnfinishedJob): Promise<void> }) {
  const stored = useStored(interruptedJobs, READ_ONCE);
  const [problem, setProblem] = useState<string | null>(null);
  const jobs = stored.value ?? NONE;
  // A store that can't be read shows nothing to resume.
  const checked = stored.value !== undefined || stored.error !== null;

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
              onClick={() =>
                void Promise.all([discardJob(job.id), job.draftId ? discardDraft(job.draftId) : undefined])
                  .catch((err: unknown) => console.warn('could not discard the unfinished video:', err))
                  .then(stored.reload)
              }
            >
              Discard
            </button>
            <button
              type="button"
              className="primary small"
              onClick={() => {
                setProblem(null);
                onResume(job).catch((err: unknown) => setProblem(plainMessage(err)));
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
