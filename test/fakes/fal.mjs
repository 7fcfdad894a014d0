// A framework-free fake of fal.ai's REST API, answering like the real service for the routes
// @fal-ai/client 1.10.1 uses (read from node_modules/@fal-ai/client/src):
//
//   POST https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3   -> { upload_url, file_url }
//   PUT  <upload_url>  (a signed URL on the storage host; no Authorization header)
//   POST https://queue.fal.run/{owner}/{alias}[/{path}]                          submit
//   GET  https://queue.fal.run/{owner}/{alias}/requests/{id}/status?logs=0       status (no /path!)
//   GET  https://queue.fal.run/{owner}/{alias}/requests/{id}                     result
//   PUT  https://queue.fal.run/{owner}/{alias}/requests/{id}/cancel              cancel
//   GET  https://v3.fal.media/files/...                                          uploaded files and results
//
// Auth is `Authorization: Key <key>`. Every request is recorded with its host and path, whether
// the key was sent in that header, and whether it appeared anywhere in the URL.
//
// `createFakeFal(behaviour).handle` is a pure request -> response function (no I/O, except
// reading the mask file once when `mask` is a path), usable from Playwright's `page.route` or the
// node http server `startFakeFal` (for vitest), whose `fetch` routes fal's hosts to it.
import { readFileSync } from 'node:fs';
import { serveFake } from './serveFake.mjs';

// Captured at import, before a test replaces globalThis.fetch with a router that calls us.
const NATIVE_FETCH = globalThis.fetch;

export const FAKE_FAL_KEY = 'fa1fa1fa-0000-4000-8000-000000000001:0123456789abcdef0123456789abcdef';
export const FAL_REST_HOST = 'rest.fal.ai';
export const FAL_QUEUE_HOST = 'queue.fal.run';
export const FAKE_FAL_MEDIA_HOST = 'v3.fal.media';
// The signed upload link's host. fal's real one can't be looked up offline; fal-cdn-v3 files live on
// fal.media subdomains, which the app's Content-Security-Policy allows (connect-src https://*.fal.media).
export const FAKE_FAL_STORAGE_HOST = 'v3b.fal.media';
/** Every host the fake answers for (route these to it). */
export const FAKE_FAL_HOSTS = [FAL_REST_HOST, FAL_QUEUE_HOST, FAKE_FAL_MEDIA_HOST, FAKE_FAL_STORAGE_HOST];

export const ERRORS = {
  noKey: () => ({ detail: 'Authentication is required to perform this action.' }),
  badKey: () => ({ detail: 'No user found for Key ID and Secret' }),
  exhausted: () => ({ detail: 'User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing.' }),
  adminLock: () => ({ detail: 'User is locked. Reason: Admin lock. Please contact support@fal.ai.' }),
  validation: (field = 'video_url') => ({
    detail: [
      {
        loc: ['body', field],
        msg: `Could not process ${field}: https://v3.fal.media/files/secret-path/input.mp4 is not a valid video`,
        type: 'value_error',
        input: 'https://v3.fal.media/files/secret-path/input.mp4',
      },
    ],
  }),
  tooManyFrames: () => ({
    detail: [{ loc: ['body', 'video_url'], msg: 'Video has 900 frames; the maximum is 512 frames', type: 'video_too_long' }],
  }),
  rateLimit: () => ({ detail: 'Rate limit exceeded. Please try again later.' }),
  internal: () => ({ detail: 'Internal Server Error' }),
  notFound: () => ({ detail: 'Application not found' }),
};

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-fal-request-id, content-length, content-type',
};

function json(status, obj, extra = {}) {
  return { status, headers: { 'content-type': 'application/json', ...CORS, ...extra }, body: JSON.stringify(obj) };
}

function header(headers, name) {
  if (!headers) return undefined;
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined;
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(', ') : v;
  }
  return undefined;
}

