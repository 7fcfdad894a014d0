/**
 * The only module that talks to Gemini (@google/genai). Called straight from the browser with the
 * person's own API key.
 *
 * - The SDK sends the key in the `x-goog-api-key` header, never in the URL.
 * - Nothing here logs, and no error carries the key or raw server text: failures become a
 *   GeminiError whose message is plain words (see core/geminiErrors).
 * - No retries here (the SDK only retries when `httpOptions.retryOptions` is set, which we never
 *   do). The caller retries with backoffDelayMs.
 */
import { ApiError, GoogleGenAI } from '@google/genai';
import {
  classifyGeminiHttpError,
  classifyGeminiNoImage,
  classifyGeminiThrown,
  findImagePart,
  GEMINI_MESSAGES,
  GeminiError,
} from '../core/geminiErrors';
import { isAbort } from '../core/errors';


export interface GeminiConfig {
  apiKey: string;
  /** Model id, e.g. DEFAULT_GEMINI_MODEL (core/domain). A setting, because image model ids change. */
  model: string;
  /** Overrides https://generativelanguage.googleapis.com (tests point this at a fake server). */
  baseUrl?: string;
}

export interface GeneratedImage {
  mimeType: string;
  bytes: Uint8Array;
}

/**
 * Checks the key with one cheap request: GET /v1beta/models/{model}. A wrong key fails with 400
 * API_KEY_INVALID; a key that can't see the model fails with 403 or 404. It does not spend quota,
 * so a key whose plan has no image quota (free tier) only shows up at the first generation.
 */
export async function checkGeminiKey(cfg: GeminiConfig, signal?: AbortSignal): Promise<void> {
  const { ai, lastFailure } = client(cfg);
  let model: { name?: string; supportedActions?: string[] };
  try {
    model = await ai.models.get({ model: cfg.model, config: signal ? { abortSignal: signal } : {} });
  } catch (err) {
    throw toGeminiError(err, lastFailure(), signal);
  }
  if (model.supportedActions && !model.supportedActions.includes('generateContent')) {
    throw new GeminiError({ problem: 'no-model-access', retryable: false, message: GEMINI_MESSAGES.modelNotFound });
  }
}

/**
 * Sends the selfie and the prompt, asks for an image only, portrait 9:16, and returns the first
 * image part. Throws GeminiError ('blocked' when the answer has no image), or the AbortError when
 * `signal` fires.
 */
export async function generateBackgroundImage(
  cfg: GeminiConfig,
  selfie: { mimeType: string; base64: string },
  prompt: string,
  signal?: AbortSignal,
): Promise<GeneratedImage> {
  const { ai, lastFailure } = client(cfg);
  let response: unknown;
  try {
    response = await ai.models.generateContent({
      model: cfg.model,
      contents: [
        {
          role: 'user',
          parts: [{ inlineData: { mimeType: selfie.mimeType, data: selfie.base64 } }, { text: prompt }],
        },
      ],
      config: {
        responseModalities: ['IMAGE'],
        imageConfig: { aspectRatio: '9:16' },
        // One request per call: no SDK-driven follow-up requests.
        automaticContinuation: false,
        ...(signal ? { abortSignal: signal } : {}),
      },
    });
  } catch (err) {
    throw toGeminiError(err, lastFailure(), signal);
  }
  const part = findImagePart(response);
  if (!part) {
    const failure = classifyGeminiNoImage(response) ?? classifyGeminiHttpError(500, undefined);
    throw new GeminiError(failure, 200);
  }
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(part.data);
  } catch {
    throw new GeminiError({ problem: 'server', retryable: true, message: GEMINI_MESSAGES.server }, 200);
  }
  return { mimeType: part.mimeType, bytes };
}

interface HttpFailure {
  status: number;
  retryAfter: string | null;
}

/**
 * A client per call, with a fetch wrapper that remembers the status and Retry-After header of a
 * failed response (the SDK's ApiError keeps the status but drops the headers).
 */
function client(cfg: GeminiConfig): { ai: GoogleGenAI; lastFailure: () => HttpFailure | undefined } {
  const apiKey = cfg.apiKey.trim();
  // Catch keys that can't be valid locally: an empty key makes the SDK throw its own error, and
  // a non-ASCII one makes fetch throw a TypeError that would look like a network failure.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new GeminiError({ problem: 'invalid-key', retryable: false, message: GEMINI_MESSAGES.invalidKey });
  }
  let failure: HttpFailure | undefined;
  const fetchAndRemember = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const res = await globalThis.fetch(input, init);
    if (!res.ok) failure = { status: res.status, retryAfter: res.headers.get('retry-after') };
    return res;
  };
  const ai = new GoogleGenAI({
    apiKey,
    // Explicit, so a GOOGLE_GENAI_USE_VERTEXAI variable (Node only) can't change the backend.
    vertexai: false,
    httpOptions: {
      ...(cfg.baseUrl ? { baseUrl: cfg.baseUrl } : {}),
      fetch: fetchAndRemember,
    },
  });
  return { ai, lastFailure: () => failure };
}

function toGeminiError(err: unknown, http: HttpFailure | undefined, signal?: AbortSignal): unknown {
  if (err instanceof GeminiError) return err;
  if (signal?.aborted || isAbort(err)) {
    return isAbort(err) ? err : new DOMException('The request was cancelled.', 'AbortError');
  }
  const status = err instanceof ApiError ? err.status : http?.status;
  if (status !== undefined && status >= 400 && status < 600) {
    // ApiError.message is the raw JSON error body: read for codes only, never passed on.
    const body = err instanceof Error ? err.message : undefined;
    return new GeminiError(classifyGeminiHttpError(status, body, http?.retryAfter), status);
  }
  const failure = classifyGeminiThrown(err);
  return new GeminiError(failure ?? { problem: 'server', retryable: true, message: GEMINI_MESSAGES.server });
}

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
