// Runs the real @fal-ai/client, through src/services/fal.ts, against a local fake of fal's REST
// API. A global fetch replacement sends fal's hosts to the fake on 127.0.0.1 and refuses
// everything else, so nothing leaves the machine.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkFalKey, DEFAULT_FAL_ENDPOINT, runFalMatting, type FalConfig, type FalPhaseUpdate } from '../../src/services/fal';
import { FalError } from '../../src/core/falErrors';
import { FAKE_FAL_KEY, startFakeFal, type FakeFalBehaviour, type RunningFakeFal } from '../fakes/fal.mjs';

const KEY = FAKE_FAL_KEY;
const FIXTURE = fileURLToPath(new URL('../fixtures/out/person-720p-fal-mask.mp4', import.meta.url));
// The real fixture when made (npm run fixtures), else a few recognisable bytes.
const MASK = existsSync(FIXTURE) ? readFileSync(FIXTURE) : Buffer.from('\0\0\0\x18ftypisomfake-mask-bytes-for-tests');
const VIDEO = new Blob([new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 1, 2, 3, 4])], { type: 'video/mp4' });
const CLIP = { durationSec: 3, width: 1280, height: 720, fps: 30 };

let fake: RunningFakeFal | undefined;
let current: typeof fetch | undefined;
const realFetch = globalThis.fetch;

beforeAll(() => {
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    if (!current) throw new Error('Test tried to reach the network with no fake running');
    return current(input, init);
  });
});
afterAll(() => vi.unstubAllGlobals());

async function serve(behaviour: FakeFalBehaviour = {}): Promise<FalConfig> {
  fake = await startFakeFal({ behaviour: { mask: MASK, ...behaviour } });
  current = fake.fetch;
  return { key: KEY, endpoint: DEFAULT_FAL_ENDPOINT };
}

afterEach(async () => {
  if (fake) {
    // Whatever happened: the key was never in a URL, only ever sent as `Authorization: Key` to
    // fal's API hosts, and never to the storage or media hosts.
    for (const r of fake.requests) {
      expect(r.keyInUrl, r.url).toBe(false);
      expect(r.url).not.toContain(KEY);
      if (r.host === 'rest.fal.ai' || r.host === 'queue.fal.run') {
        expect(r.authScheme, `${r.method} ${r.url}`).toBe('Key');
      } else {
        expect(r.authHeader, `${r.method} ${r.url}`).toBe(false);
      }
    }
    await fake.close();
    fake = undefined;
    current = undefined;
  }
});

function recorder() {
  const phases: FalPhaseUpdate[] = [];
  return { phases, onPhase: (p: FalPhaseUpdate) => void phases.push(p) };
}

