/**
 * The only module that talks to fal.ai (@fal-ai/client). Called straight from the browser with
 * the person's own fal key.
 *
 * - A client per call (createFalClient), never the global `fal.config`, so two calls (or two
 *   keys) never share state. The key goes only in `Authorization: Key <key>` to rest.fal.ai and
 *   queue.fal.run (the client's doing); the upload PUT and the result download carry no key.
 * - Nothing here logs, and no error carries the key or raw server text: failures become a
 *   FalError whose message is plain words (see core/falErrors).
 * - No retries of anything that could start (and charge for) a second job: the client retries
 *   POST/PUT on 429/5xx/network errors, so our fetch hook turns those into a FalError, which the
 *   client does not retry. Idempotent status/result GETs keep the client's retries.
 * - Our own deadline (timeoutMs) covers the whole call; on timeout or abort after submitting, the
 *   fal job is cancelled (PUT .../requests/{id}/cancel), best effort.
 * - A submitted job is paid for: its request id goes to the caller (onRequest), and a later try
 *   with `resume` fetches that job's result instead of uploading and submitting again; only a job
 *   that failed itself, or one fal no longer knows, is made anew (core/falErrors needsNewJob).
 */
import { createFalClient, type FalClient } from '@fal-ai/client';
import {
  DEFAULT_FAL_ENDPOINT,
  getFalEndpoint,
  clipFrames,
  planFalJob,
  type FalClipInfo,
  type FalEndpoint,
  type FalMaskRef,
} from '../core/falEndpoints';
import {
  classifyFalHttpError,
  classifyFalThrown,
  falBadResult,
  falNetwork,
  falTimeout,
  FAL_MESSAGES,
  FalError,
  needsNewJob,
  type FalFailure,
  type FalJobStage,
} from '../core/falErrors';
import { isAbort } from '../core/errors';
import { isRecord } from '../core/guards';
import { raceAbort } from '../core/raceAbort';
import { evenSize } from '../core/geometry';
import { maskMismatch } from '../core/maskCheck';
import {
  checkFalResultUrl,
  FAL_API_HOSTS,
  FAL_MAX_MASK_BYTES,
  FAL_REST_HOST,
  isAllowedMaskContentType,
  mediaTypeOf,
} from '../core/falUrls';

export { DEFAULT_FAL_ENDPOINT };

export interface FalConfig {
  key: string;
  /** Endpoint id, e.g. DEFAULT_FAL_ENDPOINT. Must be one in core/falEndpoints. */
  endpoint: string;
}

export type FalPhase = 'upload' | 'queue' | 'processing' | 'download';

export interface FalPhaseUpdate {
  phase: FalPhase;
  /** While queued: how many requests are ahead (0 = next). */
  queuePosition?: number;
  /** 0..1 when known (upload start/end, download by bytes). */
  fraction?: number;
  /** fal.ai's last answer to a status check failed and the client is asking again. */
  retrying?: boolean;
}

export interface FalRunOptions {
  signal?: AbortSignal;
  onPhase(p: FalPhaseUpdate): void;
  /** Deadline for the whole call (upload, queue, processing, download). Default 10 minutes. */
  timeoutMs?: number;
  /** Time between status polls. Default 1000 ms. */
  pollIntervalMs?: number;
  /** When given, the clip is checked against the endpoint's limits before anything is uploaded. */
  clip?: FalClipInfo;
  /** Largest mask accepted, in bytes. Default FAL_MAX_MASK_BYTES. */
  maxMaskBytes?: number;
  /**
   * The request id of a job already submitted (and paid for) for this clip on this endpoint: its
   * result is fetched again instead of uploading and submitting anew. If fal no longer knows it, or
   * it failed itself, a new job is submitted.
   */
  resume?: string;
  /**
   * The paid job to fetch again next time: its id once submitted, null once it can't be (it failed
   * itself, its result is unusable, or it was cancelled).
   */
  onRequest?(requestId: string | null): void;
}

export const DEFAULT_FAL_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_POLL_MS = 1000;
const CANCEL_TIMEOUT_MS = 10_000;
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * Uploads `video`, runs the endpoint through fal's queue, and downloads the mask video it returns.
 * Throws FalError, or the AbortError when `opts.signal` fires.
 */
