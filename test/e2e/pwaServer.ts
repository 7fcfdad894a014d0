/**
 * A static server for the PWA tests: like cli/staticServer.mjs, plus what a real host does and the
 * tests need: the app under a sub-path (`base`), the response headers from the build's _headers
 * file (Netlify / Cloudflare Pages rules, CSP included), a root that can be switched to another
 * build while the browser keeps its service worker (an update), and a log of requests.
 */
import { createServer } from 'node:http';
import { sendFile } from '../../cli/staticServer.mjs';
import { headersFor, loadHeaderRules, type HeaderRule } from '../../cli/hostHeaders.mjs';
import type { AddressInfo } from 'node:net';

export interface PwaServer {
  /** The app's URL: origin + base. */
  url: string;
  origin: string;
  /** Serve another build from now on (same URLs). */
  setRoot(root: string): void;
  /** Paths requested so far (after the base), in order. */
  requests: string[];
  close(): Promise<void>;
}

export interface PwaServerOptions {
  /** A path prefix such as '/restyle/' ('/' by default). */
  base?: string;
  /** Apply root/_headers (default true). */
  hostHeaders?: boolean;
}

export function servePwa(initialRoot: string, options: PwaServerOptions = {}): Promise<PwaServer> {
  const base = options.base ?? '/';
  let root = initialRoot;
  let rules: HeaderRule[] = [];
  const loadRules = () => {
    rules = options.hostHeaders !== false ? loadHeaderRules(root) : [];
  };
  loadRules();
  const requests: string[] = [];

  const server = createServer((req, res) => {
    const full = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!full.startsWith(base)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const path = '/' + full.slice(base.length);
    requests.push(`${req.method ?? 'GET'} ${path}`);
    // Static hosts answer a POST to a file with an error, as the share target would get
    // without the service worker.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain' }).end('method not allowed');
      return;
    }
    sendFile(req, res, root, path, headersFor(rules, path));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        url: `${origin}${base}`,
        origin,
        requests,
        setRoot(next) {
          root = next;
          loadRules();
        },
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
