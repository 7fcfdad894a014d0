/**
 * Turns a failed Gemini call into a named problem with plain words for people. Pure: no SDK.
 *
 * Messages are written here, never copied from the server: raw server text can echo request
 * details, and nothing a person sees may ever contain their API key.
 */
import { isAbort, isNetworkFailure, ServiceError, type ServiceFailure } from './errors';
import { isRecord } from './guards';

export type GeminiProblem =
  | 'invalid-key'
  | 'no-model-access'
  | 'quota'
  | 'server'
  | 'network'
  | 'blocked'
  | 'bad-request';

export interface GeminiFailure extends ServiceFailure<GeminiProblem> {
  /** When the server said how long to wait (RetryInfo.retryDelay or Retry-After), in seconds. */
  retryAfterSec?: number;
}

/** A failed Gemini call, in plain words (see ServiceError). */
export class GeminiError extends ServiceError<GeminiProblem> {
  override readonly name = 'GeminiError';
  /** How long the server asked us to wait before retrying, in seconds. */
  readonly retryAfterSec?: number;

  constructor(failure: GeminiFailure, status?: number) {
    super(failure, status);
    if (failure.retryAfterSec !== undefined) this.retryAfterSec = failure.retryAfterSec;
  }
}

export const GEMINI_MESSAGES = {
  invalidKey: "Gemini didn't accept this API key. Check it in Google AI Studio and paste it again.",
  leakedKey:
    'Google has turned this API key off because it was exposed publicly. Make a new key in Google AI Studio and paste it here.',
  restrictedKey:
    "This API key has restrictions that stop it being used for Gemini from this app. Remove them in Google Cloud, or make a new key in Google AI Studio.",
  noModelAccess:
    "This API key can't use Gemini's image model. Make sure the key's project has access (billing set up in Google AI Studio), or try another key.",
  modelNotFound:
    "Gemini's image model isn't available to this API key. Check the model name in settings, or try another key.",
  serviceDisabled:
    "The Gemini API is switched off for this key's Google Cloud project. Turn on the Generative Language API, or make a key in Google AI Studio.",
  region: "Gemini isn't available in your country or region yet, so backgrounds can't be made here.",
  freeTier:
    "This API key's plan doesn't include Gemini's image model (its free tier allows no image requests). Set up billing in Google AI Studio, then try again.",
  quota:
    "You've reached your Gemini usage limit for now. Wait a minute and try again, or check your plan and billing in Google AI Studio.",
  server: 'Gemini is having trouble right now. Try again in a few minutes.',
  network: "Couldn't reach Gemini. Check your internet connection and try again.",
  blockedInput: "Gemini wouldn't use this photo. Take a different selfie and try again.",
  blockedOutput: "Gemini didn't return a background this time. Try again, or take a different selfie.",
  badRequest: "Gemini couldn't process this request. Try again, or take a different selfie.",
} as const;

/** What we read out of a Google API error body. Only codes, never free text, leave this module. */
interface ParsedErrorBody {
  status?: string;
  code?: number;
  /** Lower-cased server message, for matching only; never shown. */
  text: string;
  reasons: string[];
  retryDelaySec?: number;
  quotaValues: string[];
  quotaIds: string[];
}

/**
 * Reads Google's error shape: `{ error: { code, message, status, details: [...] } }`. Accepts the
 * parsed object, the JSON text, or anything else (treated as plain text).
 */
export function parseGeminiErrorBody(body: unknown): ParsedErrorBody {
  let obj: unknown = body;
  if (typeof body === 'string') {
    try {
      obj = JSON.parse(body);
    } catch {
      return { text: body.toLowerCase(), reasons: [], quotaValues: [], quotaIds: [] };
    }
  }
  const out: ParsedErrorBody = { text: '', reasons: [], quotaValues: [], quotaIds: [] };
  const err = isRecord(obj) && isRecord(obj.error) ? obj.error : isRecord(obj) ? obj : undefined;
  if (!err) return out;
  if (typeof err.status === 'string') out.status = err.status;
  if (typeof err.code === 'number') out.code = err.code;
  if (typeof err.message === 'string') out.text = err.message.toLowerCase();
  const details = Array.isArray(err.details) ? err.details : [];
  for (const d of details) {
    if (!isRecord(d)) continue;
    const type = typeof d['@type'] === 'string' ? d['@type'] : '';
    if (typeof d.reason === 'string') out.reasons.push(d.reason);
    if (type.endsWith('google.rpc.RetryInfo')) {
      const sec = parseDurationSec(d.retryDelay);
      if (sec !== undefined) out.retryDelaySec = sec;
    }
    if (type.endsWith('google.rpc.QuotaFailure') && Array.isArray(d.violations)) {
      for (const v of d.violations) {
        if (!isRecord(v)) continue;
        if (typeof v.quotaValue === 'string') out.quotaValues.push(v.quotaValue);
        if (typeof v.quotaId === 'string') out.quotaIds.push(v.quotaId);
      }
    }
  }
  return out;
}

