/**
 * Turns a failed fal.ai call into a named problem with plain words for people. Pure: no client.
 *
 * Messages are written here, never copied from the server: fal's error bodies can echo request
 * details (URLs, inputs), and nothing a person sees may ever contain their fal key. Server text is
 * read for matching only.
 *
 * fal's error shapes (see test/fakes/fal.mjs):
 * - 401 `{"detail":"..."}` for a missing or unknown key.
 * - 403 `{"detail":"User is locked. Reason: Exhausted balance. ..."}` when the prepaid balance is
 *   used up, `Reason: Admin lock` when fal locked the account; a plain 403 for no access.
 * - 422 `{"detail":[{"loc":["body","video_url"],"msg":"...","type":"..."}]}` (FastAPI/Pydantic),
 *   or `{"detail":"..."}`: the input was refused. The client throws ValidationError for these.
 *   fal's FAQ: a 422 may still be charged if a runner spent GPU time before finding the problem.
 * - 429 when the account's limits are hit; 5xx for fal's own trouble (never charged).
 */
import { isAbort, isNetworkFailure, ServiceError, type ServiceFailure } from './errors';
import { isRecord } from './guards';

export type FalProblem =
  | 'invalid-key'
  | 'no-balance'
  | 'validation'
  | 'rate-limit'
  | 'server'
  | 'timeout'
  | 'bad-result'
  | 'network';

export type FalFailure = ServiceFailure<FalProblem>;

/** A failed fal.ai call, in plain words (see ServiceError). */
export class FalError extends ServiceError<FalProblem> {
  override readonly name = 'FalError';
}

const FALLBACK = 'or use on-device matting instead';

export const FAL_MESSAGES = {
  invalidKey: "fal.ai didn't accept this API key. Check it at fal.ai/dashboard/keys and paste it again.",
  keyFormat:
    "This doesn't look like a fal.ai API key. Copy the whole key from fal.ai/dashboard/keys and paste it again.",
  noBalance: `Your fal.ai balance has run out. Top it up at fal.ai/dashboard/billing, then try again, ${FALLBACK}.`,
  locked: `fal.ai has locked this account. Contact fal.ai support to unlock it, ${FALLBACK}.`,
  forbidden: `fal.ai refused this request for your account. Check your balance and key at fal.ai/dashboard, ${FALLBACK}.`,
  validationVideo: `fal.ai couldn't use this video. It may be too long, too large or in a format fal.ai can't read. Trim the clip ${FALLBACK}.`,
  validationFrames: `fal.ai says this clip has too many frames for one job. Trim the clip ${FALLBACK}.`,
  validationSettings: `fal.ai refused the settings for this job. Pick another fal.ai model in settings, ${FALLBACK}.`,
  unknownEndpoint: `Restyle doesn't know this fal.ai model. Pick another one in settings, ${FALLBACK}.`,
  rateLimit: "fal.ai is limiting requests from your account right now. Wait a minute and try again.",
  server: `fal.ai is having trouble right now. Try again in a few minutes, ${FALLBACK}.`,
  uploadFailed: `Your video couldn't be uploaded to fal.ai. Check your connection and try again, ${FALLBACK}.`,
  network: "Couldn't reach fal.ai. Check your internet connection and try again.",
  timeout: (minutes: number) =>
    `fal.ai took ${formatMinutes(minutes)}, so Restyle stopped waiting and cancelled the job. Try again later, ${FALLBACK}.`,
  badResultHost: `fal.ai sent back a link Restyle doesn't trust, so the result wasn't downloaded. Try again, ${FALLBACK}.`,
  badResultMissing: `fal.ai finished but didn't send back a mask video. Try again, ${FALLBACK}.`,
  badResultType: `fal.ai sent back something that isn't a video, so it wasn't used. Try again, ${FALLBACK}.`,
  badResultTooBig: `fal.ai's result is far larger than expected, so it wasn't downloaded. Try again, ${FALLBACK}.`,
  badResultEmpty: `fal.ai's result was empty. Try again, ${FALLBACK}.`,
  badResultFrames: `fal.ai's mask doesn't match your clip (different length or size), so it wasn't used. Try again, ${FALLBACK}.`,
  badResultDownload: `fal.ai's result couldn't be downloaded. Try again, ${FALLBACK}.`,
} as const;

function formatMinutes(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return 'too long';
  if (minutes < 1) {
    const s = Math.max(1, Math.round(minutes * 60));
    return `longer than ${s} second${s === 1 ? '' : 's'}`;
  }
  const m = Math.round(minutes);
  return `longer than ${m} minute${m === 1 ? '' : 's'}`;
}

export type FalBadResultReason = 'host' | 'missing' | 'content-type' | 'too-big' | 'empty' | 'frames' | 'download';

export function falBadResult(reason: FalBadResultReason): FalFailure {
  const message = {
    host: FAL_MESSAGES.badResultHost,
    missing: FAL_MESSAGES.badResultMissing,
    'content-type': FAL_MESSAGES.badResultType,
    'too-big': FAL_MESSAGES.badResultTooBig,
    empty: FAL_MESSAGES.badResultEmpty,
    frames: FAL_MESSAGES.badResultFrames,
    download: FAL_MESSAGES.badResultDownload,
  }[reason];
  return { problem: 'bad-result', retryable: reason !== 'host' && reason !== 'frames', message };
}

export function falTimeout(timeoutMs: number): FalFailure {
  return { problem: 'timeout', retryable: true, message: FAL_MESSAGES.timeout(timeoutMs / 60_000) };
}

