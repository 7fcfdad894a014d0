/**
 * Unfinished jobs: each video being made leaves a record (its input and choices) for as long as
 * it runs, and the tab making it holds a Web Lock named after it. A record whose lock nobody holds
 * belongs to a tab that was reloaded, closed or crashed mid-job: the person is offered to make it
 * again or to discard it. Two tabs each making a video see only their own as running.
 */
import type { FalRequestRef, UnfinishedJob } from '../../core/domain';
import { db, newId } from './db';

const LOCK_PREFIX = 'restyle-job:';

export type JobStart = Omit<UnfinishedJob, 'id' | 'startedAt'>;

export interface RunningJob {
  id: string | null;
  /** Deletes the record and lets go of the lock; call once the job has ended, however it ended. */
  end(): Promise<void>;
  /** Keeps (or, with null, forgets) the paid fal.ai job in the record, for a reload to fetch again. */
  noteFalRequest(ref: FalRequestRef | null): Promise<void>;
}

/**
 * Records the job and holds its lock until end(). If it can't be recorded (a full disk), the job
 * still runs; it just can't be offered again after a reload.
 */
export async function startJob(job: JobStart): Promise<RunningJob> {
  const record: UnfinishedJob = { ...job, id: newId(), startedAt: Date.now() };
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  try {
    await new Promise<void>((granted, failed) => {
      navigator.locks.request(LOCK_PREFIX + record.id, () => {
        granted();
        return held;
      }).catch(failed);
    });
    await (await db()).put('jobs', record);
  } catch (err) {
    release();
    console.warn('could not record the job (it still runs):', err);
    return { id: null, end: () => Promise.resolve(), noteFalRequest: () => Promise.resolve() };
  }
  // Notes are written in order, and none after the end: a late one must not bring the record back.
  let ended = false;
  let writes = Promise.resolve();
  return {
    id: record.id,
    noteFalRequest(ref) {
      writes = writes
        .then(async () => {
          if (ended) return;
          const { falRequest: _old, ...rest } = record;
          await (await db()).put('jobs', ref ? { ...rest, falRequest: ref } : rest);
        })
        .catch((err: unknown) => console.warn('could not note the fal.ai job:', err));
      return writes;
    },
    async end() {
      ended = true;
      await writes;
      try {
        await (await db()).delete('jobs', record.id);
      } finally {
        release();
      }
    },
  };
}

/** Jobs left by a tab that is gone: recorded, and no tab holding their lock. Oldest first. */
export async function interruptedJobs(): Promise<UnfinishedJob[]> {
  const all = await (await db()).getAll('jobs');
  if (all.length === 0) return [];
  const state = await navigator.locks.query();
  const running = new Set([...(state.held ?? []), ...(state.pending ?? [])].map((l) => l.name));
  return all.filter((j) => !running.has(LOCK_PREFIX + j.id)).sort((a, b) => a.startedAt - b.startedAt);
}

export async function discardJob(id: string): Promise<void> {
  await (await db()).delete('jobs', id);
}