async function failure(p: Promise<unknown>): Promise<FalError> {
  const err = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FalError);
  const f = err as FalError;
  expect(f.name).toBe('FalError');
  expect(f.message).not.toContain(KEY);
  expect(f.message).not.toMatch(/\{|detail|"|https?:|secret-path|value_error/);
  expect(JSON.stringify(f)).not.toContain(KEY);
  expect(String(f.stack)).not.toContain(KEY);
  return f;
}

const fast = { pollIntervalMs: 5 };

describe('runFalMatting', () => {
  it('uploads, queues, polls and downloads the real mask bytes, reporting every phase', async () => {
    const cfg = await serve();
    const r = recorder();
    const blob = await runFalMatting(cfg, VIDEO, { ...fast, onPhase: r.onPhase, clip: CLIP });
    expect(blob.type).toBe('video/mp4');
    expect(Buffer.from(await blob.arrayBuffer()).equals(MASK)).toBe(true);

    const kinds = fake!.requests.map((q) => q.kind);
    expect(kinds).toEqual(['initiate', 'upload', 'submit', 'status', 'status', 'status', 'status', 'status', 'result', 'media']);
    const [initiate, upload, submit] = fake!.requests;
    expect(initiate).toMatchObject({ method: 'POST', host: 'rest.fal.ai', path: '/storage/upload/initiate', query: '?storage_type=fal-cdn-v3', keyInAuthHeader: true });
    expect(initiate!.body).toMatchObject({ content_type: 'video/mp4' });
    expect(upload).toMatchObject({ method: 'PUT', authHeader: false, bytes: VIDEO.size, contentType: 'video/mp4' });
    expect(submit).toMatchObject({ method: 'POST', host: 'queue.fal.run', path: '/fal-ai/birefnet/v2/video', keyInAuthHeader: true });
    expect(submit!.body).toMatchObject({ output_mask: true });
    const videoUrl = (submit!.body as { video_url: string }).video_url;
    expect(videoUrl).toMatch(/^https:\/\/v3\.fal\.media\/files\/uploads\//);
    // The uploaded bytes are the video's.
    expect(Buffer.from(fake!.uploaded(videoUrl)!)).toEqual(Buffer.from(await VIDEO.arrayBuffer()));
    // Status/result paths drop the endpoint's sub-path, like the real client.
    const status = fake!.requests.find((q) => q.kind === 'status')!;
    expect(status.path).toMatch(/^\/fal-ai\/birefnet\/requests\/req-\d+-fake\/status$/);
    expect(status.query).toBe('?logs=0');
    expect(fake!.requests.find((q) => q.kind === 'result')!.path).toMatch(/^\/fal-ai\/birefnet\/requests\/req-\d+-fake$/);
    expect(fake!.blocked).toEqual([]);

    const names = r.phases.map((p) => p.phase);
    expect(names[0]).toBe('upload');
    expect(names.indexOf('queue')).toBeGreaterThan(names.lastIndexOf('upload'));
    expect(names.indexOf('processing')).toBeGreaterThan(names.lastIndexOf('queue'));
    expect(names.indexOf('download')).toBeGreaterThan(names.lastIndexOf('processing'));
    expect(names[names.length - 1]).toBe('download');
    expect(r.phases.filter((p) => p.phase === 'queue').map((p) => p.queuePosition)).toEqual([2, 2, 1, 0]);
    expect(r.phases[r.phases.length - 1]).toEqual({ phase: 'download', fraction: 1 });
    expect(fake!.counts.cancel).toBe(0);
  });

  it('runs BEN and takes its transparent webm as the mask', async () => {
    const cfg = await serve();
    const blob = await runFalMatting({ ...cfg, endpoint: 'fal-ai/ben/v2/video' }, VIDEO, { ...fast, onPhase: () => {} });
    expect(blob.type).toBe('video/webm');
    expect(Buffer.from(await blob.arrayBuffer()).equals(MASK)).toBe(true);
    expect(fake!.requests.find((q) => q.kind === 'submit')!.body).toMatchObject({ output_format: 'webm' });
  });

  it('refuses a clip over the frame cap before uploading anything', async () => {
    const cfg = await serve();
    const err = await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {}, clip: { ...CLIP, durationSec: 30 } }));
    expect(err.problem).toBe('validation');
    expect(err.message).toMatch(/900 frames.*512.*on-device matting/);
    expect(fake!.requests).toHaveLength(0);
  });

  it('refuses an empty or non-ASCII key and an unknown endpoint without a request', async () => {
    const cfg = await serve();
    expect(await failure(runFalMatting({ ...cfg, key: '  ' }, VIDEO, { onPhase: () => {} }))).toMatchObject({ problem: 'invalid-key' });
    expect(await failure(runFalMatting({ ...cfg, key: 'abc—def:ghi123' }, VIDEO, { onPhase: () => {} }))).toMatchObject({ problem: 'invalid-key' });
    expect(await failure(runFalMatting({ ...cfg, endpoint: 'fal-ai/nope' }, VIDEO, { onPhase: () => {} }))).toMatchObject({ problem: 'validation' });
    expect(fake!.requests).toHaveLength(0);
  });

  it('names a wrong key (401) at upload', async () => {
    const cfg = await serve();
    const err = await failure(runFalMatting({ ...cfg, key: 'wrong-key-id:0000000000000000' }, VIDEO, { ...fast, onPhase: () => {} }));
    expect(err).toMatchObject({ problem: 'invalid-key', retryable: false });
    expect(err.message).toContain('fal.ai/dashboard/keys');
    expect(fake!.counts.submit).toBe(0);
  });

  it('names an exhausted balance (403 User is locked)', async () => {
    const cfg = await serve({ account: 'exhausted' });
    const err = await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {} }));
    expect(err).toMatchObject({ problem: 'no-balance', retryable: false });
    expect(err.message).toMatch(/balance/);
  });

  it('names a 403 at submit as no-balance', async () => {
    const cfg = await serve({ submit: 403 });
    expect(await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {} }))).toMatchObject({ problem: 'no-balance' });
  });

  it('names a 422 at submit in plain words (ValidationError), without echoing the body', async () => {
    const cfg = await serve({ submit: 422 });
    const err = await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {} }));
    expect(err).toMatchObject({ problem: 'validation', status: 422 });
    expect(err.message).toMatch(/couldn't use this video/);
  });

  it('names a 422 from the finished job (too many frames)', async () => {
    const cfg = await serve({ result: 'too-many-frames' });
    const err = await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {} }));
    expect(err).toMatchObject({ problem: 'validation' });
    expect(err.message).toMatch(/too many frames/);
  });

  it('names 429 at submit, with exactly one submit (no automatic resubmission)', async () => {
    const cfg = await serve({ submit: 429 });
    const err = await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {} }));
    expect(err).toMatchObject({ problem: 'rate-limit', retryable: true, status: 429 });
    expect(fake!.counts.submit).toBe(1);
  });

  it('names 500 at submit, with exactly one submit', async () => {
    const cfg = await serve({ submit: 500 });
    const err = await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {} }));
    expect(err).toMatchObject({ problem: 'server', retryable: true });
    expect(fake!.counts.submit).toBe(1);
  });

  it('names a dropped connection at submit as a network problem, with one submit', async () => {
    const cfg = await serve({ submit: 'drop' });
    expect(await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {} }))).toMatchObject({ problem: 'network' });
    expect(fake!.counts.submit).toBe(1);
  });

  it('names a failed upload PUT without blaming the key', async () => {
    const cfg = await serve({ upload: 403 });
    const err = await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {} }));
    expect(err.problem).toBe('network');
    expect(err.message).toMatch(/uploaded/);
  });

  it('times out a job that never finishes and cancels it on fal', async () => {
    const cfg = await serve({ never: true });
    const r = recorder();
    // Long enough for the upload and the first polls on a loaded machine (300 ms once timed out before any poll).
    const err = await failure(runFalMatting(cfg, VIDEO, { pollIntervalMs: 5, timeoutMs: 2000, onPhase: r.onPhase }));
    expect(err).toMatchObject({ problem: 'timeout', retryable: true });
    expect(err.message).toMatch(/took longer than/);
    expect(fake!.counts.cancel).toBe(1);
    const cancel = fake!.requests.find((q) => q.kind === 'cancel')!;
    expect(cancel).toMatchObject({ method: 'PUT', host: 'queue.fal.run', keyInAuthHeader: true });
    expect(cancel.path).toMatch(/^\/fal-ai\/birefnet\/requests\/req-\d+-fake\/cancel$/);
    expect([...fake!.jobs.values()][0]!.cancelled).toBe(true);
    expect(r.phases.some((p) => p.phase === 'processing')).toBe(true);
    expect(fake!.counts.result).toBe(0);
  });

  it('on abort, rejects with the AbortError and cancels the fal job', async () => {
    const cfg = await serve({ never: true });
    const ctl = new AbortController();
    const p = runFalMatting(cfg, VIDEO, {
      pollIntervalMs: 5,
      signal: ctl.signal,
      onPhase: (ph) => {
        if (ph.phase === 'processing') ctl.abort();
      },
    });
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe('AbortError');
    expect(fake!.counts.cancel).toBe(1);
  });

  it('an abort before starting sends nothing', async () => {
    const cfg = await serve();
    const ctl = new AbortController();
    ctl.abort();
    await expect(runFalMatting(cfg, VIDEO, { signal: ctl.signal, onPhase: () => {} })).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake!.requests).toHaveLength(0);
  });

  for (const [label, url] of [
    ['http:', 'http://v3.fal.media/files/fake/mask.mp4'],
    ['another host', 'https://evil.example/mask.mp4'],
    ['an IP address', 'https://127.0.0.1/mask.mp4'],
    ['a look-alike host', 'https://fal.media.evil.com/mask.mp4'],
    ['a data: URL', 'data:video/mp4;base64,AAAA'],
  ] as const) {
    it(`refuses a result link on ${label} without fetching it`, async () => {
      const cfg = await serve({ resultMaskUrl: url });
      const err = await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {} }));
      expect(err).toMatchObject({ problem: 'bad-result' });
      expect(err.message).toMatch(/doesn't trust/);
      expect(fake!.blocked).toEqual([]);
      expect(fake!.counts.media).toBe(0);
    });
  }

  it('refuses a result with no mask', async () => {
    const cfg = await serve({ result: 'no-mask' });
    expect(await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {} }))).toMatchObject({ problem: 'bad-result' });
  });

  it('refuses a mask served with the wrong content type', async () => {
    const cfg = await serve({ maskContentType: 'text/html; charset=utf-8' });
    const err = await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {} }));
    expect(err).toMatchObject({ problem: 'bad-result' });
    expect(err.message).toMatch(/isn't a video/);
  });

  it('refuses an oversized mask by its declared length', async () => {
    const cfg = await serve({ media: 'oversized', oversizeBytes: 2 * 1024 * 1024 });
    const err = await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {}, maxMaskBytes: 1024 * 1024 + MASK.length }));
    expect(err).toMatchObject({ problem: 'bad-result' });
    expect(err.message).toMatch(/larger than expected/);
  });

  it('refuses an oversized mask sent without a length, stopping mid-stream', async () => {
    const cfg = await serve({ media: 'oversized-chunked', oversizeBytes: 4 * 1024 * 1024 });
    const err = await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {}, maxMaskBytes: 1024 * 1024 + MASK.length }));
    expect(err).toMatchObject({ problem: 'bad-result' });
  });

  it('refuses a mask whose size the result says is over the cap, before downloading', async () => {
    const cfg = await serve();
    const err = await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {}, maxMaskBytes: 16 }));
    expect(err).toMatchObject({ problem: 'bad-result' });
    expect(fake!.counts.media).toBe(0);
  });

  it('refuses a mask whose metadata does not match the clip', async () => {
    const cfg = await serve({ maskMeta: { num_frames: 60, width: 1280, height: 720 } });
    const err = await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {}, clip: CLIP }));
    expect(err).toMatchObject({ problem: 'bad-result' });
    expect(err.message).toMatch(/doesn't match your clip/);
  });

  it('refuses an empty mask', async () => {
    const cfg = await serve({ media: 'empty' });
    expect(await failure(runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {} }))).toMatchObject({ problem: 'bad-result' });
  });

  it('uses a client per call: two keys at once do not mix', async () => {
    const cfg = await serve();
    const [good, bad] = await Promise.allSettled([
      runFalMatting(cfg, VIDEO, { ...fast, onPhase: () => {} }),
      runFalMatting({ ...cfg, key: 'other-key:1234567890' }, VIDEO, { ...fast, onPhase: () => {} }),
    ]);
    expect(good.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
    expect((bad as PromiseRejectedResult).reason).toMatchObject({ problem: 'invalid-key' });
  });
});

