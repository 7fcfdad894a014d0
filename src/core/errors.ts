import { isRecord } from './guards';

/**
 * The app's one family of errors: every error that is a PlainError carries a `message` written
 * for people (what went wrong, what to do), so it may be shown as it is. Anything else thrown
 * (wasm aborts, DOMExceptions, bugs) is shown as a generic message (toErrorInfo). Callers branch
 * with `instanceof`: RestyleError on its `code`, ServiceError (Gemini's, fal.ai's) on its `problem`.
 */
export class PlainError extends Error {}

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

/** Where a failure is put right, when it is not by trying again: the fal.ai key, in Settings. */
export type ErrorFix = 'fal-key';

/** The app's own refusals and failures. `code` is stable, for the CLI's exit codes and for tests. */
export class RestyleError extends PlainError {
  override readonly name = 'RestyleError';
  /** False when trying again the same way cannot work (a refused key, an empty balance); unknown otherwise. */
  readonly retryable: boolean | undefined;
  readonly fix: ErrorFix | undefined;
  constructor(
    readonly code: RestyleErrorCode,
    message: string,
    options: { retryable?: boolean; fix?: ErrorFix } = {},
  ) {
    super(message);
    this.retryable = options.retryable;
    this.fix = options.fix;
  }

  get isRefusal(): boolean {
    return REFUSALS.has(this.code);
  }
}

/** What a paid service (Gemini, fal.ai) failed with: which problem, in plain words, and whether trying again may help. */
export interface ServiceFailure<P extends string> {
  problem: P;
  retryable: boolean;
  message: string;
}

/** A failure of a service the person's own key pays for. */
export class ServiceError<P extends string> extends PlainError {
  readonly problem: P;
  readonly retryable: boolean;
  /** HTTP status, when the service answered. */
  readonly status?: number;

  constructor(failure: ServiceFailure<P>, status?: number) {
    super(failure.message);
    this.problem = failure.problem;
    this.retryable = failure.retryable;
    if (status !== undefined) this.status = status;
  }
}

/** A plain, serialisable form, for crossing worker and page boundaries. */
export interface ErrorInfo {
  code: RestyleErrorCode;
  message: string;
  /** False: "Try again" cannot help (see RestyleError). */
  retryable?: boolean;
  fix?: ErrorFix;
}

/** A RestyleError's (or a worker's copy of one) extras, when it has them. */
function extras(err: { retryable?: unknown; fix?: unknown }): Pick<ErrorInfo, 'retryable' | 'fix'> {
  return {
    ...(typeof err.retryable === 'boolean' ? { retryable: err.retryable } : {}),
    ...(err.fix === 'fal-key' ? { fix: err.fix } : {}),
  };
}

const FALLBACK_MESSAGE = 'Something went wrong while making your video. Please try again.';

/**
 * Turns anything thrown into something safe to show: our own errors keep their words, anything
 * else (wasm aborts, DOMExceptions) becomes a generic message so raw internals never reach a person.
 */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof RestyleError) return { code: err.code, message: err.message, ...extras(err) };
  if (err instanceof PlainError) return { code: 'failed', message: err.message };
  if (isErrorInfo(err)) return { code: err.code, message: err.message, ...extras(err) };
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

/** The words to show a person for anything thrown (see toErrorInfo). */
export function plainMessage(err: unknown): string {
  return toErrorInfo(err).message;
}

export function fromErrorInfo(info: ErrorInfo): RestyleError {
  return new RestyleError(info.code, info.message, extras(info));
}

function isErrorInfo(v: unknown): v is ErrorInfo {
  return isRecord(v) && typeof v.code === 'string' && typeof v.message === 'string' && v.name === 'RestyleError';
}

/** The caller's own cancel (or a timeout it set), as fetch and the SDKs throw it; not a service's HTTP answer. */
export function isAbort(err: unknown): boolean {
  return isRecord(err) && (err.name === 'AbortError' || err.name === 'TimeoutError') && !('status' in err && typeof err.status === 'number');
}

/** A request that never got an answer: fetch's TypeError, or the words browsers and Node use for it. */
export function isNetworkFailure(err: unknown): boolean {
  return (
    err instanceof TypeError ||
    (err instanceof Error && /fetch failed|failed to fetch|networkerror|network request failed|load failed|econn|enotfound|socket/i.test(err.message))
  );
}
