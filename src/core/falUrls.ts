/**
 * Where fal.ai talks to us from, and which result links we are willing to download. Pure.
 *
 * Hosts @fal-ai/client 1.10.1 calls (read from node_modules/@fal-ai/client/src):
 * - https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3   POST, Authorization: Key
 *   -> { upload_url, file_url }; then PUT <upload_url> with the bytes and NO Authorization header.
 * - https://queue.fal.run/{owner}/{alias}[/{path}]                          POST submit
 * - https://queue.fal.run/{owner}/{alias}/requests/{id}/status?logs=0       GET (note: no /path)
 * - https://queue.fal.run/{owner}/{alias}/requests/{id}                     GET result
 * - https://queue.fal.run/{owner}/{alias}/requests/{id}/cancel              PUT
 *
 * Results come back as links on fal's CDN (fal.media and its v2/v3/v3b subdomains); fal's own
 * examples also use storage.googleapis.com/falserverless/... (fal's bucket on a shared host, so
 * only that bucket's path is allowed there).
 */
import { RestyleError } from './errors';
import { FAL_MESSAGES } from './falErrors';

export const FAL_REST_HOST = 'rest.fal.ai';
export const FAL_QUEUE_HOST = 'queue.fal.run';
/** Hosts the fal client sends the key to (Authorization: Key ...). */
export const FAL_API_HOSTS: readonly string[] = [FAL_REST_HOST, FAL_QUEUE_HOST];

/**
 * The one allowlist for result downloads. A host is allowed when it equals a domain here or is a
 * subdomain of it (v3.fal.media, v3b.fal.media, ...). Keep it to fal's own domains.
 */
export const FAL_RESULT_DOMAINS: readonly string[] = ['fal.media', 'fal.run', 'fal.ai'];

/** Shared hosts where only fal's own path prefix is allowed. */
export const FAL_RESULT_SHARED_HOSTS: Readonly<Record<string, string>> = {
  'storage.googleapis.com': '/falserverless/',
};

/** The largest mask video we download. A 30 s 720p mask is a few MB; this is a safety cap. */
export const FAL_MAX_MASK_BYTES = 300 * 1024 * 1024;

/**
 * Content types accepted for the mask download (media type only, parameters ignored).
 * application/octet-stream is allowed because CDNs serve some uploads generically; the bytes are
 * decoded (and so checked) as video afterwards.
 */
export const FAL_MASK_CONTENT_TYPES: readonly string[] = [
  'video/mp4',
  'video/webm',
  'video/quicktime',
  'application/octet-stream',
];

/** 'video/mp4; codecs="avc1"' -> 'video/mp4'. Empty string when missing. */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function isAllowedMaskContentType(contentType: string | null | undefined): boolean {
  return FAL_MASK_CONTENT_TYPES.includes(mediaTypeOf(contentType));
}

function reject(): never {
  throw new RestyleError('failed', FAL_MESSAGES.badResultHost);
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** True when `host` (already lower-case, from URL) is one of ours by the rules above. */
function hostAllowed(host: string, pathname: string): boolean {
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return false;
  // Punycode labels (xn--) can render as look-alikes of fal's names: never ours.
  if (labels.some((l) => l.startsWith('xn--'))) return false;
  if (FAL_RESULT_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`))) return true;
  const prefix = FAL_RESULT_SHARED_HOSTS[host];
  if (prefix !== undefined) {
    // Encoded slashes or backslashes could smuggle another bucket past a prefix check.
    return pathname.startsWith(prefix) && !/%2f|%5c|\\/i.test(pathname);
  }
  return false;
}

/**
 * Accepts only https links on fal's own media hosts: no user name or password, default port,
 * no IP literals or localhost, no look-alike or punycode hosts. Returns the parsed URL, or throws
 * a RestyleError with a plain message.
 */
export function checkFalResultUrl(url: string): URL {
  if (typeof url !== 'string' || url.length === 0 || url.length > 4096) reject();
  // No whitespace or control characters anywhere (URL parsing would silently strip some).
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\s\u0000-\u001f\u007f]/.test(url)) reject();
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    reject();
  }
  if (u.protocol !== 'https:') reject();
  if (u.username !== '' || u.password !== '') reject();
  if (u.port !== '') reject();
  const host = u.hostname;
  if (host.startsWith('[') || host.includes(':')) reject(); // IPv6 literal
  if (/^[\d.]+$/.test(host)) reject(); // IPv4 literal (URL normalises 0x7f.1, 2130706433, ...)
  if (host === 'localhost' || host.endsWith('.localhost')) reject();
  if (!hostAllowed(host, u.pathname)) reject();
  return u;
}

/** Like checkFalResultUrl, but answers true/false. */
export function isAllowedFalResultUrl(url: string): boolean {
  try {
    checkFalResultUrl(url);
    return true;
  } catch {
    return false;
  }
}
