// Serves a fake service's pure request handler over loopback HTTP, for tests that run real SDKs
// in Node. The handler answers { status, headers, body, delayMs?, drop?, chunked? }.
import http from 'node:http';

const toBuffer = (body) => (typeof body === 'string' ? Buffer.from(body) : Buffer.from(body ?? ''));

/** Writes the body in 64 KiB pieces without a length, until the client stops reading. */
function dribble(res, body) {
  let off = 0;
  const pump = () => {
    while (off < body.length && !res.destroyed) {
      const ok = res.write(body.subarray(off, off + 64 * 1024));
      off += 64 * 1024;
      if (!ok) return res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

/**
 * @param {(req: http.IncomingMessage, body: Buffer | undefined) => { status: number, headers: Record<string,string>, body: string | Uint8Array, delayMs?: number, drop?: boolean, chunked?: boolean }} answer
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function serveFake(answer) {
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const result = answer(req, chunks.length ? Buffer.concat(chunks) : undefined);
      const send = () => {
        if (res.destroyed || req.destroyed) return;
        if (result.drop) {
          req.socket.destroy();
          return;
        }
        res.writeHead(result.status, result.headers);
        if (result.chunked) dribble(res, toBuffer(result.body));
        else res.end(toBuffer(result.body));
      };
      if (result.delayMs > 0) {
        const t = setTimeout(send, result.delayMs);
        res.on('close', () => clearTimeout(t));
      } else send();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
