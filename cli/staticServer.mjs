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

/**
 * Answers one request with the file for `path` under `root`: 403 for a path that climbs out,
 * 404 for none, else the file (no body for HEAD). `extraHeaders` go with a found file.
 */
export function sendFile(req, res, root, path, extraHeaders = {}) {
  const found = resolveFile(root, path);
  if (found === 'forbidden') {
    res.writeHead(403).end();
    return;
  }
  if (!found) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': found.type, 'content-length': found.size, 'cache-control': 'no-cache', ...extraHeaders });
  if (req.method === 'HEAD') res.end();
  else createReadStream(found.file).pipe(res);
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
