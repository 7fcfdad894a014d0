// The Content-Security-Policy of public/_headers (the one source), as a <meta> for hosts that can't
// set headers: the app's pages (vite.config.ts) and the harness's (harness/vite.config.ts) carry it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** frame-ancestors is dropped: browsers ignore it in a meta (the header keeps it). */
export function metaCsp() {
  const headers = readFileSync(join(import.meta.dirname, '..', 'public', '_headers'), 'utf8');
  const line = /^\s*Content-Security-Policy:\s*(.+)$/m.exec(headers)?.[1];
  if (!line) throw new Error('public/_headers has no Content-Security-Policy');
  return line
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !d.startsWith('frame-ancestors'))
    .join('; ');
}

/** A Vite plugin that puts the policy in every built page. */
export function cspMetaPlugin() {
  return {
    name: 'restyle:csp-meta',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${metaCsp()}" />`),
  };
}
