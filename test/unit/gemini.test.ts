// Runs the real @google/genai SDK, through src/services/gemini.ts, against a local fake of the
// Gemini REST API. Nothing leaves 127.0.0.1.
import { afterEach, beforeAll, afterAll, describe, expect, it, vi } from 'vitest';
import { backgroundPrompt } from '../../src/core/backgroundPrompts';
import { DEFAULT_GEMINI_MODEL } from '../../src/core/domain';
import { GeminiError } from '../../src/core/geminiErrors';
import {
  checkGeminiKey,
  generateBackgroundImage,
  type GeminiConfig,
} from '../../src/services/gemini';
import {
  encodePng,
  FAKE_GEMINI_KEY,
  fakeImageColour,
  readPng,
  startFakeGemini,
  type FakeGeminiBehaviour,
  type RunningFakeGemini,
} from '../fakes/gemini.mjs';

const KEY = FAKE_GEMINI_KEY;
const SELFIE = { mimeType: 'image/png', base64: encodePng(8, 8, [200, 150, 120]).toString('base64') };
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let fake: RunningFakeGemini | undefined;
async function serve(behaviour: FakeGeminiBehaviour = {}): Promise<GeminiConfig> {
  fake = await startFakeGemini({ behaviour });
  return { apiKey: KEY, model: DEFAULT_GEMINI_MODEL, baseUrl: fake.url };
}

// Guard: any request that is not to the local fake fails the test instead of leaving the machine.
const realFetch = globalThis.fetch;
beforeAll(() => {
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('http://127.0.0.1:')) throw new Error(`Test tried to reach the network: ${new URL(url).origin}`);
    return realFetch(input, init);
  });
});
afterAll(() => vi.unstubAllGlobals());

afterEach(async () => {
  if (fake) {
    // Whatever the test did, the key never travelled in a URL, and always in the header.
    for (const r of fake.requests) {
      expect(r.keyInUrl, r.url).toBe(false);
      expect(r.url).not.toContain(KEY);
    }
    await fake.close();
    fake = undefined;
  }
});

async function failure(p: Promise<unknown>): Promise<GeminiError> {
  const err = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GeminiError);
  const g = err as GeminiError;
  expect(g.name).toBe('GeminiError');
  expect(g.message).not.toContain(KEY);
  expect(g.message).not.toMatch(/\{|"error"|RESOURCE_EXHAUSTED|INVALID_ARGUMENT|PERMISSION_DENIED/);
  expect(JSON.stringify(g)).not.toContain(KEY);
  expect(String(g.stack)).not.toContain(KEY);
  return g;
}

describe('checkGeminiKey', () => {
  it('accepts a good key with one GET of the model, key in the x-goog-api-key header', async () => {
    const cfg = await serve();
    await expect(checkGeminiKey(cfg)).resolves.toBeUndefined();
    expect(fake!.requests).toHaveLength(1);
    expect(fake!.requests[0]).toMatchObject({
      method: 'GET',
      url: '/v1beta/models/gemini-2.5-flash-image',
      keyInHeader: true,
      keyInUrl: false,
    });
  });

  it('names an invalid key (400 API_KEY_INVALID)', async () => {
    const cfg = await serve();
    const err = await failure(checkGeminiKey({ ...cfg, apiKey: 'AIzaSy-wrong-key-00000000000000000000' }));
    expect(err).toMatchObject({ problem: 'invalid-key', retryable: false, status: 400 });
    expect(err.message).toBe("Gemini didn't accept this API key. Check it in Google AI Studio and paste it again.");
  });

  it('refuses an empty or non-ASCII key without a request', async () => {
    const cfg = await serve();
    expect(await failure(checkGeminiKey({ ...cfg, apiKey: '  ' }))).toMatchObject({ problem: 'invalid-key' });
    expect(await failure(checkGeminiKey({ ...cfg, apiKey: 'AIzaSy—dash' }))).toMatchObject({ problem: 'invalid-key' });
    expect(fake!.requests).toHaveLength(0);
  });

  it('trims a pasted key', async () => {
    const cfg = await serve();
    await expect(checkGeminiKey({ ...cfg, apiKey: `  ${KEY}\n` })).resolves.toBeUndefined();
  });

  it('names no access to the image model (403)', async () => {
    const cfg = await serve({ keyAccess: 'no-access' });
    expect(await failure(checkGeminiKey(cfg))).toMatchObject({ problem: 'no-model-access', retryable: false, status: 403 });
  });

  it('names an unknown model (404)', async () => {
    const cfg = await serve();
    const err = await failure(checkGeminiKey({ ...cfg, model: 'gemini-0-imaginary-image' }));
    expect(err).toMatchObject({ problem: 'no-model-access', status: 404 });
  });

  it('names a leaked key (403) as a key problem', async () => {
    const cfg = await serve({ keyAccess: 'leaked' });
    expect(await failure(checkGeminiKey(cfg))).toMatchObject({ problem: 'invalid-key', status: 403 });
  });

  it('names quota (429), retryable with the server delay', async () => {
    const cfg = await serve({ get: [429] });
    expect(await failure(checkGeminiKey(cfg))).toMatchObject({ problem: 'quota', retryable: true, retryAfterSec: 17, status: 429 });
  });

  it('names a network failure', async () => {
    const cfg = await serve();
    const url = fake!.url;
    await fake!.close();
    fake = undefined;
    expect(await failure(checkGeminiKey({ ...cfg, baseUrl: url }))).toMatchObject({ problem: 'network', retryable: true });
  });
});

