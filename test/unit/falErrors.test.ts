import { describe, expect, it } from 'vitest';
import {
  classifyFalHttpError,
  classifyFalThrown,
  describeFalValidation,
  falBadResult,
  falNetwork,
  falTimeout,
  FAL_MESSAGES,
  needsNewJob,
  parseFalErrorBody,
} from '../../src/core/falErrors';
import { isAbort } from '../../src/core/errors';

const NO_RAW = /\{|detail|"|https?:|value_error|secret/;

describe('classifyFalHttpError', () => {
  it('401 is a key problem', () => {
    const f = classifyFalHttpError(401, { detail: 'No user found for Key ID and Secret' });
    expect(f).toEqual({ problem: 'invalid-key', retryable: false, message: FAL_MESSAGES.invalidKey });
  });

  it('403 tells an exhausted balance from a lock and a plain refusal', () => {
    expect(classifyFalHttpError(403, { detail: 'User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing.' })).toMatchObject({ problem: 'no-balance', message: FAL_MESSAGES.noBalance });
    expect(classifyFalHttpError(403, '{"detail":"User is locked. Reason: Admin lock. Please contact support@fal.ai."}')).toMatchObject({ problem: 'no-balance', message: FAL_MESSAGES.locked });
    expect(classifyFalHttpError(403, undefined)).toMatchObject({ problem: 'no-balance', message: FAL_MESSAGES.forbidden });
  });

  it('422 names the problem from field names, never echoing the body', () => {
    const body = { detail: [{ loc: ['body', 'video_url'], msg: 'https://v3.fal.media/files/secret/x.mp4 is not a video', type: 'value_error' }] };
    const f = classifyFalHttpError(422, body);
    expect(f).toMatchObject({ problem: 'validation', retryable: false, message: FAL_MESSAGES.validationVideo });
    expect(f.message).not.toMatch(NO_RAW);
    expect(classifyFalHttpError(422, { detail: [{ loc: ['body', 'operating_resolution'], msg: 'bad', type: 'enum' }] }).message).toBe(FAL_MESSAGES.validationSettings);
    expect(classifyFalHttpError(422, { detail: [{ loc: ['body', 'video_url'], msg: 'Video has 900 frames; max 512', type: 'x' }] }).message).toBe(FAL_MESSAGES.validationFrames);
    expect(classifyFalHttpError(422, { detail: 'Input video too long' }).message).toBe(FAL_MESSAGES.validationVideo);
    expect(classifyFalHttpError(422, 'not json').problem).toBe('validation');
  });

  it('429 is a rate limit, 5xx is fal trouble, 404 an unknown model', () => {
    expect(classifyFalHttpError(429, { detail: 'Rate limit exceeded' })).toMatchObject({ problem: 'rate-limit', retryable: true });
    for (const s of [500, 502, 503, 504]) expect(classifyFalHttpError(s)).toMatchObject({ problem: 'server', retryable: true });
    expect(classifyFalHttpError(404)).toMatchObject({ problem: 'validation', message: FAL_MESSAGES.unknownEndpoint });
  });

  it('no message ever carries raw text or a key-like string', () => {
    const key = 'fa1fa1fa-0000-4000-8000-000000000001:0123456789abcdef';
    for (const s of [400, 401, 403, 404, 408, 409, 422, 429, 500, 503]) {
      const f = classifyFalHttpError(s, { detail: `key ${key} https://x.example` });
      expect(f.message).not.toContain(key);
      expect(f.message).not.toMatch(NO_RAW);
    }
  });
});

describe('classifyFalThrown', () => {
  it("reads the client's ApiError/ValidationError by shape", () => {
    expect(classifyFalThrown({ name: 'ApiError', status: 401, body: { detail: 'x' }, message: 'Unauthorized' })).toMatchObject({ problem: 'invalid-key' });
    expect(classifyFalThrown({ name: 'ValidationError', status: 422, body: { detail: [{ loc: ['body', 'video_url'], msg: 'm', type: 't' }] } })).toMatchObject({ problem: 'validation' });
  });

  it('network failures, timeouts and aborts', () => {
    expect(classifyFalThrown(new TypeError('fetch failed'))).toMatchObject({ problem: 'network' });
    expect(classifyFalThrown(new Error('getaddrinfo ENOTFOUND queue.fal.run'))).toMatchObject({ problem: 'network' });
    expect(classifyFalThrown(new Error('Client timed out waiting for the request to complete after 5ms'))).toMatchObject({ problem: 'timeout' });
    expect(classifyFalThrown(new DOMException('x', 'AbortError'))).toBeUndefined();
    expect(classifyFalThrown(new Error('weird'))).toMatchObject({ problem: 'server' });
    expect(isAbort({ name: 'AbortError' })).toBe(true);
    expect(isAbort({ name: 'AbortError', status: 499 })).toBe(false);
  });
});

describe('bad results and timeouts', () => {
  it('names each bad result in plain words', () => {
    for (const r of ['host', 'missing', 'content-type', 'too-big', 'empty', 'frames', 'download'] as const) {
      const f = falBadResult(r);
      expect(f.problem).toBe('bad-result');
      expect(f.message).toMatch(/on-device matting/);
      expect(f.message).not.toMatch(NO_RAW);
    }
    expect(falBadResult('host').retryable).toBe(false);
  });

  it('says how long it waited', () => {
    expect(falTimeout(600_000).message).toMatch(/^fal\.ai took longer than 10 minutes, so Restyle stopped waiting and cancelled the job\./);
    expect(falTimeout(60_000).message).toMatch(/longer than 1 minute,/);
    expect(falTimeout(300).message).toMatch(/longer than 1 second,/);
    expect(falTimeout(0).message).toMatch(/took too long,/);
  });
});

describe('parseFalErrorBody / describeFalValidation', () => {
  it('reads both detail shapes', () => {
    expect(parseFalErrorBody({ detail: 'Hello' })).toEqual({ text: 'hello', fields: [] });
    expect(parseFalErrorBody({ detail: [{ loc: ['body', 0, 'x'], msg: 'M', type: 't' }] }).fields).toEqual([{ loc: ['body', '0', 'x'], text: 'm', type: 't' }]);
    expect(parseFalErrorBody(null)).toEqual({ text: '', fields: [] });
    expect(describeFalValidation(undefined)).toBe(FAL_MESSAGES.validationVideo);
  });
});

describe('needsNewJob: after a paid job fails, is a new job needed or can its result be fetched again?', () => {
  it('fetches again when the answer was lost on the way', () => {
    expect(needsNewJob(falNetwork(), undefined, 'result')).toBe(false);
    expect(needsNewJob(falNetwork(), undefined, 'download')).toBe(false);
    expect(needsNewJob(falTimeout(600_000), undefined, 'download')).toBe(false);
    for (const status of [502, 503, 504]) expect(needsNewJob(classifyFalHttpError(status, ''), status, 'result')).toBe(false);
    // the media host's own trouble
    expect(needsNewJob(classifyFalHttpError(500, ''), 500, 'download')).toBe(false);
    // a key problem or a rate limit says nothing about the job
    expect(needsNewJob(classifyFalHttpError(401, {}), 401, 'waiting')).toBe(false);
    expect(needsNewJob(classifyFalHttpError(429, {}), 429, 'result')).toBe(false);
  });

  it('submits anew when fal answered that the job failed, or its result is unusable', () => {
    expect(needsNewJob(classifyFalHttpError(422, { detail: 'bad video' }), 422, 'result')).toBe(true);
    expect(needsNewJob(classifyFalHttpError(500, ''), 500, 'result')).toBe(true);
    // fal no longer knows the request
    expect(needsNewJob(classifyFalHttpError(404, {}), 404, 'waiting')).toBe(true);
    for (const reason of ['missing', 'frames', 'content-type', 'host', 'too-big', 'empty', 'download'] as const) {
      expect(needsNewJob(falBadResult(reason), undefined, 'download')).toBe(true);
    }
  });
});
