// Types for test/fakes/gemini.mjs, a fake of the Gemini REST API.

export declare const FAKE_GEMINI_KEY: string;
export declare const FAKE_MODELS: readonly string[];

export type FakeOutcome =
  | 'ok'
  | 'blocked'
  | 'safety'
  | 'blocked-prompt'
  | 'text-only'
  | 'drop'
  | 'quota-zero'
  | 400
  | 401
  | 403
  | 404
  | 429
  | 500
  | 503
  | number;

export interface FakeRequestRecord {
  method: string;
  /** Path and query string as received. */
  url: string;
  path: string;
  /** True when a non-empty x-goog-api-key header was sent. */
  keyInHeader: boolean;
  /** True when a key was sent as ?key= or appears anywhere in the URL. */
  keyInUrl: boolean;
  model: string | undefined;
  /** generateContent only: the text parts of the request, joined. */
  prompt: string | undefined;
  /** generateContent only: the parsed JSON request body. */
  body: any;
}

export interface FakeGeminiBehaviour {
  apiKey?: string;
  keyAccess?: 'ok' | 'no-access' | 'leaked' | 'free-tier' | 'region';
  models?: readonly string[];
  get?: FakeOutcome | readonly FakeOutcome[] | ((ctx: { index: number; model: string }) => FakeOutcome);
  generate?:
    | FakeOutcome
    | readonly FakeOutcome[]
    | ((ctx: { index: number; model: string; prompt: string; body: any }) => FakeOutcome);
  retryDelaySec?: number | null;
  retryAfterHeader?: number | string;
  latencyMs?: number | ((req: FakeRequestRecord) => number);
}

export interface FakeRequest {
  method: string;
  /** Absolute URL or path with query. */
  url: string;
  headers?: Record<string, string | string[] | undefined> | { get(name: string): string | null };
  body?: string | Uint8Array;
}

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
  /** The transport should drop the connection instead of answering (e.g. route.abort()). */
  drop?: boolean;
}

export interface FakeGemini {
  handle(req: FakeRequest): FakeResponse & { delayMs: number };
  readonly requests: FakeRequestRecord[];
  readonly counts: { get: number; generate: number };
}

export declare function createFakeGemini(behaviour?: FakeGeminiBehaviour): FakeGemini;
export declare function handleGemini(req: FakeRequest, behaviour?: FakeGeminiBehaviour): FakeResponse;

export interface RunningFakeGemini {
  /** Base URL (http://127.0.0.1:PORT), for the SDK's httpOptions.baseUrl. */
  url: string;
  readonly requests: FakeRequestRecord[];
  readonly counts: { get: number; generate: number };
  close(): Promise<void>;
}
export declare function startFakeGemini(opts?: { behaviour?: FakeGeminiBehaviour }): Promise<RunningFakeGemini>;

export type Rgb = [number, number, number];
export declare function fakeImageColour(promptOrIndex: string | number): Rgb;
export declare function encodePng(width: number, height: number, rgb: Rgb): Buffer;
export declare function readPng(bytes: Uint8Array): { width: number; height: number; topLeft: Rgb | undefined };
export declare function crc32(buf: Uint8Array): number;
export declare function promptOf(body: unknown): string;

export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details?: Array<Record<string, unknown>> };
}
export declare function errorBody(code: number, status: string, message: string, details?: Array<Record<string, unknown>>): GoogleErrorBody;
export declare const ERRORS: {
  invalidKey(): GoogleErrorBody;
  noKey(): GoogleErrorBody;
  unauthenticated(): GoogleErrorBody;
  permissionDenied(): GoogleErrorBody;
  leaked(): GoogleErrorBody;
  notFound(model: string, method?: string): GoogleErrorBody;
  region(): GoogleErrorBody;
  badRequest(message?: string): GoogleErrorBody;
  quota(model: string, retryDelaySec: number, opts?: { freeTier?: boolean }): GoogleErrorBody;
  internal(): GoogleErrorBody;
  unavailable(): GoogleErrorBody;
};
