import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  classifyGeminiHttpError,
  classifyGeminiNetworkError,
  classifyGeminiNoImage,
  classifyGeminiThrown,
  findImagePart,
  GEMINI_MESSAGES,
  parseDurationSec,
  parseRetryAfterHeader,
  retryWithoutAsking,
  type GeminiFailure,
} from '../../src/core/geminiErrors';
import { ERRORS, errorBody } from '../fakes/gemini.mjs';

const KEY = 'AIzaSyD-secret-key-1234567890abcdefghij';
const MODEL = 'gemini-2.5-flash-image';

/** Server text that must never be shown: it echoes the key, like some real messages do. */
const echoing = (code: number, status: string, extra = '') =>
  errorBody(code, status, `Consumer 'api_key:${KEY}' request failed. RAW-SERVER-TEXT ${extra}`);

type Row = [label: string, status: number, body: unknown, problem: GeminiFailure['problem'], retryable: boolean];

const table: Row[] = [
  ['400 API_KEY_INVALID', 400, ERRORS.invalidKey(), 'invalid-key', false],
  ['400 key message only', 400, errorBody(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.'), 'invalid-key', false],
  ['400 key expired', 400, errorBody(400, 'INVALID_ARGUMENT', 'API key expired. Please renew the API key.'), 'invalid-key', false],
  ['400 as JSON text', 400, JSON.stringify(ERRORS.invalidKey()), 'invalid-key', false],
  ['401 unauthenticated', 401, ERRORS.unauthenticated(), 'invalid-key', false],
  ['403 permission denied', 403, ERRORS.permissionDenied(), 'no-model-access', false],
  ['403 no key sent', 403, ERRORS.noKey(), 'invalid-key', false],
  ['403 leaked key', 403, ERRORS.leaked(), 'invalid-key', false],
  [
    '403 referrer blocked',
    403,
    errorBody(403, 'PERMISSION_DENIED', 'Requests from referer http://localhost:5173/ are blocked.', [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_HTTP_REFERRER_BLOCKED', domain: 'googleapis.com' },
    ]),
    'invalid-key',
    false,
  ],
  [
    '403 service disabled',
    403,
    errorBody(403, 'PERMISSION_DENIED', 'Generative Language API has not been used in project 123 before or it is disabled.', [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SERVICE_DISABLED', domain: 'googleapis.com' },
    ]),
    'no-model-access',
    false,
  ],
  ['404 unknown model', 404, ERRORS.notFound('gemini-9-image', 'generateContent'), 'no-model-access', false],
  ['400 region', 400, ERRORS.region(), 'no-model-access', false],
  ['429 quota', 429, ERRORS.quota(MODEL, 17), 'quota', true],
  ['429 free tier limit 0', 429, ERRORS.quota(MODEL, 17, { freeTier: true }), 'no-model-access', false],
  ['500 internal', 500, ERRORS.internal(), 'server', true],
  ['502 html', 502, '<html>Bad Gateway</html>', 'server', true],
  ['503 unavailable', 503, ERRORS.unavailable(), 'server', true],
  ['504', 504, undefined, 'server', true],
  ['408', 408, undefined, 'server', true],
  ['400 other', 400, ERRORS.badRequest('* GenerateContentRequest.contents: contents is not specified'), 'bad-request', false],
  ['413', 413, 'Request Entity Too Large', 'bad-request', false],
  ['400 echoing server text', 400, echoing(400, 'INVALID_ARGUMENT'), 'bad-request', false],
  ['403 echoing server text', 403, echoing(403, 'PERMISSION_DENIED'), 'no-model-access', false],
  ['500 echoing server text', 500, echoing(500, 'INTERNAL'), 'server', true],
];

describe('classifyGeminiHttpError', () => {
  it.each(table)('%s', (_label, status, body, problem, retryable) => {
    const f = classifyGeminiHttpError(status, body);
    expect(f.problem).toBe(problem);
    expect(f.retryable).toBe(retryable);
    expect(f.message.length).toBeGreaterThan(20);
    expect(Object.values(GEMINI_MESSAGES)).toContain(f.message);
  });

  it('never puts the key or raw server text in the message', () => {
    for (const [, status, body] of table) {
      const f = classifyGeminiHttpError(status, body);
      expect(f.message).not.toContain(KEY);
      expect(f.message).not.toContain('RAW-SERVER-TEXT');
      expect(f.message).not.toContain('api_key');
      const raw = typeof body === 'string' ? body : JSON.stringify(body ?? '');
      const serverMessage = (body as { error?: { message?: string } } | undefined)?.error?.message;
      if (serverMessage) expect(f.message).not.toContain(serverMessage);
      expect(raw.includes(f.message)).toBe(false);
    }
  });

  it('says plainly what to do about a bad key', () => {
    expect(classifyGeminiHttpError(400, ERRORS.invalidKey()).message).toBe(
      "Gemini didn't accept this API key. Check it in Google AI Studio and paste it again.",
    );
  });

  it('reads RetryInfo.retryDelay for quota errors', () => {
    expect(classifyGeminiHttpError(429, ERRORS.quota(MODEL, 17)).retryAfterSec).toBe(17);
    expect(classifyGeminiHttpError(429, ERRORS.quota(MODEL, 0.5)).retryAfterSec).toBe(0.5);
  });

  it('falls back to the Retry-After header, and prefers RetryInfo', () => {
    expect(classifyGeminiHttpError(503, ERRORS.unavailable(), '9').retryAfterSec).toBe(9);
    expect(classifyGeminiHttpError(429, ERRORS.quota(MODEL, 17), '3').retryAfterSec).toBe(17);
    expect(classifyGeminiHttpError(500, ERRORS.internal()).retryAfterSec).toBeUndefined();
  });

  it('does not attach a retry delay to failures that are not retryable', () => {
    expect(classifyGeminiHttpError(400, ERRORS.invalidKey(), '5').retryAfterSec).toBeUndefined();
  });
});

describe('other failures', () => {
  it('names network failures and lets them be retried', () => {
    expect(classifyGeminiNetworkError()).toEqual({ problem: 'network', retryable: true, message: GEMINI_MESSAGES.network });
    expect(classifyGeminiThrown(new TypeError('fetch failed'))?.problem).toBe('network');
    expect(classifyGeminiThrown(new TypeError('Failed to fetch'))?.problem).toBe('network');
  });

  it('reads an SDK ApiError by shape: status plus the JSON body as message', () => {
    const apiError = Object.assign(new Error(JSON.stringify(ERRORS.quota(MODEL, 30))), { name: 'ApiError', status: 429 });
    expect(classifyGeminiThrown(apiError)).toMatchObject({ problem: 'quota', retryable: true, retryAfterSec: 30 });
  });

  it('leaves aborts to the caller', () => {
    expect(classifyGeminiThrown(new DOMException('aborted', 'AbortError'))).toBeUndefined();
  });

  it('calls anything unknown a server problem without echoing it', () => {
    const f = classifyGeminiThrown(new Error(`boom ${KEY}`));
    expect(f?.problem).toBe('server');
    expect(f?.message).not.toContain(KEY);
  });
});

describe('responses without an image', () => {
  const image = { candidates: [{ content: { parts: [{ text: 'hi' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }] }, finishReason: 'STOP' }] };

  it('finds the first image part', () => {
    expect(findImagePart(image)).toEqual({ mimeType: 'image/png', data: 'AAAA' });
    expect(classifyGeminiNoImage(image)).toBeUndefined();
  });

  it('calls a blocked prompt blocked, not retryable', () => {
    const f = classifyGeminiNoImage({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } });
    expect(f).toMatchObject({ problem: 'blocked', retryable: false });
  });

  it.each([
    ['SAFETY', { candidates: [{ finishReason: 'SAFETY', index: 0 }] }],
    ['IMAGE_SAFETY', { candidates: [{ finishReason: 'IMAGE_SAFETY', index: 0 }] }],
    ['text only', { candidates: [{ content: { parts: [{ text: "I can't" }] }, finishReason: 'STOP' }] }],
    ['empty', {}],
    ['non-image inlineData', { candidates: [{ content: { parts: [{ inlineData: { mimeType: 'text/plain', data: 'AA' } }] } }] }],
  ])('calls %s blocked, retryable', (_l, response) => {
    expect(classifyGeminiNoImage(response)).toMatchObject({ problem: 'blocked', retryable: true });
  });
});

describe('durations', () => {
  it('parses protobuf durations', () => {
    expect(parseDurationSec('17s')).toBe(17);
    expect(parseDurationSec('1.250s')).toBe(1.25);
    expect(parseDurationSec({ seconds: '3', nanos: 500_000_000 })).toBe(3.5);
    expect(parseDurationSec('soon')).toBeUndefined();
    expect(parseDurationSec(undefined)).toBeUndefined();
  });

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfterHeader('12')).toBe(12);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterHeader('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfterHeader('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterHeader(null)).toBeUndefined();
    expect(parseRetryAfterHeader('later')).toBeUndefined();
  });
});