function pick(v, index, ctx) {
  if (typeof v === 'function') return v(ctx);
  if (Array.isArray(v)) return v[index] ?? 'ok';
  return v ?? 'ok';
}

function toBuffer(body) {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(body.buffer ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength) : body);
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const ENDPOINT_OUTPUT = {
  // owner/alias/path -> how the result looks
  'fal-ai/birefnet/v2/video': (maskFile, fgFile) => ({ video: fgFile, mask_video: maskFile }),
  'fal-ai/ben/v2/video': (maskFile) => ({ video: maskFile, seed: 42 }),
};

/**
 * behaviour (all optional):
 *   key              the one valid key (default FAKE_FAL_KEY)
 *   account          'ok' | 'exhausted' (403 everywhere) | 'locked' (403 Admin lock)
 *   mask             Buffer/Uint8Array of the mask video, or a file path (read once)
 *   maskContentType  content-type the media host serves the mask with (default 'video/mp4',
 *                    'video/webm' for BEN)
 *   maskMeta         extra fields in the result's mask File object (width, height, fps, num_frames)
 *   initiate         outcome(s) for upload initiate: 'ok' | status number | 'drop'
 *   upload           outcome(s) for the PUT: 'ok' | status number | 'drop'
 *   part             outcome(s) for the PUT of each multipart part: 'ok' | status number | 'drop'
 *   submit           outcome(s) for submit: 'ok' | 401 | 403 | 404 | 422 | 429 | 500 | 'drop' | 'too-many-frames'
 *   queuePositions   queue_position per IN_QUEUE status poll (default [2, 1, 0])
 *   inProgressPolls  IN_PROGRESS polls before COMPLETED (default 1)
 *   never            true: after the queue, status stays IN_PROGRESS forever
 *   status           outcome(s) for status polls: 'ok' | status number
 *   result           outcome(s) for result: 'ok' | 422 | 500 | 'no-mask' | 'too-many-frames'
 *   resultMaskUrl    string or fn({ requestId, maskUrl }) -> the mask URL put in the result
 *   media            outcome(s) for mask downloads: 'ok' | 'oversized' (declared length) |
 *                    'oversized-chunked' (no length, endless-ish body) | 404 | 500 | 'empty' | 'drop'
 *   oversizeBytes    body size for 'oversized*' (default 4 MiB)
 *   latencyMs        number or fn(record) -> ms, returned as delayMs for the transport
 */