describe('checkFalKey', () => {
  it('accepts a good key with one POST to the upload initiate call, key in the header', async () => {
    await serve();
    await expect(checkFalKey(KEY)).resolves.toBeUndefined();
    expect(fake!.requests).toHaveLength(1);
    expect(fake!.requests[0]).toMatchObject({ method: 'POST', host: 'rest.fal.ai', path: '/storage/upload/initiate', keyInAuthHeader: true, keyInUrl: false });
    expect(fake!.counts.upload).toBe(0);
  });

  it('trims a pasted key', async () => {
    await serve();
    await expect(checkFalKey(`  ${KEY}\n`)).resolves.toBeUndefined();
  });

  it('names a wrong key (401) and a locked account (403)', async () => {
    await serve();
    expect(await failure(checkFalKey('wrong-key-id:0000000000000000'))).toMatchObject({ problem: 'invalid-key', status: 401 });
    await fake!.close();
    await serve({ account: 'locked' });
    const err = await failure(checkFalKey(KEY));
    expect(err).toMatchObject({ problem: 'no-balance', status: 403 });
    expect(err.message).toMatch(/locked/);
  });

  it('refuses a malformed key without a request', async () => {
    await serve();
    expect(await failure(checkFalKey(''))).toMatchObject({ problem: 'invalid-key' });
    expect(await failure(checkFalKey('has space:1234567'))).toMatchObject({ problem: 'invalid-key' });
    expect(fake!.requests).toHaveLength(0);
  });

  it('names a network failure', async () => {
    await serve();
    current = () => Promise.reject(new TypeError('fetch failed'));
    expect(await failure(checkFalKey(KEY))).toMatchObject({ problem: 'network' });
  });
});