describe('generateBackgroundImage', () => {
  it('sends the selfie and prompt, asks for an image at 9:16, returns real PNG bytes', async () => {
    const cfg = await serve();
    const prompt = backgroundPrompt(1);
    const img = await generateBackgroundImage(cfg, SELFIE, prompt);
    expect(img.mimeType).toBe('image/png');
    expect(img.bytes).toBeInstanceOf(Uint8Array);
    expect([...img.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const png = readPng(img.bytes);
    expect(png).toMatchObject({ width: 288, height: 512 });
    expect(png.width / png.height).toBeCloseTo(9 / 16, 5);
    expect(png.topLeft).toEqual(fakeImageColour(prompt));

    expect(fake!.requests).toHaveLength(1);
    const req = fake!.requests[0]!;
    expect(req).toMatchObject({ method: 'POST', url: '/v1beta/models/gemini-2.5-flash-image:generateContent', keyInHeader: true });
    expect(req.body).toEqual({
      contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: SELFIE.base64 } }, { text: prompt }] }],
      generationConfig: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '9:16' } },
    });
  });

  it('gives different images for different prompts', async () => {
    const cfg = await serve();
    const a = readPng((await generateBackgroundImage(cfg, SELFIE, backgroundPrompt(0))).bytes);
    const b = readPng((await generateBackgroundImage(cfg, SELFIE, backgroundPrompt(2))).bytes);
    expect(a.topLeft).not.toEqual(b.topLeft);
  });

  it.each([
    [429, 'quota', 17],
    [500, 'server', undefined],
    [503, 'server', undefined],
  ] as const)('%i -> retryable %s, one request (the SDK does not retry)', async (status, problem, retryAfterSec) => {
    const cfg = await serve({ generate: [status] });
    const err = await failure(generateBackgroundImage(cfg, SELFIE, backgroundPrompt(0)));
    expect(err).toMatchObject({ problem, retryable: true, status });
    expect(err.retryAfterSec).toBe(retryAfterSec);
    expect(fake!.requests).toHaveLength(1);
    // The next call (the caller's retry) succeeds.
    await expect(generateBackgroundImage(cfg, SELFIE, backgroundPrompt(0))).resolves.toMatchObject({ mimeType: 'image/png' });
  });

  it('reads a Retry-After header when there is no RetryInfo', async () => {
    const cfg = await serve({ generate: [503], retryAfterHeader: 7 });
    expect((await failure(generateBackgroundImage(cfg, SELFIE, 'x'))).retryAfterSec).toBe(7);
  });

  it('names a free-tier key without image quota as no access, not retryable', async () => {
    const cfg = await serve({ keyAccess: 'free-tier' });
    await expect(checkGeminiKey(cfg)).resolves.toBeUndefined();
    expect(await failure(generateBackgroundImage(cfg, SELFIE, 'x'))).toMatchObject({ problem: 'no-model-access', retryable: false, status: 429 });
  });

  it.each([
    [400, 'bad-request'],
    [403, 'no-model-access'],
    [404, 'no-model-access'],
  ] as const)('%i -> %s, not retryable', async (status, problem) => {
    const cfg = await serve({ generate: [status] });
    expect(await failure(generateBackgroundImage(cfg, SELFIE, 'x'))).toMatchObject({ problem, retryable: false, status });
  });

  it('names an invalid key during generation', async () => {
    const cfg = await serve();
    expect(await failure(generateBackgroundImage({ ...cfg, apiKey: 'AIzaSy-wrong' }, SELFIE, 'x'))).toMatchObject({ problem: 'invalid-key' });
  });

  it.each([
    ['blocked', true],
    ['safety', true],
    ['text-only', true],
    ['blocked-prompt', false],
  ] as const)('a 200 with no image (%s) -> blocked', async (outcome, retryable) => {
    const cfg = await serve({ generate: [outcome] });
    expect(await failure(generateBackgroundImage(cfg, SELFIE, 'x'))).toMatchObject({ problem: 'blocked', retryable, status: 200 });
  });

  it('names a dropped connection as a network problem', async () => {
    const cfg = await serve({ generate: ['drop'] });
    expect(await failure(generateBackgroundImage(cfg, SELFIE, 'x'))).toMatchObject({ problem: 'network', retryable: true });
  });

  it('cancels on abort with an AbortError, not a GeminiError', async () => {
    // The answer would take 30 s: had the abort been ignored, this test would hit its 5 s limit.
    const cfg = await serve({ latencyMs: 30_000 });
    const ac = new AbortController();
    const p = generateBackgroundImage(cfg, SELFIE, 'x', ac.signal);
    setTimeout(() => ac.abort(), 50);
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeInstanceOf(GeminiError);
    expect((err as Error).name).toBe('AbortError');
  });

  it('does not send at all when already aborted', async () => {
    const cfg = await serve();
    const ac = new AbortController();
    ac.abort();
    const err = await generateBackgroundImage(cfg, SELFIE, 'x', ac.signal).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
  });

  it('never logs the key', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    try {
      const cfg = await serve({ generate: [429, 'blocked', 'ok'] });
      await checkGeminiKey(cfg);
      await generateBackgroundImage(cfg, SELFIE, 'x').catch(() => {});
      await generateBackgroundImage(cfg, SELFIE, 'x').catch(() => {});
      await generateBackgroundImage(cfg, SELFIE, 'x');
      await checkGeminiKey({ ...cfg, apiKey: 'AIzaSy-wrong' }).catch(() => {});
      for (const spy of spies) for (const call of spy.mock.calls) expect(JSON.stringify(call)).not.toContain('AIzaSy');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
