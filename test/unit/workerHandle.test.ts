// The page's one worker handle, over a fake worker: lazy start, answers unwrapped, cancel, timeout, idle release.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RestyleError } from '../../src/core/errors';
import type { Outcome } from '../../src/protocol/outcome';
import { WorkerHandle, type Started } from '../../src/media/workerHandle';

interface FakeApi {
  echo(v: number): Promise<Outcome<number>>;
  fail(): Promise<Outcome<number>>;
  never(): Promise<Outcome<number>>;
}

function fakeWorkers() {
  const log: string[] = [];
  let n = 0;
  const start = (): Started<FakeApi> => {
    const id = ++n;
    log.push(`start ${id}`);
    return {
      api: {
        echo: (v) => Promise.resolve({ ok: true, value: v }),
        fail: () => Promise.resolve({ ok: false, error: { code: 'too-long', message: 'This clip is too long.' } }),
        never: () => new Promise<Outcome<number>>(() => undefined),
      },
      terminate: () => log.push(`terminate ${id}`),
    };
  };
  return { log, start };
}

const handleOf = (start: () => Started<FakeApi>, idleMs = 0) => new WorkerHandle(start, { idleMs });

describe('WorkerHandle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts the worker on the first call only', async () => {
    const { log, start } = fakeWorkers();
    const h = handleOf(start);
    expect(h.running).toBe(false);
    expect(await h.call((api) => api.echo(1))).toBe(1);
    expect(await h.call((api) => api.echo(2))).toBe(2);
    expect(log).toEqual(['start 1']);
  });

  it("throws a worker's failure as the RestyleError it described", async () => {
    const { start } = fakeWorkers();
    const err = await handleOf(start).call((api) => api.fail()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestyleError);
    expect(err).toMatchObject({ code: 'too-long', message: 'This clip is too long.' });
  });

  it('a cancelled call stops its worker and says cancelled; the next call starts a new one', async () => {
    const { log, start } = fakeWorkers();
    const h = handleOf(start);
    const ac = new AbortController();
    const pending = h.call((api) => api.never(), { signal: ac.signal });
    ac.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(h.running).toBe(false);
    expect(await h.call((api) => api.echo(3))).toBe(3);
    expect(log).toEqual(['start 1', 'terminate 1', 'start 2']);
  });

  it('a call already cancelled never starts a worker', async () => {
    const { log, start } = fakeWorkers();
    const ac = new AbortController();
    ac.abort();
    await expect(handleOf(start).call((api) => api.echo(1), { signal: ac.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(log).toEqual([]);
  });

  it('a call past its time stops the worker and fails with the given error', async () => {
    const { log, start } = fakeWorkers();
    const h = handleOf(start);
    const pending = h.call((api) => api.never(), { timeoutMs: 500, timeoutError: () => new RestyleError('bad-image', 'Too slow.') });
    const settled = pending.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(499);
    expect(h.running).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled).toMatchObject({ code: 'bad-image', message: 'Too slow.' });
    expect(log).toEqual(['start 1', 'terminate 1']);
  });

  it('is released after idleMs with nothing in flight, and starts again when called', async () => {
    const { log, start } = fakeWorkers();
    const h = handleOf(start, 1000);
    await h.call((api) => api.echo(1));
    await vi.advanceTimersByTimeAsync(999);
    expect(h.running).toBe(true);
    // A call in the meantime starts the wait again.
    await h.call((api) => api.echo(2));
    await vi.advanceTimersByTimeAsync(999);
    expect(h.running).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.running).toBe(false);
    await h.call((api) => api.echo(3));
    expect(log).toEqual(['start 1', 'terminate 1', 'start 2']);
  });

  it('is never released while a call is in flight or the worker is held', async () => {
    const { start } = fakeWorkers();
    const h = handleOf(start, 1000);
    void h.call((api) => api.never());
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.running).toBe(true);

    const g = handleOf(start, 1000);
    await g.call((api) => api.echo(1));
    const release = g.hold();
    await vi.advanceTimersByTimeAsync(5000);
    expect(g.running).toBe(true);
    release();
    release(); // twice is once
    await vi.advanceTimersByTimeAsync(1000);
    expect(g.running).toBe(false);
  });

  it("a stale call's cancel does not stop the worker that replaced its own", async () => {
    const { log, start } = fakeWorkers();
    const h = handleOf(start);
    const ac = new AbortController();
    const stale = h.call((api) => api.never(), { signal: ac.signal }).catch(() => undefined);
    h.terminate();
    await h.call((api) => api.echo(1));
    ac.abort();
    await stale;
    expect(h.running).toBe(true);
    expect(log).toEqual(['start 1', 'terminate 1', 'start 2']);
  });
});