// Keep the real fetch reachable for anyone debugging this file.
void realFetch;

describe('runFalMatting never pays twice for one clip', () => {
  it('keeps the paid job when the mask download is lost, and fetching it again uploads and submits nothing', async () => {
    const cfg = await serve({ media: ['drop', 'ok'] });
    const seen: (string | null)[] = [];
    const onRequest = (id: string | null) => void seen.push(id);
    const f = await failure(runFalMatting(cfg, VIDEO, { ...recorder(), ...fast, onRequest }));
    expect(f.problem).toBe('network');
    expect(seen).toHaveLength(1);
    const paid = seen[0]!;
    expect(paid).toMatch(/^req-/);

    const mask = await runFalMatting(cfg, VIDEO, { ...recorder(), ...fast, onRequest, resume: paid });
    expect(new Uint8Array(await mask.arrayBuffer())).toEqual(new Uint8Array(MASK));
    expect(fake!.counts.submit).toBe(1);
    expect(fake!.counts.upload).toBe(1);
    expect(fake!.counts.result).toBe(2);
    expect(seen).toEqual([paid]);
  });

  it('forgets a job that failed itself, so the next try submits a new one', async () => {
    const cfg = await serve({ result: [422, 'ok'] });
    const seen: (string | null)[] = [];
    await failure(runFalMatting(cfg, VIDEO, { ...recorder(), ...fast, onRequest: (id) => void seen.push(id) }));
    expect(seen).toEqual([expect.stringMatching(/^req-/), null]);
  });

  it('submits anew when fal no longer knows the paid job', async () => {
    const cfg = await serve();
    const seen: (string | null)[] = [];
    const mask = await runFalMatting(cfg, VIDEO, { ...recorder(), ...fast, resume: 'req-9999-gone', onRequest: (id) => void seen.push(id) });
    expect(mask.size).toBe(MASK.length);
    expect(fake!.counts.submit).toBe(1);
    expect(seen).toEqual([null, expect.stringMatching(/^req-/)]);
  });

  it('forgets a job it cancelled', async () => {
    const cfg = await serve({ never: true });
    const seen: (string | null)[] = [];
    const controller = new AbortController();
    const run = runFalMatting(cfg, VIDEO, {
      ...fast,
      signal: controller.signal,
      onPhase: (p) => p.phase === 'processing' && controller.abort(),
      onRequest: (id) => void seen.push(id),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake!.counts.cancel).toBe(1);
    expect(seen).toEqual([expect.stringMatching(/^req-/), null]);
  });
});

describe('runFalMatting with a clip over 90 MB (the client uploads it in 10 MB parts)', () => {
  const MB = 1024 * 1024;
  const big = () => {
    const bytes = new Uint8Array(200 * MB);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i / 4096) % 251;
    return { bytes, blob: new Blob([bytes], { type: 'video/mp4' }) };
  };

  it('uploads every part once, completes the upload once and runs one job on the whole file', async () => {
    const cfg = await serve();
    const { bytes, blob } = big();
    const mask = await runFalMatting(cfg, blob, { ...recorder(), ...fast });
    expect(mask.size).toBe(MASK.length);
    expect(fake!.counts).toMatchObject({ initiateMultipart: 1, part: 20, complete: 1, initiate: 0, upload: 0, submit: 1 });
    const job = [...fake!.jobs.values()][0]!;
    const sent = fake!.uploaded((job.input as { video_url: string }).video_url);
    expect(sent?.length).toBe(bytes.length);
    expect(Buffer.compare(Buffer.from(sent!), Buffer.from(bytes))).toBe(0);
  }, 60_000);

  it('Cancel mid-upload stops the parts, completes nothing and submits nothing', async () => {
    const cfg = await serve({ latencyMs: (r) => (r.kind === 'part' ? 150 : 0) });
    // Every try of a part the client makes, answered or not (an aborted fetch never reaches the fake).
    const tries: { part: string; failed: boolean }[] = [];
    const viaFake = current!;
    current = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const part = /\/multipart\/[^/]+\/[^/]+\/(\d+|complete)/.exec(new URL(url).pathname)?.[1];
      const entry = part ? { part, failed: false } : null;
      if (entry) tries.push(entry);
      try {
        return await viaFake(input, init);
      } catch (err) {
        if (entry) entry.failed = true;
        throw err;
      }
    };
    const controller = new AbortController();
    const { blob } = big();
    const run = runFalMatting(cfg, blob, { ...recorder(), ...fast, signal: controller.signal });
    await vi.waitFor(() => expect(fake!.counts.part).toBeGreaterThanOrEqual(3), { timeout: 20_000 });
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    // The client tries a part 3 times before it gives the upload up: wait for that, its last act.
    await vi.waitFor(() => expect(tries.filter((t) => t.failed)).toHaveLength(3), { timeout: 10_000 });
    const stopped = tries.filter((t) => t.failed).map((t) => t.part);
    expect(new Set(stopped).size).toBe(1);
    // Nothing after the part that was cut off: no later part, no "complete", no job.
    expect(tries.at(-1)?.part).toBe(stopped[0]);
    expect(fake!.counts.complete).toBe(0);
    expect(fake!.counts.submit).toBe(0);
    // fal's client has no call to abort a multipart upload: the parts sent stay at fal, unused.
    expect(fake!.openMultiparts).toBe(1);
  }, 60_000);
});