/**
 * Parses a protobuf Duration in its JSON form ("17s", "0.5s", "1.250s") or a `{ seconds, nanos }`
 * object. Returns seconds, or undefined when it isn't a duration.
 */
export function parseDurationSec(v: unknown): number | undefined {
  if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)s\s*$/.exec(v);
    return m && m[1] !== undefined ? Number(m[1]) : undefined;
  }
  if (isRecord(v)) {
    const s = Number(v.seconds ?? 0);
    const n = Number(v.nanos ?? 0);
    if (Number.isFinite(s) && Number.isFinite(n) && s >= 0 && n >= 0) return s + n / 1e9;
  }
  return undefined;
}

/** Parses an HTTP Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfterHeader(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, (t - nowMs) / 1000);
}

/**
 * Classifies a non-2xx response from the Gemini API.
 * @param body the error body: parsed JSON, JSON text, or plain text.
 * @param retryAfterHeader the Retry-After response header, when known.
 */
export function classifyGeminiHttpError(
  status: number,
  body: unknown,
  retryAfterHeader?: string | null,
): GeminiFailure {
  const b = parseGeminiErrorBody(body);
  const reasons = new Set(b.reasons);
  const keyInvalid =
    reasons.has('API_KEY_INVALID') ||
    /api key (is )?(not valid|invalid|expired)|invalid api key|api_key_invalid/.test(b.text);
  const keyLeaked = /api key was reported as leaked|leaked/.test(b.text) && /key/.test(b.text);
  const keyRestricted =
    reasons.has('API_KEY_HTTP_REFERRER_BLOCKED') ||
    reasons.has('API_KEY_SERVICE_BLOCKED') ||
    reasons.has('API_KEY_IP_ADDRESS_BLOCKED') ||
    reasons.has('API_KEY_ANDROID_APP_BLOCKED') ||
    reasons.has('API_KEY_IOS_APP_BLOCKED');
  const keySuspended = reasons.has('CONSUMER_SUSPENDED') || reasons.has('API_KEY_EXPIRED');
  const headerSec = parseRetryAfterHeader(retryAfterHeader);
  const retryAfterSec = b.retryDelaySec ?? headerSec;
  const withRetry = (f: GeminiFailure): GeminiFailure =>
    retryAfterSec !== undefined && f.retryable ? { ...f, retryAfterSec } : f;

  if (keyInvalid) return { problem: 'invalid-key', retryable: false, message: GEMINI_MESSAGES.invalidKey };
  if (keyLeaked) return { problem: 'invalid-key', retryable: false, message: GEMINI_MESSAGES.leakedKey };
  if (keyRestricted) return { problem: 'invalid-key', retryable: false, message: GEMINI_MESSAGES.restrictedKey };
  if (keySuspended) return { problem: 'invalid-key', retryable: false, message: GEMINI_MESSAGES.invalidKey };

  if (status === 401) return { problem: 'invalid-key', retryable: false, message: GEMINI_MESSAGES.invalidKey };

  if (status === 403) {
    if (reasons.has('SERVICE_DISABLED') || /has not been used in project|is disabled/.test(b.text)) {
      return { problem: 'no-model-access', retryable: false, message: GEMINI_MESSAGES.serviceDisabled };
    }
    if (/unregistered callers|api key/.test(b.text)) {
      // No usable key reached the server (e.g. an empty key), or the server named the key itself.
      return { problem: 'invalid-key', retryable: false, message: GEMINI_MESSAGES.invalidKey };
    }
    return { problem: 'no-model-access', retryable: false, message: GEMINI_MESSAGES.noModelAccess };
  }

  if (status === 404) {
    return { problem: 'no-model-access', retryable: false, message: GEMINI_MESSAGES.modelNotFound };
  }

  if (status === 429) {
    const freeTierZero =
      b.quotaValues.includes('0') ||
      (/limit:\s*0(?!\d|\.)/.test(b.text) && (/free_tier|free tier/.test(b.text) || b.quotaIds.some((q) => /freetier/i.test(q))));
    if (freeTierZero) {
      return { problem: 'no-model-access', retryable: false, message: GEMINI_MESSAGES.freeTier };
    }
    return withRetry({ problem: 'quota', retryable: true, message: GEMINI_MESSAGES.quota });
  }

  if (status === 400 && (b.status === 'FAILED_PRECONDITION' || /location is not supported/.test(b.text))) {
    if (/location|region|country/.test(b.text)) {
      return { problem: 'no-model-access', retryable: false, message: GEMINI_MESSAGES.region };
    }
    return { problem: 'no-model-access', retryable: false, message: GEMINI_MESSAGES.noModelAccess };
  }

  if (status === 408 || status >= 500) {
    return withRetry({ problem: 'server', retryable: true, message: GEMINI_MESSAGES.server });
  }

  return { problem: 'bad-request', retryable: false, message: GEMINI_MESSAGES.badRequest };
}

