// Types for test/fakes/fal.mjs, a fake of fal.ai's REST API (storage upload, queue, media).

export declare const FAKE_FAL_KEY: string;
export declare const FAL_REST_HOST: 'rest.fal.ai';
export declare const FAL_QUEUE_HOST: 'queue.fal.run';
export declare const FAKE_FAL_MEDIA_HOST: string;
export declare const FAKE_FAL_STORAGE_HOST: string;
export declare const FAKE_FAL_HOSTS: readonly string[];

export type FakeFalOutcome = 'ok' | 'drop' | 'too-many-frames' | 'no-mask' | 401 | 403 | 404 | 422 | 429 | 500 | number;
type Scripted<C> = FakeFalOutcome | readonly FakeFalOutcome[] | ((ctx: C) => FakeFalOutcome);

export interface FakeFalRequestRecord {
  method: string;
  host: string;
  path: string;
  query: string;
  url: string;
  kind: 'initiate' | 'upload' | 'initiate-multipart' | 'part' | 'complete' | 'submit' | 'status' | 'result' | 'cancel' | 'file' | 'media' | 'preflight' | 'unknown';
  /** An Authorization header was sent. */
  authHeader: boolean;
  authScheme: string | undefined;
  /** Authorization was exactly `Key <the valid key>`. */
  keyInAuthHeader: boolean;
  /** The valid key (or the sent credential) appeared anywhere in the URL. */
  keyInUrl: boolean;
  requestId: string | undefined;
  /** submit only: the endpoint id from the path. */
  endpoint: string | undefined;
  /** initiate/submit: the parsed JSON body. */
  body: any;
  /** upload: bytes received. */
  bytes: number | undefined;
  contentType: string | undefined;
}

export interface FakeFalBehaviour {
  key?: string;
  account?: 'ok' | 'exhausted' | 'locked';
  mask?: Uint8Array | string;
  maskContentType?: string;
  maskMeta?: Record<string, unknown>;
  initiate?: Scripted<{ index: number }>;
  upload?: Scripted<{ index: number }>;
  part?: Scripted<{ index: number }>;
  submit?: Scripted<{ index: number; endpoint: string; body: any }>;
  queuePositions?: readonly number[];
  inProgressPolls?: number;
  never?: boolean;
  status?: Scripted<{ index: number }>;
  result?: Scripted<{ index: number; requestId: string }>;
  resultMaskUrl?: string | ((ctx: { requestId: string; maskUrl: string }) => string);
  media?: Scripted<{ index: number }> | 'oversized' | 'oversized-chunked' | 'empty' | readonly ('ok' | 'drop' | 'oversized' | 'oversized-chunked' | 'empty' | number)[];
  oversizeBytes?: number;
  latencyMs?: number | ((req: FakeFalRequestRecord) => number);
}

export interface FakeFalRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  headers?: Record<string, string | string[] | undefined> | { get(name: string): string | null };
  body?: string | Uint8Array;
}

export interface FakeFalResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
  /** The transport should drop the connection instead of answering (e.g. route.abort()). */
  drop?: boolean;
  /** Send the body without a content-length, in pieces. */
  chunked?: boolean;
}

export interface FakeFalJob {
  id: string;
  endpoint: string;
  appPrefix: string;
  polls: number;
  state: string;
  cancelled: boolean;
  input: any;
}

export interface FakeFalCounts {
  initiate: number;
  upload: number;
  submit: number;
  status: number;
  result: number;
  cancel: number;
  media: number;
  /** Multipart uploads (files over 90 MB): begun, parts PUT, completed. */
  initiateMultipart: number;
  part: number;
  complete: number;
}

export interface FakeFal {
  handle(req: FakeFalRequest): FakeFalResponse & { delayMs: number };
  readonly requests: FakeFalRequestRecord[];
  readonly counts: FakeFalCounts;
  readonly jobs: Map<string, FakeFalJob>;
  /** Multipart uploads begun and never completed. */
  readonly openMultiparts: number;
  uploaded(fileUrl: string): Uint8Array | undefined;
}

export declare function createFakeFal(behaviour?: FakeFalBehaviour): FakeFal;
export declare function handleFal(req: FakeFalRequest, behaviour?: FakeFalBehaviour): FakeFalResponse;
export declare function isFakeFalHost(host: string): boolean;

export interface RunningFakeFal {
  url: string;
  /** fetch replacement: fal hosts go to this server, anything else throws (and is recorded). */
  fetch: typeof fetch;
  readonly blocked: string[];
  readonly requests: FakeFalRequestRecord[];
  readonly counts: FakeFalCounts;
  readonly jobs: Map<string, FakeFalJob>;
  /** Multipart uploads begun and never completed. */
  readonly openMultiparts: number;
  uploaded(fileUrl: string): Uint8Array | undefined;
  close(): Promise<void>;
}
export declare function startFakeFal(opts?: { behaviour?: FakeFalBehaviour }): Promise<RunningFakeFal>;

export declare const ERRORS: Record<string, (...args: any[]) => unknown>;
