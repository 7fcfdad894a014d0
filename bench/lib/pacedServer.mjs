// A static host on a slow phone link, for the first-visit benchmark: the built app served as a
// static host serves it (the `_headers` rules, precompressed files when the build has them), with
// every response body paced through ONE shared link of `mbit` Mbit/s (responses take turns chunk
// by chunk, as connections share a real link) and each response started one round trip after its
// request (two on a new connection: the TCP handshake). Pacing the server paces everything the
// browser fetches, the service worker's fetches included, which the browser's own network
// emulation does not slow. It counts the bytes sent per path, so a file sent twice shows.
import { createServer } from 'node:http';
import { sendFile } from '../../cli/staticServer.mjs';
import { headersFor, loadHeaderRules } from '../../cli/hostHeaders.mjs';

const CHUNK = 16 * 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves when `out` can take more, or has closed. */
function drained(out) {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/** A link that carries `bytesPerSec`: `take(n)` resolves when n bytes have gone through, in turn with other takers. */
function sharedLink(bytesPerSec) {
  let free = 0;
  return {
    async take(n) {
      const now = performance.now();
      const start = Math.max(now, free);
      free = start + (n / bytesPerSec) * 1000;
      await sleep(free - now);
    },
  };
}

/**
 * Serves `root` at http://127.0.0.1:PORT/ over a link of `mbit` Mbit/s with `rttMs` round trips.
 * Resolves with { url, requests (paths, in order), close, stats() }: stats() gives { bytes, byPath: { path: { sends, bytes, firstBytes } } }.
 */
export function servePaced(root, { mbit, rttMs }) {
  const rules = loadHeaderRules(root);
  const link = sharedLink((mbit * 1e6) / 8);
  const byPath = new Map();
  let bytes = 0;
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    // A new connection's first request waits for the handshake too.
    const fresh = !req.socket.restyleSeen;
    req.socket.restyleSeen = true;
    await sleep(rttMs * (fresh ? 2 : 1));
    sendFile(req, res, root, path, headersFor(rules, path), (stream, out) => {
      const entry = byPath.get(path) ?? { sends: 0, bytes: 0, firstBytes: 0 };
      entry.sends += 1;
      const first = entry.sends === 1;
      byPath.set(path, entry);
      void (async () => {
        try {
          for await (const buf of stream) {
            for (let at = 0; at < buf.length; at += CHUNK) {
              const part = buf.subarray(at, at + CHUNK);
              await link.take(part.length);
              if (out.destroyed) return;
              if (!out.write(part)) await drained(out);
              entry.bytes += part.length;
              if (first) entry.firstBytes += part.length;
              bytes += part.length;
            }
          }
          out.end();
        } catch {
          out.destroy();
        }
      })();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}/`,
        requests,
        stats: () => ({ bytes, byPath: Object.fromEntries([...byPath].map(([p, e]) => [p, { ...e }])) }),
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
