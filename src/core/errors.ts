/**
 * The one error type the app shows to people. `message` is plain words: what went wrong and
 * what to do. `code` is stable, for the CLI's exit codes and for tests.
 */
export type RestyleErrorCode =
  | 'too-big'
  | 'too-long'
  | 'empty'
  | 'not-video'
  | 'unreadable'
  | 'unsupported'
  | 'bad-image'
  | 'cancelled'
  | 'storage'
  | 'failed';

/** Codes that mean "this input is refused", as opposed to "something broke". */
const REFUSALS: ReadonlySet<RestyleErrorCode> = new Set([
  'too-big',
  'too-long',
  'empty',
  'not-video',
  'unreadable',
  'unsupported',
  'bad-image',
]);

export class RestyleError extends Error {
  override readonly name = 'RestyleError';
  constructor(
    readonly code: RestyleErrorCode,
    message: string,
  ) {
    super(message);
  }

  get isRefusal(): boolean {
    return REFUSALS.has(this.code);
  }
}

/** A plain, serialisable form, for crossing worker and page boundaries. */
export interface ErrorInfo {
  code: RestyleErrorCode;
  message: string;
}

const FALLBACK_MESSAGE = 'Something went wrong while making your video. Please try again.';

/**
 * Turns anything thrown into something safe to show: our own errors keep their words, anything
 * else (wasm aborts, DOMExceptions) becomes a generic message so raw internals never reach a person.
 */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof RestyleError) return { code: err.code, message: err.message };
  if (isErrorInfo(err)) return { code: err.code, message: err.message };
  if (err instanceof DOMException && err.name === 'AbortError') {
    return { code: 'cancelled', message: 'Cancelled.' };
  }
  if (err instanceof DOMException && err.name === 'QuotaExceededError') {
    return {
      code: 'storage',
      message: 'Your device is out of space, so this could not be saved. Download what you need, then delete some saved videos in Settings.',
    };
  }
  return { code: 'failed', message: FALLBACK_MESSAGE };
}

export function fromErrorInfo(info: ErrorInfo): RestyleError {
  return new RestyleError(info.code, info.message);
}

function isErrorInfo(v: unknown): v is ErrorInfo {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.code === 'string' && typeof o.message === 'string' && o.name === 'RestyleError';
}