export async function runFalMatting(cfg: FalConfig, video: Blob, opts: FalRunOptions): Promise<Blob> {
  const key = checkKeyFormat(cfg.key);
  const endpoint = getFalEndpoint(cfg.endpoint);
  if (!endpoint) throw new FalError({ problem: 'validation', retryable: false, message: FAL_MESSAGES.unknownEndpoint });
  if (opts.clip) {
    const plan = planFalJob(endpoint.id, opts.clip);
    if (!plan.ok) throw new FalError({ problem: 'validation', retryable: false, message: plan.message });
  }
  opts.signal?.throwIfAborted();

  const timeoutMs = opts.timeoutMs ?? DEFAULT_FAL_TIMEOUT_MS;
  const run = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    run.abort(new DOMException('fal.ai took too long.', 'TimeoutError'));
  }, timeoutMs);
  const onUserAbort = () => run.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onUserAbort, { once: true });

  // The last phase said, said again with `retrying` while fal.ai's status checks fail and are retried.
  let said: FalPhaseUpdate | null = null;
  const say = (p: FalPhaseUpdate) => {
    said = p;
    opts.onPhase(p);
  };
  const client = makeClient(key, run.signal, () => {
    if (said && (said.phase === 'queue' || said.phase === 'processing')) opts.onPhase({ ...said, retrying: true });
  });
  let requestId: string | undefined;
  let completed = false;
  let stage: FalJobStage = 'waiting';
  try {
    // 0. A job paid for before: still known to fal? (A 404: gone, so a new one is made.)
    if (opts.resume !== undefined && (await stillKnown(client, endpoint, opts.resume, run.signal))) {
      requestId = opts.resume;
      say({ phase: 'queue' });
    } else {
      if (opts.resume !== undefined) opts.onRequest?.(null);
      // 1. Upload.
      opts.onPhase({ phase: 'upload', fraction: 0 });
      const videoUrl = await guard(client.storage.upload(video), run.signal);
      opts.onPhase({ phase: 'upload', fraction: 1 });

      // 2. Submit (one POST, never retried).
      const submitted = await guard(
        client.queue.submit(endpoint.id as string, { input: endpoint.buildInput(videoUrl), abortSignal: run.signal }),
        run.signal,
      );
      requestId = submitted.request_id;
      if (typeof requestId !== 'string' || requestId.length === 0) {
        throw new FalError({ problem: 'server', retryable: true, message: FAL_MESSAGES.server });
      }
      opts.onRequest?.(requestId);
      const firstPos = (submitted as { queue_position?: unknown }).queue_position;
      say({ phase: 'queue', ...(typeof firstPos === 'number' ? { queuePosition: firstPos } : {}) });
    }

    // 3. Poll until COMPLETED.
    const pollMs = opts.pollIntervalMs ?? DEFAULT_POLL_MS;
    for (;;) {
      const status = await guard(
        client.queue.status(endpoint.id, { requestId, logs: false, abortSignal: run.signal }),
        run.signal,
      );
      if (status.status === 'COMPLETED') break;
      if (status.status === 'IN_QUEUE') {
        const pos = (status as { queue_position?: unknown }).queue_position;
        say({ phase: 'queue', ...(typeof pos === 'number' ? { queuePosition: pos } : {}) });
      } else {
        say({ phase: 'processing' });
      }
      await sleep(pollMs, run.signal);
    }
    completed = true;

    // 4. Result (a failed job answers here with its error status).
    stage = 'result';
    const result = await guard(client.queue.result(endpoint.id, { requestId, abortSignal: run.signal }), run.signal);
    const mask = endpoint.findMask(result.data);
    if (!mask) throw new FalError(falBadResult('missing'));

    // 5. Download, checked.
    stage = 'download';
    opts.onPhase({ phase: 'download', fraction: 0 });
    return await downloadMask(mask, opts, run.signal);
  } catch (err) {
    if (requestId !== undefined && !completed && (run.signal.aborted || timedOut)) {
      await cancelJob(key, endpoint, requestId);
      opts.onRequest?.(null);
    }
    if (opts.signal?.aborted && !timedOut) {
      throw isAbort(err) ? err : new DOMException('The request was cancelled.', 'AbortError');
    }
    const failure = timedOut ? new FalError(falTimeout(timeoutMs)) : toFalError(err);
    // Paid and still fetchable, or to be made anew next time?
    if (requestId !== undefined && failure instanceof FalError && needsNewJob(failure, failure.status, stage)) opts.onRequest?.(null);
    throw failure;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onUserAbort);
  }
}

/**
 * Checks a key with one cheap authenticated call: POST https://rest.fal.ai/storage/upload/initiate
 * (the call the client makes before every upload). It only hands out a signed upload URL: nothing
 * is uploaded, nothing runs, nothing is charged. A wrong key answers 401; a locked or empty
 * account may answer 403. fal has no documented "who am I" call for ordinary API keys (its
 * platform API's usage/billing calls need an admin-scoped key), hence this one.
 */
