/**
 * A static server for the PWA tests: like cli/staticServer.mjs, plus what a real host does and the
 * tests need: the app under a sub-path (`base`), the response headers from the build's _headers
 * file (Netlify / Cloudflare Pages rules, CSP included), a root that can be switched to another
 * build while the browser keeps its service worker (an update), and a log of requests.
 */
import { createServer } from 'node:http';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveFile } from '../../cli/staticServer.mjs';
import type { AddressInfo } from 'node:net';


interface HeaderRule {
  pattern: RegExp;
  headers: [string, string][];
}

/** Parses a _headers file: a path line (`*` is a splat), then indented `Name: value` lines. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const source = line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      rules.push({ pattern: new RegExp(`^${source}$`), headers: [] });
      continue;
    }
    const m = /^\s+([^:]+):\s*(.*)$/.exec(line);
    const rule = rules[rules.length - 1];
    if (m && rule) rule.headers.push([m[1]!.trim().toLowerCase(), m[2]!.trim()]);
  }
  return rules;
}

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
    const file = join(root, '_headers');
    rules = options.hostHeaders !== false && existsSync(file) ? parseHeadersFile(readFileSync(file, 'utf8')) : [];
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
    const found = resolveFile(root, path);
    if (found === 'forbidden') {
      res.writeHead(403).end();
      return;
    }
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers: Record<string, string | number> = {
      'content-type': found.type,
      'content-length': found.size,
      'cache-control': 'no-cache',
    };
    // Like Cloudflare Pages: every matching rule applies; the same header twice is joined.
    const seen = new Set<string>();
    for (const rule of rules) {
      if (!rule.pattern.test(path)) continue;
      for (const [name, value] of rule.headers) {
        headers[name] = seen.has(name) ? `${String(headers[name])}, ${value}` : value;
        seen.add(name);
      }
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(found.file).pipe(res);
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