export function falNetwork(): FalFailure {
  return { problem: 'network', retryable: true, message: FAL_MESSAGES.network };
}

/** Where a submitted (and so paid-for) job was when it failed. */
export type FalJobStage = 'waiting' | 'result' | 'download';

/**
 * After a job was submitted, does this failure mean the job itself failed, so that trying again
 * needs a new (paid) job? Not when the answer was lost on the way (a network error, a gateway's
 * 502-504, a timeout, a rate limit, a key problem, the media host's 5xx): the finished job can be
 * asked for again at no cost. Yes when fal answered about the job with an error (a 4xx, or 500:
 * the job failed or fal no longer knows it), and when its result is unusable (asking again gives
 * the same result).
 */
export function needsNewJob(failure: FalFailure, status: number | undefined, stage: FalJobStage): boolean {
  if (failure.problem === 'bad-result') return true;
  if (['network', 'timeout', 'rate-limit', 'invalid-key', 'no-balance'].includes(failure.problem)) return false;
  if (status === undefined || status === 408 || status === 502 || status === 503 || status === 504) return false;
  return stage !== 'download';
}

/** One field error in fal's (FastAPI/Pydantic) 422 body. */
export interface FalFieldError {
  /** Path to the field, e.g. ["body", "video_url"]. */
  loc: string[];
  /** Lower-cased server message, for matching only; never shown. */
  text: string;
  type: string;
}

/** Reads `{ detail: string | [{ loc, msg, type }] }`. Accepts the parsed object or JSON text. */
export function parseFalErrorBody(body: unknown): { text: string; fields: FalFieldError[] } {
  let obj: unknown = body;
  if (typeof body === 'string') {
    try {
      obj = JSON.parse(body);
    } catch {
      return { text: body.toLowerCase(), fields: [] };
    }
  }
  if (!isRecord(obj)) return { text: '', fields: [] };
  const detail = obj.detail;
  if (typeof detail === 'string') return { text: detail.toLowerCase(), fields: [] };
  const fields: FalFieldError[] = [];
  if (Array.isArray(detail)) {
    for (const d of detail) {
      if (!isRecord(d)) continue;
      const loc = Array.isArray(d.loc) ? d.loc.map((x) => String(x)) : [];
      fields.push({
        loc,
        text: typeof d.msg === 'string' ? d.msg.toLowerCase() : '',
        type: typeof d.type === 'string' ? d.type : '',
      });
    }
  }
  const text = typeof obj.message === 'string' ? obj.message.toLowerCase() : '';
  return { text, fields };
}

/** The plain-words message for a 422 (or 400/404) from fal, from field names only. */
export function describeFalValidation(body: unknown): string {
  const { text, fields } = parseFalErrorBody(body);
  const all = [text, ...fields.map((f) => `${f.text} ${f.type}`)].join(' ');
  if (/frame/.test(all)) return FAL_MESSAGES.validationFrames;
  const names = fields.map((f) => f.loc[f.loc.length - 1] ?? '');
  if (fields.length === 0 || names.some((n) => n === 'video_url' || n === 'body' || n === '')) {
    return FAL_MESSAGES.validationVideo;
  }
  return FAL_MESSAGES.validationSettings;
}

/**
 * Classifies a non-2xx answer from fal's REST API (rest.fal.ai or queue.fal.run).
 * @param body the error body: parsed JSON, JSON text, or plain text.
 */
export function classifyFalHttpError(status: number, body?: unknown): FalFailure {
  const { text } = parseFalErrorBody(body);
  if (status === 401) return { problem: 'invalid-key', retryable: false, message: FAL_MESSAGES.invalidKey };
  if (status === 403) {
    if (/exhausted balance|top up|insufficient|balance/.test(text)) {
      return { problem: 'no-balance', retryable: false, message: FAL_MESSAGES.noBalance };
    }
    if (/locked/.test(text)) return { problem: 'no-balance', retryable: false, message: FAL_MESSAGES.locked };
    return { problem: 'no-balance', retryable: false, message: FAL_MESSAGES.forbidden };
  }
  if (status === 404) return { problem: 'validation', retryable: false, message: FAL_MESSAGES.unknownEndpoint };
  if (status === 400 || status === 422) {
    return { problem: 'validation', retryable: false, message: describeFalValidation(body) };
  }
  if (status === 429) return { problem: 'rate-limit', retryable: true, message: FAL_MESSAGES.rateLimit };
  if (status === 408) return { problem: 'server', retryable: true, message: FAL_MESSAGES.server };
  if (status >= 500) return { problem: 'server', retryable: true, message: FAL_MESSAGES.server };
  return { problem: 'validation', retryable: false, message: FAL_MESSAGES.validationSettings };
}

/**
 * Classifies anything thrown by a fal call. Understands the client's ApiError/ValidationError by
 * shape (`{ status: number, body }`), and fetch's TypeError for network failures. Returns
 * undefined for aborts, which are the caller's own doing.
 */
export function classifyFalThrown(err: unknown): FalFailure | undefined {
  if (isAbort(err)) return undefined;
  if (isRecord(err) && typeof err.status === 'number' && err.status >= 400 && err.status < 600) {
    return classifyFalHttpError(err.status, err.body);
  }
  if (isNetworkFailure(err)) return falNetwork();
  if (err instanceof Error && /timed out/i.test(err.message)) {
    return { problem: 'timeout', retryable: true, message: FAL_MESSAGES.timeout(0) };
  }
  return { problem: 'server', retryable: true, message: FAL_MESSAGES.server };
}
