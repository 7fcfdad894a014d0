/**
 * Fetches the app's runtime files with one progress for all of them (by their real sizes: a
 * compressed response's length says nothing of the file's), and keeps some for good in the
 * browser's Cache Storage (ffmpeg.wasm: fetched the first time a clip needs it, then kept, as the
 * service worker keeps the rest). Used by the workers and the page alike.
 */
import { RestyleError } from '../core/errors';
import { unhashedName } from '../core/hashedName';
import type { RuntimeFile } from './runtimeFiles';

/** Bytes so far and in all, for the files of one call. */
export type DownloadProgress = (loaded: number, total: number) => void;

/** The Cache Storage cache that keeps the files fetched on demand (ffmpeg.wasm). */
export const KEPT_CACHE = 'restyle-kept-files';

const OFFLINE = "Restyle couldn't download what it needs. Check your connection and try again.";

/** Calls `onChunk` with each piece of `stream` as it comes. */
async function eachChunk(stream: ReadableStream<Uint8Array<ArrayBuffer>>, onChunk: (chunk: Uint8Array<ArrayBuffer>) => void): Promise<void> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onChunk(value);
  }
}

async function read(response: Response, onBytes: (n: number) => void): Promise<Blob> {
  if (!response.body) return response.blob();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  await eachChunk(response.body, (chunk) => {
    parts.push(chunk);
    onBytes(chunk.byteLength);
  });
  return new Blob(parts, { type: response.headers.get('content-type') ?? '' });
}

async function fetchOk(url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new RestyleError('failed', OFFLINE);
  }
  if (!response.ok) throw new RestyleError('failed', OFFLINE);
  return response;
}

/** The files' bytes, fetched side by side; `onProgress` hears the bytes of all of them so far. */
export async function downloadAll(files: readonly RuntimeFile[], onProgress?: DownloadProgress): Promise<Blob[]> {
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  let loaded = 0;
  onProgress?.(0, total);
  return Promise.all(
    files.map(async (file) => {
      const blob = await read(await fetchOk(file.url), (n) => {
        loaded += n;
        onProgress?.(Math.min(loaded, total), total);
      });
      return blob;
    }),
  );
}

/**
 * A wasm file compiled while it downloads (the bytes go to the compiler as they come, and are
 * counted for `onProgress`): one compile, however many instances are made from it.
 */
export async function compileWasm(file: RuntimeFile, onProgress?: DownloadProgress): Promise<WebAssembly.Module> {
  const response = await fetchOk(file.url);
  onProgress?.(0, file.bytes);
  if (!response.body) return WebAssembly.compile(await response.arrayBuffer());
  const [counted, compiled] = response.body.tee();
  let loaded = 0;
  const counting = eachChunk(counted, (chunk) => {
    loaded += chunk.byteLength;
    onProgress?.(Math.min(loaded, file.bytes), file.bytes);
  });
  const [module] = await Promise.all([WebAssembly.compileStreaming(new Response(compiled, { headers: { 'content-type': 'application/wasm' } })), counting]);
  return module;
}

/** Is `file` kept in Cache Storage? */
export async function isKept(file: RuntimeFile): Promise<boolean> {
  if (typeof caches === 'undefined') return false;
  const cache = await caches.open(KEPT_CACHE);
  return (await cache.match(file.url)) !== undefined;
}

/**
 * The file's bytes from Cache Storage, or fetched (with progress) and kept there. Other versions
 * of kept files (older builds' names) are let go of when a new one is kept.
 */
export async function keptFile(file: RuntimeFile, onProgress?: DownloadProgress): Promise<Blob> {
  const cache = typeof caches === 'undefined' ? null : await caches.open(KEPT_CACHE);
  const hit = await cache?.match(file.url);
  if (hit) {
    onProgress?.(file.bytes, file.bytes);
    return hit.blob();
  }
  const [blob] = await downloadAll([file], onProgress);
  if (!blob) throw new RestyleError('failed', OFFLINE);
  if (cache) {
    try {
      await cache.put(file.url, new Response(blob, { headers: { 'content-type': blob.type, 'content-length': String(blob.size) } }));
      const name = unhashedName(file.url);
      for (const old of await cache.keys()) if (old.url !== file.url && unhashedName(old.url) === name) await cache.delete(old);
    } catch (err) {
      // No room to keep it: this video still gets made; the next one fetches it again.
      console.warn('[restyle] could not keep', file.url, err);
    }
  }
  return blob;
}

/** Forgets a kept file (Settings' "remove"). */
export async function forgetKept(file: RuntimeFile): Promise<void> {
  if (typeof caches === 'undefined') return;
  await (await caches.open(KEPT_CACHE)).delete(file.url);
}
