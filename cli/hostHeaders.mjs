// The response headers a static host adds from the build's `_headers` file (Netlify and
// Cloudflare Pages rules: CSP, caching, content types), for the local servers that stand in for
// such a host (the PWA tests, the first-visit benchmark).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Parses a _headers file: a path line (`*` is a splat), then indented `Name: value` lines. */
export function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const source = line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      rules.push({ pattern: new RegExp(`^${source}$`), headers: [] });
      continue;
    }
    const m = /^\s+([^:]+):\s*(.*)$/.exec(line);
    const rule = rules[rules.length - 1];
    if (m && rule) rule.headers.push([m[1].trim().toLowerCase(), m[2].trim()]);
  }
  return rules;
}

/** The rules of `root/_headers`, or none when the build has no such file. */
export function loadHeaderRules(root) {
  const file = join(root, '_headers');
  return existsSync(file) ? parseHeadersFile(readFileSync(file, 'utf8')) : [];
}

/** The headers for one path: like Cloudflare Pages, every matching rule applies and the same header twice is joined. */
export function headersFor(rules, path) {
  const headers = {};
  for (const rule of rules) {
    if (!rule.pattern.test(path)) continue;
    for (const [name, value] of rule.headers) headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}