export async function checkFalKey(key: string, signal?: AbortSignal): Promise<void> {
  const k = checkKeyFormat(key);
  let res: Response;
  try {
    res = await globalThis.fetch(`https://${FAL_REST_HOST}/storage/upload/initiate?storage_type=fal-cdn-v3`, {
      method: 'POST',
      headers: { Authorization: `Key ${k}`, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ content_type: 'text/plain', file_name: 'restyle-key-check.txt' }),
      credentials: 'omit',
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if (signal?.aborted || isAbort(err)) throw isAbort(err) ? err : new DOMException('The request was cancelled.', 'AbortError');
    throw new FalError(falNetwork());
  }
  if (res.ok) {
    await res.body?.cancel().catch(() => {});
    return;
  }
  const body = await readErrorBody(res);
  throw new FalError(classifyFalHttpError(res.status, body), res.status);
}

// ---------------------------------------------------------------------------------------------

function checkKeyFormat(key: string): string {
  const k = typeof key === 'string' ? key.trim() : '';
  // fal keys are "<key id>:<secret>"; be lenient about the exact shape but refuse what can't be a
  // key (empty, spaces, non-ASCII: fetch would throw a TypeError that looks like a network error).
  if (k.length < 8 || k.length > 512 || !/^[\x21-\x7e]+$/.test(k)) {
    throw new FalError({ problem: 'invalid-key', retryable: false, message: FAL_MESSAGES.keyFormat });
  }
  return k;
}

const RETRYABLE_BY_CLIENT = new Set([429, 500, 502, 503, 504]);

/**
 * A client whose every request also listens to `runSignal`, and whose non-GET requests fail fast
 * (as FalError, which the client does not retry) instead of being retried.
 */
/** `onGetFailed`: an API GET (a status check, the result) failed in a way the client retries. */
function makeClient(key: string, runSignal: AbortSignal, onGetFailed: () => void = () => undefined): FalClient {
  const fetchHook = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')).toUpperCase();
    const host = safeHost(url);
    const isApi = FAL_API_HOSTS.includes(host);
    // The client passes our abortSignal for queue calls and none for storage calls.
    const signal = init?.signal ?? runSignal;
    let res: Response;
    try {
      res = await globalThis.fetch(input, { ...init, signal, credentials: 'omit' });
    } catch (err) {
      if (signal.aborted || isAbort(err)) throw err;
      if (method !== 'GET') throw new FalError(isApi ? falNetwork() : uploadFailure());
      if (isApi) onGetFailed();
      throw err; // the client retries idempotent GETs on network errors
    }
    if (!res.ok && !isApi) {
      // The signed upload URL (storage host): its errors say nothing about the key.
      await res.body?.cancel().catch(() => {});
      throw new FalError(res.status >= 500 ? { problem: 'server', retryable: true, message: FAL_MESSAGES.server } : uploadFailure(), res.status);
    }
    if (!res.ok && method !== 'GET' && RETRYABLE_BY_CLIENT.has(res.status)) {
      const body = await readErrorBody(res);
      throw new FalError(classifyFalHttpError(res.status, body), res.status);
    }
    if (!res.ok && method === 'GET' && isApi && RETRYABLE_BY_CLIENT.has(res.status)) onGetFailed();
    return res;
  };
  return createFalClient({
    credentials: key,
    // It is the person's own key by design; the client's console warning would only alarm them.
    suppressLocalCredentialsWarning: true,
    fetch: fetchHook,
  });
}

function uploadFailure(): FalFailure {
  return { problem: 'network', retryable: true, message: FAL_MESSAGES.uploadFailed };
}

/** Whether fal still knows a request (its status answers); false on a 404, other errors thrown. */
async function stillKnown(client: FalClient, endpoint: FalEndpoint, requestId: string, signal: AbortSignal): Promise<boolean> {
  try {
    await guard(client.queue.status(endpoint.id, { requestId, logs: false, abortSignal: signal }), signal);
    return true;
  } catch (err) {
    if (isRecord(err) && err.status === 404) return false;
    throw err;
  }
}

/** Cancels a queued or running job, best effort, with its own short deadline. */
async function cancelJob(key: string, endpoint: FalEndpoint, requestId: string): Promise<void> {
  const signal = AbortSignal.timeout(CANCEL_TIMEOUT_MS);
  const client = makeClient(key, signal);
  try {
    await guard(client.queue.cancel(endpoint.id, { requestId, abortSignal: signal }), signal);
  } catch {
    // Already finished, or fal unreachable: nothing more to do.
  }
}

