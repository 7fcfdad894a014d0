// A framework-free fake of the Gemini REST API (generativelanguage.googleapis.com), answering
// like the real service for the routes @google/genai 2.x uses:
//
//   GET  /v1beta/models/{model}                  models.get   (the key check)
//   GET  /v1beta/models?pageSize=N               models.list
//   POST /v1beta/models/{model}:generateContent  models.generateContent
//
// Auth is the `x-goog-api-key` header (the SDK's way). A `?key=` query parameter is also accepted,
// like the real service, but recorded as `keyInUrl` so tests can fail on it.
//
// `handleGemini` / `createFakeGemini().handle` are pure request -> response functions (no I/O),
// usable from a node http server (`startFakeGemini`) or Playwright's `page.route`. Returned images
// are real PNGs whose colour depends on the prompt (`fakeImageColour`).
import { serveFake } from './serveFake.mjs';
import zlib from 'node:zlib';

export const FAKE_GEMINI_KEY = 'AIzaSyFAKE_test_key_0123456789abcdefghi';
export const FAKE_MODELS = ['gemini-2.5-flash-image', 'gemini-2.5-flash'];

// ---------------------------------------------------------------------------------------------
// PNG encoding (RGB, 8-bit, no interlace) with zlib and CRC32.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A real PNG: `width`x`height`, a vertical gradient from `rgb` (top row, exact) to 60% of it at
 * the bottom.
 */