export function createFakeFal(behaviour = {}) {
  const b = {
    key: FAKE_FAL_KEY,
    account: 'ok',
    queuePositions: [2, 1, 0],
    inProgressPolls: 1,
    oversizeBytes: 4 * 1024 * 1024,
    ...behaviour,
  };
  const requests = [];
  const files = new Map(); // media path -> { bytes, contentType }
  let maskDownloads = 0;
  const jobs = new Map(); // requestId -> job
  const counts = { initiate: 0, upload: 0, submit: 0, status: 0, result: 0, cancel: 0, media: 0, initiateMultipart: 0, part: 0, complete: 0 };
  const multiparts = new Map(); // id -> { name, contentType, parts: Map(partNumber -> { bytes, etag }), completed }
  let maskBytes;
  let seq = 0;

  function mask() {
    if (maskBytes) return maskBytes;
    if (typeof b.mask === 'string') maskBytes = readFileSync(b.mask);
    else if (b.mask) maskBytes = toBuffer(b.mask);
    else maskBytes = Buffer.from('not really a video: pass behaviour.mask');
    return maskBytes;
  }

  function authProblem(rec) {
    if (!rec.authHeader) return json(401, ERRORS.noKey());
    if (rec.authScheme !== 'Key' || rec.authValue !== b.key) return json(401, ERRORS.badKey());
    if (b.account === 'exhausted') return json(403, ERRORS.exhausted());
    if (b.account === 'locked') return json(403, ERRORS.adminLock());
    return undefined;
  }

  function outcomeResponse(outcome) {
    switch (outcome) {
      case 401:
        return json(401, ERRORS.badKey());
      case 403:
        return json(403, ERRORS.exhausted());
      case 404:
        return json(404, ERRORS.notFound());
      case 422:
        return json(422, ERRORS.validation());
      case 'too-many-frames':
        return json(422, ERRORS.tooManyFrames());
      case 429:
        return json(429, ERRORS.rateLimit());
      case 500:
        return json(500, ERRORS.internal());
      case 'drop':
        return { status: 0, headers: {}, body: '', drop: true };
      default:
        if (typeof outcome === 'number') return json(outcome, { detail: `Fake status ${outcome}` });
        return undefined;
    }
  }

  function jobUrls(appPrefix, id) {
    const base = `https://${FAL_QUEUE_HOST}/${appPrefix}/requests/${id}`;
    return { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
  }

  function statusBody(job) {
    const n = job.polls;
    const urls = jobUrls(job.appPrefix, job.id);
    const positions = b.queuePositions;
    if (job.cancelled || job.state === 'COMPLETED') {
      return { status: 'COMPLETED', request_id: job.id, ...urls, logs: null, metrics: { inference_time: 1.5 } };
    }
    if (n < positions.length) {
      return { status: 'IN_QUEUE', request_id: job.id, ...urls, queue_position: positions[n] };
    }
    if (b.never || n < positions.length + b.inProgressPolls) {
      return { status: 'IN_PROGRESS', request_id: job.id, ...urls, logs: null };
    }
    job.state = 'COMPLETED';
    return { status: 'COMPLETED', request_id: job.id, ...urls, logs: null, metrics: { inference_time: 1.5 } };
  }

  function resultBody(job) {
    const endpoint = ENDPOINT_OUTPUT[job.endpoint] ?? ENDPOINT_OUTPUT['fal-ai/birefnet/v2/video'];
    const isBen = job.endpoint === 'fal-ai/ben/v2/video';
    const contentType = b.maskContentType ?? (isBen ? 'video/webm' : 'video/mp4');
    const maskPath = `/files/fake/${job.id}/${isBen ? 'foreground.webm' : 'mask.mp4'}`;
    files.set(maskPath, { bytes: 'mask', contentType });
    const fgPath = `/files/fake/${job.id}/foreground.mp4`;
    files.set(fgPath, { bytes: 'mask', contentType: 'video/mp4' });
    const defaultMaskUrl = `https://${FAKE_FAL_MEDIA_HOST}${maskPath}`;
    const maskUrl =
      typeof b.resultMaskUrl === 'function'
        ? b.resultMaskUrl({ requestId: job.id, maskUrl: defaultMaskUrl })
        : (b.resultMaskUrl ?? defaultMaskUrl);
    const maskFile = {
      url: maskUrl,
      content_type: isBen ? 'video/webm' : 'video/mp4',
      file_name: maskPath.split('/').pop(),
      file_size: mask().length,
      ...(b.maskMeta ?? {}),
    };
    const fgFile = { url: `https://${FAKE_FAL_MEDIA_HOST}${fgPath}`, content_type: 'video/mp4', file_name: 'foreground.mp4', file_size: mask().length };
    return endpoint(maskFile, fgFile);
  }

  function serveMedia(path, rec) {
    const f = files.get(path);
    if (!f) return { status: 404, headers: { 'content-type': 'text/plain', ...CORS }, body: 'Not Found' };
    const isMask = f.bytes === 'mask';
    const bytes = isMask ? mask() : f.bytes;
    if (isMask) {
      const index = maskDownloads++;
      const m = pick(b.media, index, { index });
      rec.kind = 'media';
      if (m === 'drop') return { status: 0, headers: {}, body: '', drop: true };
      if (typeof m === 'number') {
        return { status: m, headers: { 'content-type': 'text/plain', ...CORS }, body: 'error' };
      }
      if (m === 'empty') return { status: 200, headers: { 'content-type': f.contentType, 'content-length': '0', ...CORS }, body: Buffer.alloc(0) };
      if (m === 'oversized' || m === 'oversized-chunked') {
        const big = Buffer.alloc(Math.max(b.oversizeBytes, bytes.length));
        bytes.copy(big);
        return {
          status: 200,
          headers: { 'content-type': f.contentType, ...(m === 'oversized' ? { 'content-length': String(big.length) } : {}), ...CORS },
          body: big,
          chunked: m === 'oversized-chunked',
        };
      }
    }
    return {
      status: 200,
      headers: { 'content-type': f.contentType, 'content-length': String(bytes.length), 'cache-control': 'public, max-age=604800', ...CORS },
      body: bytes,
    };
  }

  /** An upload initiate's JSON body (kept on the record) and the key check: { parsed } or { refused: response }. */
  function readInitiate(rec, body) {
    let parsed;
    try {
      parsed = JSON.parse(toBuffer(body).toString('utf8') || '{}');
    } catch {
      return { refused: json(422, ERRORS.validation('body')) };
    }
    rec.body = parsed;
    const problem = authProblem(rec);
    return problem ? { refused: problem } : { parsed };
  }

  /** Pure request -> response. `url` is absolute; `body` is text, bytes or undefined. */
  function handle({ method, url, headers, body }) {
    const u = new URL(url);
    const auth = header(headers, 'authorization');
    const [scheme, ...rest] = (auth ?? '').split(' ');
    const authValue = rest.join(' ');
    const key = b.key;
    const rec = {
      method: String(method).toUpperCase(),
      host: u.hostname,
      path: u.pathname,
      query: u.search,
      url: u.href,
      kind: 'unknown',
      authHeader: auth !== undefined && auth !== '',
      authScheme: scheme || undefined,
      authValue: undefined,
      keyInAuthHeader: auth !== undefined && auth === `Key ${key}`,
      keyInUrl: u.href.includes(key) || safeDecode(u.href).includes(key) || (authValue !== '' && u.href.includes(authValue)),
      requestId: undefined,
      endpoint: undefined,
      body: undefined,
      bytes: undefined,
      contentType: header(headers, 'content-type'),
    };
    Object.defineProperty(rec, 'authValue', { value: authValue, enumerable: false });
    requests.push(rec);
    const delayMs = typeof b.latencyMs === 'function' ? b.latencyMs(rec) : (b.latencyMs ?? 0);
    const out = (res) => ({ ...res, delayMs });

    if (rec.method === 'OPTIONS') {
      rec.kind = 'preflight';
      return out({
        status: 204,
        headers: {
          'access-control-allow-origin': header(headers, 'origin') ?? '*',
          'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
          'access-control-allow-headers': header(headers, 'access-control-request-headers') ?? '*',
          'access-control-max-age': '86400',
        },
        body: '',
      });
    }

    // ---- storage: initiate
    if (u.hostname === FAL_REST_HOST && u.pathname === '/storage/upload/initiate' && rec.method === 'POST') {
      rec.kind = 'initiate';
      const index = counts.initiate++;
      const { parsed, refused } = readInitiate(rec, body);
      if (refused) return out(refused);
      const o = outcomeResponse(pick(b.initiate, index, { index }));
      if (o) return out(o);
      const id = `up${++seq}`;
      const name = String(parsed?.file_name ?? 'file.bin').replace(/[^\w.-]/g, '_');
      return out(
        json(200, {
          upload_url: `https://${FAKE_FAL_STORAGE_HOST}/upload/${id}/${name}?X-Fake-Signature=sig${id}&content_type=${encodeURIComponent(parsed?.content_type ?? '')}`,
          file_url: `https://${FAKE_FAL_MEDIA_HOST}/files/uploads/${id}/${name}`,
        }),
      );
    }

    // ---- storage: multipart (the client's path for files over 90 MB): initiate, 10 MB parts, complete
    if (u.hostname === FAL_REST_HOST && u.pathname === '/storage/upload/initiate-multipart' && rec.method === 'POST') {
      rec.kind = 'initiate-multipart';
      counts.initiateMultipart++;
      const { parsed, refused } = readInitiate(rec, body);
      if (refused) return out(refused);
      const id = `mp${++seq}`;
      const name = String(parsed?.file_name ?? 'file.bin').replace(/[^\w.-]/g, '_');
      multiparts.set(id, { name, contentType: parsed?.content_type ?? 'application/octet-stream', parts: new Map(), completed: false });
      return out(
        json(200, {
          upload_url: `https://${FAKE_FAL_STORAGE_HOST}/multipart/${id}/${name}?X-Fake-Signature=sig${id}`,
          file_url: `https://${FAKE_FAL_MEDIA_HOST}/files/uploads/${id}/${name}`,
        }),
      );
    }
    if (u.hostname === FAKE_FAL_STORAGE_HOST && u.pathname.startsWith('/multipart/')) {
      const m = /^\/multipart\/([^/]+)\/([^/]+)\/(\d+|complete)$/.exec(u.pathname);
      const upload = m ? multiparts.get(m[1]) : undefined;
      if (!m || !upload || !u.searchParams.get('X-Fake-Signature')) {
        return out({ status: 403, headers: { 'content-type': 'application/xml', ...CORS }, body: '<Error><Code>SignatureDoesNotMatch</Code></Error>' });
      }
      if (m[3] !== 'complete' && rec.method === 'PUT') {
        rec.kind = 'part';
        const index = counts.part++;
        const o = outcomeResponse(pick(b.part, index, { index }));
        if (o) return out(o);
        const partNumber = Number(m[3]);
        const bytes = toBuffer(body);
        rec.bytes = bytes.length;
        const etag = `"part-${m[1]}-${partNumber}-${bytes.length}"`;
        upload.parts.set(partNumber, { bytes, etag });
        return out(json(200, { partNumber, etag }, { etag }));
      }
      if (m[3] === 'complete' && rec.method === 'POST') {
        rec.kind = 'complete';
        counts.complete++;
        let parsed;
        try {
          parsed = JSON.parse(toBuffer(body).toString('utf8') || '{}');
        } catch {
          return out(json(400, { detail: 'Invalid JSON' }));
        }
        // Every part, numbered 1..N in order, each with the etag it was given.
        const listed = Array.isArray(parsed?.parts) ? parsed.parts : [];
        const ok = listed.length === upload.parts.size &&
          listed.every((p, i) => p?.partNumber === i + 1 && upload.parts.get(i + 1)?.etag === p?.etag);
        if (!ok) return out(json(400, { detail: 'The parts listed do not match the parts uploaded' }));
        const bytes = Buffer.concat(listed.map((p) => upload.parts.get(p.partNumber).bytes));
        files.set(`/files/uploads/${m[1]}/${m[2]}`, { bytes, contentType: upload.contentType });
        upload.completed = true;
        upload.parts.clear();
        return out(json(200, { file_url: `https://${FAKE_FAL_MEDIA_HOST}/files/uploads/${m[1]}/${m[2]}` }));
      }
      return out(json(405, { detail: 'Method Not Allowed' }));
    }

    // ---- storage: PUT to the signed URL
    if (u.hostname === FAKE_FAL_STORAGE_HOST) {
      rec.kind = 'upload';
      const index = counts.upload++;
      const m = /^\/upload\/([^/]+)\/([^/]+)$/.exec(u.pathname);
      if (rec.method !== 'PUT' || !m || !u.searchParams.get('X-Fake-Signature')) {
        return out({ status: 403, headers: { 'content-type': 'application/xml', ...CORS }, body: '<Error><Code>SignatureDoesNotMatch</Code></Error>' });
      }
      const o = outcomeResponse(pick(b.upload, index, { index }));
      if (o) return out(o);
      const bytes = toBuffer(body);
      rec.bytes = bytes.length;
      files.set(`/files/uploads/${m[1]}/${m[2]}`, { bytes, contentType: rec.contentType ?? 'application/octet-stream' });
      return out({ status: 200, headers: { ...CORS, etag: `"fake-${m[1]}"` }, body: '' });
    }

    // ---- media host
    if (u.hostname === FAKE_FAL_MEDIA_HOST) {
      rec.kind = 'file';
      if (rec.method !== 'GET' && rec.method !== 'HEAD') return out({ status: 405, headers: CORS, body: '' });
      counts.media++;
      return out(serveMedia(u.pathname, rec));
    }

    // ---- queue
    if (u.hostname === FAL_QUEUE_HOST) {
      const parts = u.pathname.split('/').filter(Boolean);
      const problem = () => authProblem(rec);
      const ri = parts.indexOf('requests');
      if (ri === 2 && parts.length >= 4) {
        const appPrefix = parts.slice(0, 2).join('/');
        const id = parts[3];
        const action = parts[4];
        rec.requestId = id;
        const job = jobs.get(id);
        if (rec.method === 'GET' && action === 'status' && parts.length === 5) {
          rec.kind = 'status';
          const index = counts.status++;
          const p = problem();
          if (p) return out(p);
          if (!job || job.appPrefix !== appPrefix) return out(json(404, { detail: 'Request not found' }));
          const o = outcomeResponse(pick(b.status, index, { index }));
          if (o) return out(o);
          const s = statusBody(job);
          job.polls++;
          return out(json(200, s));
        }
        if (rec.method === 'PUT' && action === 'cancel' && parts.length === 5) {
          rec.kind = 'cancel';
          counts.cancel++;
          const p = problem();
          if (p) return out(p);
          if (!job) return out(json(404, { detail: 'Request not found' }));
          if (job.state === 'COMPLETED' && !job.cancelled) return out(json(400, { status: 'ALREADY_COMPLETED' }));
          job.cancelled = true;
          return out(json(202, { status: 'CANCELLATION_REQUESTED' }));
        }
        if (rec.method === 'GET' && action === undefined && parts.length === 4) {
          rec.kind = 'result';
          const index = counts.result++;
          const p = problem();
          if (p) return out(p);
          if (!job) return out(json(404, { detail: 'Request not found' }));
          if (job.cancelled) return out(json(400, { detail: 'Request was cancelled' }));
          if (job.state !== 'COMPLETED') return out(json(400, { detail: 'Request is still in progress' }));
          const outcome = pick(b.result, index, { index, requestId: id });
          const o = outcomeResponse(outcome);
          if (o) return out(o);
          if (outcome === 'no-mask') return out(json(200, { video: resultBody(job).video }, { 'x-fal-request-id': id }));
          return out(json(200, resultBody(job), { 'x-fal-request-id': id }));
        }
        return out(json(405, { detail: 'Method Not Allowed' }));
      }
      if (rec.method === 'POST' && parts.length >= 2) {
        rec.kind = 'submit';
        const index = counts.submit++;
        const endpoint = parts.join('/');
        rec.endpoint = endpoint;
        let parsed;
        try {
          parsed = JSON.parse(toBuffer(body).toString('utf8') || 'null');
        } catch {
          return out(json(422, ERRORS.validation('body')));
        }
        rec.body = parsed;
        const p = problem();
        if (p) return out(p);
        if (!ENDPOINT_OUTPUT[endpoint]) return out(json(404, ERRORS.notFound()));
        const o = outcomeResponse(pick(b.submit, index, { index, endpoint, body: parsed }));
        if (o) return out(o);
        if (!parsed || typeof parsed.video_url !== 'string') return out(json(422, ERRORS.validation('video_url')));
        const id = `req-${String(++seq).padStart(4, '0')}-fake`;
        const appPrefix = parts.slice(0, 2).join('/');
        jobs.set(id, { id, endpoint, appPrefix, polls: 0, state: 'IN_QUEUE', cancelled: false, input: parsed });
        rec.requestId = id;
        return out(
          json(200, {
            status: 'IN_QUEUE',
            request_id: id,
            ...jobUrls(appPrefix, id),
            queue_position: b.queuePositions[0] ?? 0,
          }, { 'x-fal-request-id': id }),
        );
      }
    }
    return out(json(404, { detail: 'Not Found' }));
  }

  return {
    handle,
    requests,
    counts,
    jobs,
    /** Multipart uploads begun and never completed (fal's client has no way to abort one). */
    get openMultiparts() {
      return [...multiparts.values()].filter((m) => !m.completed).length;
    },
    /** Bytes the fake stored for an uploaded file URL (https://v3.fal.media/files/uploads/...). */
    uploaded(fileUrl) {
      const f = files.get(new URL(fileUrl).pathname);
      return f && f.bytes !== 'mask' ? f.bytes : undefined;
    },
  };
}

/** One-shot pure handler with default behaviour (or the given one). */
export function handleFal(request, behaviour) {
  const { delayMs: _delayMs, ...res } = createFakeFal(behaviour).handle(request);
  return res;
}

/** True for hosts the fake serves (fal's API and media hosts and the fake storage host). */
export function isFakeFalHost(host) {
  return FAKE_FAL_HOSTS.includes(host);
}

/**
 * Serves the fake on 127.0.0.1 (random port). `fetch` is a fetch replacement that sends requests
 * for fal's hosts to this server (the original URL travels in the `x-fake-fal-url` header) and
 * refuses every other URL (recorded in `blocked`), so nothing leaves the machine.
 */
export async function startFakeFal({ behaviour } = {}) {
  const fake = createFakeFal(behaviour);
  const blocked = [];
  const server = await serveFake((req, body) => {
    const original = req.headers['x-fake-fal-url'];
    const url = typeof original === 'string' ? original : `http://${req.headers.host}${req.url}`;
    const headers = { ...req.headers };
    delete headers['x-fake-fal-url'];
    return fake.handle({ method: req.method ?? 'GET', url, headers, body });
  });
  const base = server.url;
  const realFetch = NATIVE_FETCH;

  async function fetchViaFake(input, init = {}) {
    const req = input instanceof Request ? input : undefined;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const u = new URL(url);
    if (u.protocol !== 'https:' || !isFakeFalHost(u.hostname)) {
      blocked.push(url);
      throw new TypeError(`fetch failed (test refused to reach ${u.protocol}//${u.host})`);
    }
    const headers = new Headers(init.headers ?? req?.headers);
    headers.set('x-fake-fal-url', u.href);
    const method = init.method ?? req?.method ?? 'GET';
    let body = init.body;
    if (body === undefined && req && method !== 'GET' && method !== 'HEAD') body = await req.arrayBuffer();
    const res = await realFetch(`${base}${u.pathname}${u.search}`, {
      method,
      headers,
      body,
      signal: init.signal ?? req?.signal,
      redirect: 'manual',
    });
    // Look like the real answer: same status, headers and body, and the URL asked for.
    const out = new Response(res.body, { status: res.status, statusText: res.statusText, headers: res.headers });
    Object.defineProperty(out, 'url', { value: u.href });
    return out;
  }

  return {
    url: base,
    fetch: fetchViaFake,
    blocked,
    requests: fake.requests,
    counts: fake.counts,
    jobs: fake.jobs,
    get openMultiparts() {
      return fake.openMultiparts;
    },
    uploaded: fake.uploaded,
    close: server.close,
  };
}