/** A request that never got an HTTP answer (offline, DNS, CORS, connection reset). */
export function classifyGeminiNetworkError(): GeminiFailure {
  return { problem: 'network', retryable: true, message: GEMINI_MESSAGES.network };
}

/**
 * Looks at a 200 generateContent response and says whether it holds an image. Returns undefined
 * when there is an image part, or the failure to report when there is none.
 *
 * A prompt blocked outright (`promptFeedback.blockReason`) won't change on retry: not retryable.
 * A candidate stopped for safety or one that came back without an image may succeed next time.
 */
export function classifyGeminiNoImage(response: unknown): GeminiFailure | undefined {
  if (findImagePart(response)) return undefined;
  const r = isRecord(response) ? response : {};
  const pf = isRecord(r.promptFeedback) ? r.promptFeedback : undefined;
  if (pf && typeof pf.blockReason === 'string' && pf.blockReason !== 'BLOCKED_REASON_UNSPECIFIED') {
    return { problem: 'blocked', retryable: false, message: GEMINI_MESSAGES.blockedInput };
  }
  return { problem: 'blocked', retryable: true, message: GEMINI_MESSAGES.blockedOutput };
}

/** The first `inlineData` part with an image MIME type in `candidates[*].content.parts`. */
export function findImagePart(response: unknown): { mimeType: string; data: string } | undefined {
  if (!isRecord(response) || !Array.isArray(response.candidates)) return undefined;
  for (const c of response.candidates) {
    if (!isRecord(c) || !isRecord(c.content) || !Array.isArray(c.content.parts)) continue;
    for (const p of c.content.parts) {
      if (!isRecord(p) || !isRecord(p.inlineData)) continue;
      const { mimeType, data } = p.inlineData;
      if (typeof mimeType === 'string' && mimeType.startsWith('image/') && typeof data === 'string' && data.length > 0) {
        return { mimeType, data };
      }
    }
  }
  return undefined;
}

/**
 * Classifies anything thrown by a Gemini call. Understands the SDK's ApiError by shape
 * (`{ status: number, message: <JSON body> }`), and fetch's TypeError for network failures.
 * Returns undefined for aborts, which are the caller's own doing and aren't a Gemini problem.
 */
export function classifyGeminiThrown(err: unknown): GeminiFailure | undefined {
  if (isAbort(err)) return undefined;
  if (isRecord(err) && typeof err.status === 'number' && err.status >= 400 && err.status < 600) {
    return classifyGeminiHttpError(err.status, typeof err.message === 'string' ? err.message : undefined);
  }
  if (isNetworkFailure(err)) return classifyGeminiNetworkError();
  return { problem: 'server', retryable: true, message: GEMINI_MESSAGES.server };
}

/**
 * May a failed generation be sent again without asking? Only when Gemini answered it with an
 * error status (429, 5xx), which it does not bill. An answer without an image (status 200), a
 * blocked answer and a dropped connection may each have been billed: sending again is then the
 * person's click ("Try again"), never ours.
 */
export function retryWithoutAsking(f: { retryable: boolean; status?: number | undefined }): boolean {
  return f.retryable && f.status !== undefined && (f.status === 429 || f.status >= 500);
}

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 30_000;
/** The longest server-requested wait we honour; longer waits are clamped so the app stays responsive. */
export const RETRY_AFTER_CAP_MS = 120_000;

/**
 * How long to wait after attempt number `attempt` failed (1 for the first attempt; 0 is read as
 * 1). Exponential: 1s, 2s, 4s, … capped at 30s, with no jitter so it is predictable in tests.
 * When the server said how long to wait, that wins (clamped to 2 minutes).
 */
export function backoffDelayMs(attempt: number, retryAfterSec?: number): number {
  if (retryAfterSec !== undefined && Number.isFinite(retryAfterSec) && retryAfterSec >= 0) {
    return Math.min(Math.ceil(retryAfterSec * 1000), RETRY_AFTER_CAP_MS);
  }
  const a = Number.isFinite(attempt) && attempt > 1 ? Math.floor(attempt) : 1;
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.min(a - 1, 30), BACKOFF_CAP_MS);
}