describe('backoffDelayMs', () => {
  it('doubles from 1s per failed attempt and caps at 30s, deterministically', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 100].map((a) => backoffDelayMs(a))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(backoffDelayMs(3)).toBe(backoffDelayMs(3));
  });

  it('treats 0, negative and NaN attempts as the first', () => {
    expect(backoffDelayMs(0)).toBe(1000);
    expect(backoffDelayMs(-2)).toBe(1000);
    expect(backoffDelayMs(Number.NaN)).toBe(1000);
  });

  it('honours the server-given delay, clamped to 2 minutes', () => {
    expect(backoffDelayMs(1, 17)).toBe(17000);
    expect(backoffDelayMs(5, 0.25)).toBe(250);
    expect(backoffDelayMs(1, 0)).toBe(0);
    expect(backoffDelayMs(1, 3600)).toBe(120_000);
    expect(backoffDelayMs(2, Number.NaN)).toBe(2000);
    expect(backoffDelayMs(2, -1)).toBe(2000);
  });
});

describe('retryWithoutAsking: only what Gemini did not bill is sent again by itself', () => {
  it('retries rate limits and server errors', () => {
    const bodies: [number, unknown][] = [[429, ERRORS.quota('gemini-2.5-flash-image', 2)], [500, ERRORS.internal()], [503, ERRORS.unavailable()]];
    for (const [status, body] of bodies) expect(retryWithoutAsking({ ...classifyGeminiHttpError(status, body), status })).toBe(true);
  });
  it('leaves a dropped connection, an answer without an image and a blocked answer to the person', () => {
    expect(retryWithoutAsking(classifyGeminiNetworkError())).toBe(false);
    // 200 with text only: answered (and billed), just not with an image
    expect(retryWithoutAsking({ retryable: true, status: 200 })).toBe(false);
    expect(retryWithoutAsking({ ...classifyGeminiNoImage({ candidates: [{ finishReason: 'SAFETY' }] })!, status: 200 })).toBe(false);
  });
  it('never retries what is not retryable', () => {
    expect(retryWithoutAsking({ ...classifyGeminiHttpError(400, ERRORS.badRequest()), status: 400 })).toBe(false);
  });
});