async function downloadMask(mask: FalMaskRef, opts: FalRunOptions, signal: AbortSignal): Promise<Blob> {
  const cap = opts.maxMaskBytes ?? FAL_MAX_MASK_BYTES;
  try {
    checkFalResultUrl(mask.url);
  } catch {
    throw new FalError(falBadResult('host'));
  }
  if (mask.contentType !== undefined && !isAllowedMaskContentType(mask.contentType)) {
    throw new FalError(falBadResult('content-type'));
  }
  if (mask.fileSize !== undefined && mask.fileSize > cap) throw new FalError(falBadResult('too-big'));
  // The same rule the engine applies to the downloaded mask, on what fal says of it beforehand.
  const clip = opts.clip;
  if (clip) {
    const source = { width: clip.width, height: clip.height };
    const mismatch = maskMismatch({ width: mask.width, height: mask.height, frames: mask.numFrames }, { source, output: evenSize(source), frames: clipFrames(clip) });
    if (mismatch) {
      console.warn(`fal.ai mask does not fit the clip: ${mismatch}`);
      throw new FalError(falBadResult('frames'));
    }
  }

  let res: Response;
  try {
    // No key, no cookies, no referrer: fal's CDN links are public.
    res = await globalThis.fetch(mask.url, { method: 'GET', signal, credentials: 'omit', referrerPolicy: 'no-referrer' });
  } catch (err) {
    if (signal.aborted || isAbort(err)) throw err;
    throw new FalError(falNetwork());
  }
  const drop = () => res.body?.cancel().catch(() => {});
  // A redirect must not lead off fal's hosts.
  if (res.url) {
    try {
      checkFalResultUrl(res.url);
    } catch {
      await drop();
      throw new FalError(falBadResult('host'));
    }
  }
  if (!res.ok) {
    await drop();
    throw new FalError(res.status >= 500 ? { problem: 'server', retryable: true, message: FAL_MESSAGES.server } : falBadResult('download'), res.status);
  }
  const type = res.headers.get('content-type');
  if (!isAllowedMaskContentType(type)) {
    await drop();
    throw new FalError(falBadResult('content-type'));
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > cap) {
    await drop();
    throw new FalError(falBadResult('too-big'));
  }
  const total = Number.isFinite(declared) && declared > 0 ? declared : mask.fileSize;
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (err) {
        if (signal.aborted || isAbort(err)) throw err;
        throw new FalError(falNetwork());
      }
      if (r.done) break;
      received += r.value.byteLength;
      if (received > cap) {
        await reader.cancel().catch(() => {});
        throw new FalError(falBadResult('too-big'));
      }
      chunks.push(r.value);
      if (total) opts.onPhase({ phase: 'download', fraction: Math.min(1, received / total) });
    }
  }
  if (received === 0) throw new FalError(falBadResult('empty'));
  opts.onPhase({ phase: 'download', fraction: 1 });
  let blobType = mediaTypeOf(type);
  if (blobType === 'application/octet-stream') {
    const declaredType = mediaTypeOf(mask.contentType);
    blobType =
      declaredType && declaredType !== 'application/octet-stream'
        ? declaredType
        : mask.kind === 'alpha'
          ? 'video/webm'
          : 'video/mp4';
  }
  return new Blob(chunks as BlobPart[], { type: blobType });
}

function toFalError(err: unknown): unknown {
  if (err instanceof FalError) return err;
  if (isAbort(err)) return err;
  const status = isRecord(err) && typeof err.status === 'number' ? err.status : undefined;
  const failure = classifyFalThrown(err) ?? { problem: 'server', retryable: true, message: FAL_MESSAGES.server };
  return new FalError(failure, status);
}

async function readErrorBody(res: Response): Promise<unknown> {
  try {
    const text = await res.text();
    const t = text.length > ERROR_BODY_LIMIT ? text.slice(0, ERROR_BODY_LIMIT) : text;
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return t;
    }
  } catch {
    return undefined;
  }
}

/** Resolves or rejects with `p`, or rejects as soon as `signal` aborts (the client's own
 * retry sleeps don't listen to the signal). */
function guard<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return raceAbort(p, signal, () => undefined, () => abortReason(signal));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return guard(new Promise<void>((resolve) => setTimeout(resolve, ms)), signal);
}

function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  return r instanceof Error ? r : new DOMException('The request was cancelled.', 'AbortError');
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
