/**
 * Makes the profile's backgrounds with Gemini: two at a time, each slot's status saved as it
 * changes (so a reload shows the truth), rate limits and server errors (not billed) retried with
 * backoff, anything that may have been billed left to the person's "Try again",
 * key problems stopping the run, and every finished image kept even if others fail.
 */
import pLimit from 'p-limit';
import { BACKGROUND_COUNT, backgroundPrompt } from '../core/backgroundPrompts';
import { backoffDelayMs, GeminiError, retryWithoutAsking } from '../core/geminiErrors';
import { toBase64 } from '../core/profileExport';
import { RestyleError, toErrorInfo } from '../core/errors';
import type { GeminiConfig } from '../services/gemini';
import { loadProfile, resetInterruptedSlots, updateSlot } from '../services/storage/profile';
import { pictureSize } from '../media/pictures';

export const GENERATION_LOCK = 'restyle-generation';
export const PARALLEL_REQUESTS = 2;
export const MAX_ATTEMPTS = 4;

export interface GenerationOptions {
  config: GeminiConfig;
  signal?: AbortSignal;
  /** Injected in tests to skip real waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new DOMException('Aborted', 'AbortError'));
      },
      { once: true },
    );
  });
}

/** A full disk's plain words (the image was made but could not be kept), else null. */
function storageMessage(err: unknown): string | null {
  const info = toErrorInfo(err);
  return info.code === 'storage' ? info.message : null;
}

/** Is another tab making backgrounds right now? */
export async function generationRunningElsewhere(): Promise<boolean> {
  if (!('locks' in navigator)) return false;
  const state = await navigator.locks.query();
  return (state.held ?? []).some((l) => l.name === GENERATION_LOCK);
}

/** On start-up: slots left "generating" by a closed or reloaded tab go back to pending. */
export async function recoverInterrupted(): Promise<void> {
  if (!(await generationRunningElsewhere())) await resetInterruptedSlots();
}

/**
 * Generates the given slots (default: every slot not ready). Resolves when all are settled;
 * each slot ends ready, failed (with plain words) or, if cancelled, pending again.
 */
export async function generateBackgrounds(opts: GenerationOptions, only?: readonly number[]): Promise<void> {
  const run = async () => {
    // The Gemini SDK is big: load it only when backgrounds are really being made.
    const { generateBackgroundImage } = await import('../services/gemini');
    const loaded = await loadProfile();
    if (!loaded) throw new RestyleError('failed', 'Take a selfie first.');
    const indices = (only ?? Array.from({ length: BACKGROUND_COUNT }, (_, i) => i)).filter(
      (i) => loaded.profile.slots[i]?.status !== 'ready',
    );
    const selfie = { mimeType: loaded.selfie.blob.type || 'image/jpeg', base64: toBase64(new Uint8Array(await loaded.selfie.blob.arrayBuffer())) };
    const wait = opts.sleep ?? sleep;
    // Set from inside `one` (typed so, or TypeScript would take it for null below).
    let keyProblem = null as GeminiError | null;

    const one = async (index: number) => {
      if (keyProblem || opts.signal?.aborted) return;
      await updateSlot(index, { status: 'generating' });
      for (let attempt = 1; ; attempt++) {
        try {
          const image = await generateBackgroundImage(opts.config, selfie, backgroundPrompt(index), opts.signal);
          const blob = new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.mimeType });
          await updateSlot(index, { status: 'ready' }, { blob, ...(await pictureSize(blob)) });
          return;
        } catch (err) {
          if (opts.signal?.aborted) {
            await updateSlot(index, { status: 'pending' });
            return;
          }
          const g = err instanceof GeminiError ? err : null;
          // Sent again by itself only when that attempt cost nothing; else it waits for "Try again".
          if (g && retryWithoutAsking(g) && attempt < MAX_ATTEMPTS) {
            try {
              await wait(backoffDelayMs(attempt, g.retryAfterSec), opts.signal);
              continue;
            } catch {
              await updateSlot(index, { status: 'pending' });
              return;
            }
          }
          if (g && (g.problem === 'invalid-key' || g.problem === 'no-model-access')) keyProblem = g;
          await updateSlot(index, {
            status: 'failed',
            error: g ? g.message : storageMessage(err) ?? "This background couldn't be made. Try again.",
          });
          return;
        }
      }
    };

    const limit = pLimit(PARALLEL_REQUESTS);
    await Promise.all(indices.map((i) => limit(() => one(i))));
    if (keyProblem) throw keyProblem;
  };

  if (!('locks' in navigator)) return whileWarningOnLeave(run);
  return navigator.locks.request(GENERATION_LOCK, { ifAvailable: true }, async (lock) => {
    if (!lock) throw new RestyleError('failed', 'Backgrounds are already being made in another tab.');
    await whileWarningOnLeave(run);
  });
}

/**
 * Leaving the page while images are being made throws away answers already paid for, so the
 * browser asks first (its own "Leave site?" dialog) for as long as `work` runs.
 */
async function whileWarningOnLeave(work: () => Promise<void>): Promise<void> {
  const warn = (e: BeforeUnloadEvent) => {
    e.preventDefault();
    // Older browsers show the dialog only when returnValue is set.
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', warn);
  try {
    await work();
  } finally {
    window.removeEventListener('beforeunload', warn);
  }
}