export function encodePng(width, height, rgb) {
  const [r, g, b] = rgb;
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const f = height > 1 ? 1 - 0.4 * (y / (height - 1)) : 1;
    const pr = Math.round(r * f), pg = Math.round(g * f), pb = Math.round(b * f);
    const o = y * stride;
    raw[o] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const p = o + 1 + x * 3;
      raw[p] = pr;
      raw[p + 1] = pg;
      raw[p + 2] = pb;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Reads width, height and the top-left pixel of a PNG made by `encodePng` (test helper). */
export function readPng(bytes) {
  const buf = Buffer.from(bytes.buffer ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes);
  if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  let off = 8;
  let width = 0, height = 0, colourType = -1;
  const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('ascii', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (crc32(buf.subarray(off + 4, off + 8 + len)) !== buf.readUInt32BE(off + 8 + len)) throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colourType = data[9];
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const topLeft = colourType === 2 ? [raw[1], raw[2], raw[3]] : undefined;
  return { width, height, topLeft };
}

// ---------------------------------------------------------------------------------------------
// Colours

const PALETTE = [
  [214, 140, 69], // warm amber
  [230, 170, 60], // golden
  [70, 140, 80], // green
  [120, 130, 150], // cool grey-blue
  [190, 140, 210], // lavender
  [60, 120, 200],
  [200, 80, 90],
  [90, 200, 190],
];

function fnv1a(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The colour of the fake image for a prompt (string) or a palette index (number). Different
 * prompts give different colours (a hash of the text), so tests can tell images apart.
 */
export function fakeImageColour(promptOrIndex) {
  if (typeof promptOrIndex === 'number') {
    const n = PALETTE.length;
    return [...PALETTE[((Math.trunc(promptOrIndex) % n) + n) % n]];
  }
  const h = fnv1a(String(promptOrIndex));
  // Keep channels in 40..239 so the gradient stays visibly coloured.
  return [40 + (h & 0xff) % 200, 40 + ((h >>> 8) & 0xff) % 200, 40 + ((h >>> 16) & 0xff) % 200];
}

const ASPECT_SIZES = {
  '1:1': [512, 512],
  '2:3': [340, 512],
  '3:2': [512, 340],
  '3:4': [384, 512],
  '4:3': [512, 384],
  '4:5': [408, 512],
  '5:4': [512, 408],
  '9:16': [288, 512],
  '16:9': [512, 288],
  '21:9': [512, 220],
};

const pngCache = new Map();
function cachedPng(w, h, rgb) {
  const k = `${w}x${h}:${rgb.join(',')}`;
  let png = pngCache.get(k);
  if (!png) {
    png = encodePng(w, h, rgb);
    if (pngCache.size > 64) pngCache.clear();
    pngCache.set(k, png);
  }
  return png;
}

// ---------------------------------------------------------------------------------------------
// Google-shaped error bodies

const TROUBLESHOOT = 'https://developers.generativeai.google/guide/troubleshooting';

export function errorBody(code, status, message, details) {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

export const ERRORS = {
  invalidKey: () =>
    errorBody(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      },
      {
        '@type': 'type.googleapis.com/google.rpc.LocalizedMessage',
        locale: 'en-US',
        message: 'API key not valid. Please pass a valid API key.',
      },
    ]),
  noKey: () =>
    errorBody(
      403,
      'PERMISSION_DENIED',
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    ),
  unauthenticated: () =>
    errorBody(
      401,
      'UNAUTHENTICATED',
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED', domain: 'googleapis.com' }],
    ),
  permissionDenied: () => errorBody(403, 'PERMISSION_DENIED', 'The caller does not have permission'),
  leaked: () => errorBody(403, 'PERMISSION_DENIED', 'Your API key was reported as leaked. Please use another API key.'),
  notFound: (model, method) =>
    errorBody(
      404,
      'NOT_FOUND',
      method
        ? `models/${model} is not found for API version v1beta, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`
        : `models/${model} is not found for API version v1beta.`,
    ),
  region: () => errorBody(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.'),
  badRequest: (message = 'Request contains an invalid argument.') => errorBody(400, 'INVALID_ARGUMENT', message),
  quota: (model, retryDelaySec, { freeTier = false } = {}) => {
    const metric = freeTier
      ? 'generativelanguage.googleapis.com/generate_content_free_tier_requests'
      : 'generativelanguage.googleapis.com/generate_content_paid_tier_requests';
    const limit = freeTier ? 0 : 10;
    return errorBody(
      429,
      'RESOURCE_EXHAUSTED',
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. \n' +
        `* Quota exceeded for metric: ${metric}, limit: ${limit}, model: ${model}\n` +
        `Please retry in ${retryDelaySec}s.`,
      [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [
            {
              quotaMetric: metric,
              quotaId: freeTier ? 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' : 'GenerateRequestsPerMinutePerProjectPerModel',
              quotaDimensions: { location: 'global', model },
              ...(freeTier ? {} : { quotaValue: String(limit) }),
            },
          ],
        },
        {
          '@type': 'type.googleapis.com/google.rpc.Help',
          links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySec}s` },
      ],
    );
  },
  internal: () => errorBody(500, 'INTERNAL', `An internal error has occurred. Please retry or report in ${TROUBLESHOOT}`),
  unavailable: () => errorBody(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'),
};

// ---------------------------------------------------------------------------------------------
// The handler

function json(status, obj, extraHeaders = {}) {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin, X-Origin, Referer', ...extraHeaders },
    body: JSON.stringify(obj, null, 2),
  };
}

function modelResource(model) {
  const image = model.includes('image');
  return {
    name: `models/${model}`,
    version: '2.0',
    displayName: image ? 'Nano Banana' : 'Gemini 2.5 Flash',
    description: image ? 'Gemini 2.5 Flash Image' : 'Stable version of Gemini 2.5 Flash',
    inputTokenLimit: image ? 32768 : 1048576,
    outputTokenLimit: image ? 32768 : 65536,
    supportedGenerationMethods: ['generateContent', 'countTokens', 'batchGenerateContent'],
    temperature: 1,
    maxTemperature: 2,
    topP: 0.95,
    topK: 64,
  };
}

function header(headers, name) {
  if (!headers) return undefined;
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined;
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(', ') : v;
  }
  return undefined;
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function pick(list, i, ctx) {
  if (typeof list === 'function') return list(ctx);
  if (Array.isArray(list)) return list[i] ?? 'ok';
  return list ?? 'ok';
}

/** Extracts the text of all parts in a generateContent request body. */
export function promptOf(body) {
  const texts = [];
  for (const c of body?.contents ?? []) for (const p of c?.parts ?? []) if (typeof p?.text === 'string') texts.push(p.text);
  return texts.join('\n');
}

/**
 * A stateful fake: scripted outcomes are consumed per call, and every request is recorded.
 *
 * behaviour:
 *   apiKey        the one valid key (default FAKE_GEMINI_KEY)
 *   keyAccess     how that key fares: 'ok' | 'no-access' (403 on the image model) | 'leaked' (403)
 *                 | 'free-tier' (get ok, generate 429 limit 0) | 'region' (400 FAILED_PRECONDITION)
 *   models        known model ids (default FAKE_MODELS); others give 404 NOT_FOUND
 *   get           outcome(s) for models.get: value, array (per call, then 'ok') or fn({index, model})
 *   generate      outcome(s) for generateContent: value, array or fn({index, model, prompt, body})
 *                 outcomes: 'ok' | 'blocked' (finishReason IMAGE_SAFETY) | 'safety' (finishReason SAFETY)
 *                 | 'blocked-prompt' (promptFeedback.blockReason) | 'text-only' | 'drop' (no response)
 *                 | 400 | 401 | 403 | 404 | 429 | 500 | 503 | 'quota-zero'
 *   retryDelaySec RetryInfo.retryDelay for 429s (default 17); null to leave RetryInfo out
 *   retryAfterHeader  also send a Retry-After header with 429/503 (seconds), default none
 *   latencyMs     number or fn(request) -> ms; returned as `delayMs` for the transport to honour
 */
export function createFakeGemini(behaviour = {}) {
  const b = {
    apiKey: FAKE_GEMINI_KEY,
    keyAccess: 'ok',
    models: FAKE_MODELS,
    retryDelaySec: 17,
    ...behaviour,
  };
  const requests = [];
  let getCount = 0;
  let generateCount = 0;

  function outcomeResponse(outcome, model, prompt, body) {
    const retry = b.retryDelaySec;
    switch (outcome) {
      case 400:
        return json(400, ERRORS.badRequest());
      case 401:
        return json(401, ERRORS.unauthenticated());
      case 403:
        return json(403, ERRORS.permissionDenied());
      case 404:
        return json(404, ERRORS.notFound(model, 'generateContent'));
      case 429:
      case 'quota-zero': {
        const err = ERRORS.quota(model, retry ?? 17, { freeTier: outcome === 'quota-zero' });
        if (retry === null) err.error.details = err.error.details.filter((d) => !d['@type'].endsWith('RetryInfo'));
        return json(429, err, b.retryAfterHeader != null ? { 'retry-after': String(b.retryAfterHeader) } : {});
      }
      case 500:
        return json(500, ERRORS.internal());
      case 503:
        return json(503, ERRORS.unavailable(), b.retryAfterHeader != null ? { 'retry-after': String(b.retryAfterHeader) } : {});
      case 'drop':
        return { status: 0, headers: {}, body: '', drop: true };
      default:
        if (typeof outcome === 'number') return json(outcome, errorBody(outcome, 'UNKNOWN', `Fake status ${outcome}`));
        return generateSuccess(outcome, model, prompt, body);
    }
  }

  function generateSuccess(outcome, model, prompt, body) {
    const usage = {
      promptTokenCount: 1290 + Math.ceil(prompt.length / 4),
      candidatesTokenCount: 1290,
      totalTokenCount: 2580 + Math.ceil(prompt.length / 4),
      promptTokensDetails: [
        { modality: 'TEXT', tokenCount: Math.ceil(prompt.length / 4) },
        { modality: 'IMAGE', tokenCount: 1290 },
      ],
      candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: 1290 }],
    };
    const common = { modelVersion: model, responseId: `fake-${generateCount}-${fnv1a(prompt).toString(36)}` };
    if (outcome === 'blocked-prompt') {
      return json(200, { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: usage.promptTokenCount, totalTokenCount: usage.promptTokenCount, promptTokensDetails: usage.promptTokensDetails }, ...common });
    }
    if (outcome === 'blocked' || outcome === 'safety') {
      return json(200, {
        candidates: [{ finishReason: outcome === 'blocked' ? 'IMAGE_SAFETY' : 'SAFETY', index: 0 }],
        usageMetadata: { promptTokenCount: usage.promptTokenCount, totalTokenCount: usage.promptTokenCount, promptTokensDetails: usage.promptTokensDetails },
        ...common,
      });
    }
    if (outcome === 'text-only') {
      return json(200, {
        candidates: [
          {
            content: { parts: [{ text: "I'm unable to create that image. Could you describe the scene differently?" }], role: 'model' },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: { ...usage, candidatesTokenCount: 17, totalTokenCount: usage.promptTokenCount + 17, candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 17 }] },
        ...common,
      });
    }
    const aspect = body?.generationConfig?.imageConfig?.aspectRatio ?? '1:1';
    const size = ASPECT_SIZES[aspect];
    if (!size) return json(400, ERRORS.badRequest(`Unsupported aspect ratio: ${aspect}`));
    const png = cachedPng(size[0], size[1], fakeImageColour(prompt));
    const parts = [{ inlineData: { mimeType: 'image/png', data: png.toString('base64') } }];
    const modalities = body?.generationConfig?.responseModalities;
    if (Array.isArray(modalities) && modalities.includes('TEXT')) parts.unshift({ text: 'Here is the background.' });
    return json(200, {
      candidates: [{ content: { parts, role: 'model' }, finishReason: 'STOP', index: 0 }],
      usageMetadata: usage,
      ...common,
    });
  }

  function keyProblem(key, model, method) {
    if (key === undefined || key === '') return json(403, ERRORS.noKey());
    if (key !== b.apiKey) return json(400, ERRORS.invalidKey());
    if (b.keyAccess === 'leaked') return json(403, ERRORS.leaked());
    if (b.keyAccess === 'region') return json(400, ERRORS.region());
    if (model !== undefined && !b.models.includes(model)) return json(404, ERRORS.notFound(model, method));
    if (b.keyAccess === 'no-access' && model?.includes('image')) return json(403, ERRORS.permissionDenied());
    return undefined;
  }

  /** Pure request -> response. `body` is the request body text (or undefined). */
  function handle({ method, url, headers, body }) {
    const u = new URL(url, 'http://fake-gemini.invalid');
    const headerKey = header(headers, 'x-goog-api-key');
    const queryKey = u.searchParams.get('key') ?? undefined;
    const key = headerKey ?? queryKey;
    const rec = {
      method: String(method).toUpperCase(),
      url: u.pathname + u.search,
      path: u.pathname,
      keyInHeader: headerKey !== undefined && headerKey !== '',
      keyInUrl: queryKey !== undefined || (!!key && (url.includes(key) || safeDecode(url).includes(key))),
      model: undefined,
      prompt: undefined,
      body: undefined,
    };
    requests.push(rec);
    const delayMs = typeof b.latencyMs === 'function' ? b.latencyMs(rec) : (b.latencyMs ?? 0);
    const out = (res) => ({ ...res, delayMs });

    if (rec.method === 'OPTIONS') {
      return out({
        status: 200,
        headers: {
          'access-control-allow-origin': header(headers, 'origin') ?? '*',
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': header(headers, 'access-control-request-headers') ?? '*',
          'access-control-max-age': '3600',
        },
        body: '',
      });
    }

    const m = /^\/v1beta\/models(?:\/([^/:]+))?(?::([A-Za-z]+))?$/.exec(u.pathname);
    if (!m) {
      return out({ status: 404, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: '<!DOCTYPE html><html lang=en><title>Error 404 (Not Found)!!1</title><p><b>404.</b> <ins>That’s an error.</ins></html>' });
    }
    const model = m[1] !== undefined ? decodeURIComponent(m[1]) : undefined;
    const action = m[2];
    rec.model = model;

    if (rec.method === 'GET' && model === undefined && action === undefined) {
      const problem = keyProblem(key, undefined);
      if (problem) return out(problem);
      const size = Math.max(1, Number(u.searchParams.get('pageSize') ?? 50));
      const start = Number(u.searchParams.get('pageToken') ?? 0) || 0;
      const page = b.models.slice(start, start + size);
      return out(json(200, { models: page.map(modelResource), ...(start + size < b.models.length ? { nextPageToken: String(start + size) } : {}) }));
    }

    if (rec.method === 'GET' && model !== undefined && action === undefined) {
      const index = getCount++;
      const problem = keyProblem(key, model);
      if (problem) return out(problem);
      const outcome = pick(b.get, index, { index, model });
      if (outcome !== 'ok') {
        if (outcome === 404) return out(json(404, ERRORS.notFound(model)));
        return out(outcomeResponse(outcome, model, '', undefined));
      }
      return out(json(200, modelResource(model)));
    }

    if (rec.method === 'POST' && model !== undefined && action === 'generateContent') {
      let parsed;
      try {
        parsed = body ? JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8')) : undefined;
      } catch {
        return out(json(400, ERRORS.badRequest('Invalid JSON payload received. Unexpected token.')));
      }
      const prompt = promptOf(parsed);
      rec.prompt = prompt;
      rec.body = parsed;
      const index = generateCount++;
      const problem = keyProblem(key, model, 'generateContent');
      if (problem) return out(problem);
      if (!Array.isArray(parsed?.contents) || parsed.contents.length === 0) {
        return out(json(400, ERRORS.badRequest('* GenerateContentRequest.contents: contents is not specified\n')));
      }
      if (b.keyAccess === 'free-tier' && model.includes('image')) {
        return out(outcomeResponse('quota-zero', model, prompt, parsed));
      }
      const outcome = pick(b.generate, index, { index, model, prompt, body: parsed });
      return out(outcomeResponse(outcome, model, prompt, parsed));
    }

    if (model !== undefined && action !== undefined) {
      return out(json(404, ERRORS.notFound(model, action)));
    }
    return out(json(405, errorBody(405, 'UNIMPLEMENTED', 'Method not allowed.')));
  }

  return {
    handle,
    requests,
    get counts() {
      return { get: getCount, generate: generateCount };
    },
  };
}

/** One-shot pure handler with default behaviour (or the given one). */
export function handleGemini(request, behaviour) {
  const { delayMs: _delayMs, ...res } = createFakeGemini(behaviour).handle(request);
  return res;
}

/**
 * Serves the fake on 127.0.0.1 (random port). Use `url` as the SDK's `httpOptions.baseUrl`.
 * CORS is allowed so a browser page can call it too.
 */
export async function startFakeGemini({ behaviour } = {}) {
  const fake = createFakeGemini(behaviour);
  const server = await serveFake((req, body) => {
    const result = fake.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: body?.toString('utf8') });
    return { ...result, headers: { 'access-control-allow-origin': '*', ...result.headers } };
  });
  return {
    url: server.url,
    requests: fake.requests,
    get counts() {
      return fake.counts;
    },
    close: server.close,
  };
}
