// A tiny static file server for the built app on a free loopback port (the CLI's and tests' own).
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

/** Content types by file ending, for every file the built app has. */
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.tflite': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The file under `root` for a URL path (a directory gives its index.html): `{ file, size, type }`,
 * 'forbidden' for a path that climbs out of root, or null when there is no such file.
 */
export function resolveFile(root, path) {
  let file = normalize(join(root, path));
  if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) return 'forbidden';
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    return { file, size: statSync(file).size, type: TYPES[extname(file)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}

/** Encodings a build may carry precompressed beside a file (`x.wasm.br`, `x.wasm.gz`), best first. */
const PRECOMPRESSED = [
  { encoding: 'br', ext: '.br' },
  { encoding: 'gzip', ext: '.gz' },
];

/** The precompressed sibling of `file` this request accepts, best first, or null. */
export function precompressedFor(acceptEncoding, file) {
  const accepted = String(acceptEncoding ?? '').split(',').map((part) => part.trim().split(';')[0]);
  for (const { encoding, ext } of PRECOMPRESSED) {
    if (!accepted.includes(encoding)) continue;
    try {
      return { file: file + ext, size: statSync(file + ext).size, encoding };
    } catch {
      // No such sibling: try the next encoding.
    }
  }
  return null;
}

/**
 * Answers one request with the file for `path` under `root`: 403 for a path that climbs out,
 * 404 for none, else the file (no body for HEAD), precompressed when the build has it and the
 * browser takes it, as a static host with precompressed files does. `extraHeaders` go with a found
 * file; `send` writes the body (the first-visit benchmark paces it).
 */
export function sendFile(req, res, root, path, extraHeaders = {}, send = (stream, out) => stream.pipe(out)) {
  const found = resolveFile(root, path);
  if (found === 'forbidden') {
    res.writeHead(403).end();
    return;
  }
  if (!found) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const packed = precompressedFor(req.headers['accept-encoding'], found.file);
  const body = packed ?? found;
  const headers = { 'content-type': found.type, 'content-length': body.size, 'cache-control': 'no-cache', ...extraHeaders };
  if (packed) Object.assign(headers, { 'content-encoding': packed.encoding, vary: 'Accept-Encoding' });
  res.writeHead(200, headers);
  if (req.method === 'HEAD') res.end();
  else send(createReadStream(body.file), res);
}

/** Serves `root` on 127.0.0.1; resolves with { url, close }. */
export function serveStatic(root, port = 0) {
  const server = createServer((req, res) => {
    sendFile(req, res, root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      resolve({ url: `http://127.0.0.1:${p}/`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
