// A bench page's own loopback server and headless Chromium, shared by the runners of
// bench/wasm/ and bench/floor/ (each a child process of bench/run.mjs, so its Chromium tree can
// be sampled on its own): serves `mounts` ([url prefix, folder], first match wins), opens
// page.html of the last mount, waits for window.benchReady, and hands the page to `drive`.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { blockNonLocal, launchBrowser } from '../../cli/browser.mjs';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

function serve(mounts) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
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

/** Runs `drive(page)` on the served page; prints its result (or the failure) as one JSON line. */
export async function runPage(mounts, drive) {
  const server = await serve(mounts);
  const browser = await launchBrowser();
  let result;
  try {
    const context = await browser.newContext();
    await blockNonLocal(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => process.stderr.write(`[page] ${e.message}\n`));
    await page.goto(`http://127.0.0.1:${server.address().port}/page.html`);
    await page.waitForFunction(() => window.benchReady === true);
    result = await drive(page);
  } catch (err) {
    result = { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    await browser.close();
    server.close();
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
