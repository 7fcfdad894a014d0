import { describe, expect, it } from 'vitest';
import { fromErrorInfo, RestyleError, toErrorInfo } from '../../src/core/errors';

const GENERIC = 'Something went wrong while making your video. Please try again.';

describe('RestyleError', () => {
  it('is an Error with a stable code and name', () => {
    const err = new RestyleError('too-long', 'Too long.');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('RestyleError');
    expect(err.code).toBe('too-long');
    expect(err.message).toBe('Too long.');
  });

  it('tells refusals of the input from failures', () => {
    for (const code of ['too-big', 'too-long', 'empty', 'not-video', 'unreadable', 'unsupported', 'bad-image'] as const) {
      expect(new RestyleError(code, 'x').isRefusal, code).toBe(true);
    }
    for (const code of ['cancelled', 'storage', 'failed'] as const) {
      expect(new RestyleError(code, 'x').isRefusal, code).toBe(false);
    }
  });
});

describe('toErrorInfo', () => {
  it('keeps the code and words of a RestyleError', () => {
    const info = toErrorInfo(new RestyleError('unsupported', "MKV videos aren't supported yet."));
    expect(info).toEqual({ code: 'unsupported', message: "MKV videos aren't supported yet." });
  });

  it('turns a generic Error into "failed" without leaking its text', () => {
    const info = toErrorInfo(new Error('RuntimeError: memory access out of bounds at wasm-function[1234]'));
    expect(info.code).toBe('failed');
    expect(info.message).toBe(GENERIC);
    expect(info.message).not.toContain('wasm');
    expect(info.message).not.toContain('memory access');
  });

  it('turns strings, numbers, null and odd objects into "failed" too', () => {
    for (const thrown of ['ffmpeg exited with 1', 42, null, undefined, { message: 'secret /home/me/path' }, new TypeError('x is undefined')]) {
      const info = toErrorInfo(thrown);
      expect(info).toEqual({ code: 'failed', message: GENERIC });
    }
  });

  it('turns a QuotaExceededError into "storage"', () => {
    const info = toErrorInfo(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    expect(info.code).toBe('storage');
    expect(info.message).toMatch(/out of space/);
    expect(info.message).not.toContain('quota has been exceeded');
  });

  it('turns an AbortError into "cancelled"', () => {
    expect(toErrorInfo(new DOMException('The operation was aborted.', 'AbortError'))).toEqual({
      code: 'cancelled',
      message: 'Cancelled.',
    });
  });

  it('turns other DOMExceptions into "failed"', () => {
    expect(toErrorInfo(new DOMException('Decoding failed: 0x8004', 'EncodingError'))).toEqual({ code: 'failed', message: GENERIC });
  });

  it('keeps an ErrorInfo-shaped RestyleError that crossed a worker boundary as a plain object', () => {
    const cloned = { name: 'RestyleError', code: 'too-big', message: 'This file is 300.0 MB.' };
    expect(toErrorInfo(cloned)).toEqual({ code: 'too-big', message: 'This file is 300.0 MB.' });
  });

  it('round-trips through fromErrorInfo', () => {
    const original = new RestyleError('bad-image', 'This image file is empty. Pick another image.');
    const back = fromErrorInfo(toErrorInfo(original));
    expect(back).toBeInstanceOf(RestyleError);
    expect(back.code).toBe('bad-image');
    expect(back.message).toBe(original.message);
    expect(back.isRefusal).toBe(true);
  });
});
