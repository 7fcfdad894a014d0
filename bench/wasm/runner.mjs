#!/usr/bin/env node
// Child process of bench/run.mjs (so its Chromium tree can be sampled on its own): serves
// bench/wasm/ (the page), the ffmpeg core the app ships (@ffmpeg/core's ESM build) and @ffmpeg/ffmpeg's ESM build on
// loopback, opens the page in headless Chromium launched exactly like the CLI's (cli/browser.mjs),
// runs the composite + mux there and prints one JSON line. Usage: runner.mjs <job.json>
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blockNonLocal, launchBrowser } from '../../cli/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const MOUNTS = [
  ['/vendor/ffmpeg/', join(root, 'node_modules/@ffmpeg/core/dist/esm')],
  ['/ffmpeg-esm/', join(root, 'node_modules/@ffmpeg/ffmpeg/dist/esm')],
  ['/', here],
];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

function serve() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [prefix, dir] = MOUNTS.find(([p]) => path.startsWith(p));
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(normalize(dir + sep))) return res.writeHead(403).end();
    try {
      const size = statSync(file).size;
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': size });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const server = await serve();
const browser = await launchBrowser();
let result;
try {
  const context = await browser.newContext();
  await blockNonLocal(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => process.stderr.write(`[page] ${e.message}\n`));
  await page.goto(`http://127.0.0.1:${server.address().port}/page.html`);
  await page.waitForFunction(() => window.benchReady === true);
  await page.setInputFiles('#video', job.video);
  await page.setInputFiles('#mask', job.mask);
  await page.setInputFiles('#background', job.background);
  result = await page.evaluate((a) => window.benchRun(a), { composite: job.composite, mux: job.mux });
} catch (err) {
  result = { ok: false, error: err instanceof Error ? err.message : String(err) };
} finally {
  await browser.close();
  server.close();
}
process.stdout.write(`${JSON.stringify(result)}\n`);
