/**
 * The one way a worker answers a call: its value, or its error as data (see protocol/outcome).
 * Byte results named by `moves` go to the page without a copy. Errors that are not ours (a
 * RestyleError already says what to do) are logged here, in the worker, where their stack is.
 */
import { transfer } from 'comlink';
import { RestyleError, toErrorInfo } from '../../core/errors';
import type { Outcome } from '../../protocol/outcome';

export async function settle<T>(worker: string, work: () => Promise<T>, moves?: (value: T) => Transferable[]): Promise<Outcome<T>> {
  try {
    const value = await work();
    const moved = moves?.(value) ?? [];
    const answer: Outcome<T> = { ok: true, value };
    return moved.length > 0 ? transfer(answer, moved) : answer;
  } catch (err) {
    if (!(err instanceof RestyleError)) console.warn(`${worker} worker:`, err);
    return { ok: false, error: toErrorInfo(err) };
  }
}
