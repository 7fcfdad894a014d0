#!/usr/bin/env node
// npm run bench:first-visit : a new visitor on a phone network, from the first byte to the first
// finished video and to "works offline".
//
// The built app (dist/) is served as a static host serves it (its _headers, its precompressed
// files), through one shared paced link (bench/lib/pacedServer.mjs); a fresh headless Chromium at
// 390x844 opens it, picks a 10 s 720p clip at once, keeps the first built-in background, and makes
// the video. For each link it prints medians of the runs:
//   usable      the first screen can take a clip
//   check       the Check step shows its result
//   done        the first video is made
//   MB by done  bytes the server sent until then
//   offline     the service worker holds everything the on-device path needs (it is active)
//   MB in all   bytes sent by then; twice: bytes of files sent more than once
// Writes bench/first-visit.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../cli/browser.mjs';
import { servePaced } from './lib/pacedServer.mjs';
import { benchClips, ensureClip, loadFixtureRecipe } from './lib/clips.mjs';
import { ensureApp } from '../scripts/harness.mjs';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(import.meta.dirname, 'out');

const LINKS = {
  '10': { name: '10 Mbit/s, 40 ms', mbit: 10, rttMs: 40 },
  '2': { name: '2 Mbit/s, 150 ms', mbit: 2, rttMs: 150 },
  // Not a phone network: what the same visit costs with the network out of the way (the CPU's part).
  local: { name: 'loopback, no pacing', mbit: 10_000, rttMs: 0 },
};

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    links: { type: 'string', default: '10,2' },
    'no-sw': { type: 'boolean', default: false },
    build: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    dist: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  process.stdout.write(`Usage: npm run bench:first-visit [-- --runs N] [--links 10,2] [--no-sw] [--build | --no-build]
  --runs     runs per link (default 3; medians are printed)
  --links    which links: 10 (10 Mbit/s, 40 ms), 2 (2 Mbit/s, 150 ms), local (no pacing: the CPU's part)
  --no-sw    also time the same visit with service workers blocked (one run per link)
  --build    rebuild dist/ first (default: only when it is missing or older than its sources)
  --no-build use dist/ as it is
  --dist DIR serve another build (a copy of an earlier dist/, to compare)
  --out FILE write the results there (default bench/first-visit.json)
`);
  process.exit(0);
}

const started = Date.now();
const log = (msg) => process.stderr.write(`[first-visit ${((Date.now() - started) / 1000).toFixed(0)} s] ${msg}\n`);
const MB = (b) => b / 1e6;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Bytes of files sent more than once (every send after the first). */
function bytesTwice(stats) {
  let twice = 0;
  for (const e of Object.values(stats.byPath)) twice += e.bytes - e.firstBytes;
  return twice;
}

/** Is a service worker active with nothing installing or waiting (its precache done)? */
async function offlineReady(page) {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return Boolean(reg?.active && reg.active.state === 'activated' && !reg.installing && !reg.waiting && navigator.serviceWorker.controller);
  });
}

async function visit(dist, clipFile, link, { serviceWorkers }) {
  const server = await servePaced(dist, link);
  // A fresh profile on disk, as a phone's browser has: its HTTP cache is a disk cache (an
  // incognito context's memory cache keeps no file as large as the wasm).
  const profile = mkdtempSync(join(tmpdir(), 'restyle-first-visit-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    // Nothing but this machine resolves. Not Playwright's request routing: routing turns the HTTP
    // cache off, and what the cache saves is part of what this measures.
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    serviceWorkers,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const t0 = Date.now();
    const at = () => (Date.now() - t0) / 1000;
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Put yourself anywhere' }).waitFor({ timeout: 120_000 });
    await page.getByTestId('video-input').waitFor({ state: 'attached' });
    const usable = at();
    await page.getByTestId('video-input').setInputFiles(clipFile);
    await page.getByRole('heading', { name: 'Choose a background' }).waitFor({ timeout: 120_000 });
    await page.getByRole('radio').first().click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('verdict').waitFor({ timeout: 600_000 });
    const check = at();
    await page.getByRole('button', { name: 'Make my video' }).click();
    await page.getByRole('heading', { name: 'Your video is ready' }).waitFor({ timeout: 600_000 });
    const done = at();
    const bytesByDone = server.stats().bytes;
    let offline = null;
    if (serviceWorkers === 'allow') {
      const deadline = Date.now() + 900_000;
      while (!(await offlineReady(page))) {
        if (Date.now() > deadline) throw new Error('the app did not become ready offline within 15 minutes');
        await page.waitForTimeout(250);
      }
      offline = at();
    }
    const stats = server.stats();
    return { usable, check, done, bytesByDone, offline, bytes: stats.bytes, twice: bytesTwice(stats), byPath: stats.byPath };
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const dist = opt.dist ?? ensureApp({ force: opt.build, noBuild: opt['no-build'], log }).dir;
const F = await loadFixtureRecipe(ROOT);
mkdirSync(OUT, { recursive: true });
const clip = ensureClip(F, benchClips(F)['720p-busy-10s'], OUT, log);
const runs = Number(opt.runs);
const results = {};
for (const key of opt.links.split(',')) {
  const link = LINKS[key];
  if (!link) throw new Error(`unknown link "${key}" (10, 2 or local)`);
  const visits = [];
  for (let i = 0; i < runs; i++) {
    log(`${link.name}: run ${i + 1} of ${runs}…`);
    const v = await visit(dist, clip.file, link, { serviceWorkers: 'allow' });
    log(`  usable ${v.usable.toFixed(1)} s, check ${v.check.toFixed(1)} s, done ${v.done.toFixed(1)} s (${MB(v.bytesByDone).toFixed(1)} MB), offline ${v.offline.toFixed(1)} s (${MB(v.bytes).toFixed(1)} MB, twice ${MB(v.twice).toFixed(1)} MB)`);
    visits.push(v);
  }
  const noSw = opt['no-sw'] ? await visit(dist, clip.file, link, { serviceWorkers: 'block' }) : null;
  if (noSw) log(`  with no service worker: done ${noSw.done.toFixed(1)} s (${MB(noSw.bytesByDone).toFixed(1)} MB)`);
  const pick = (k) => median(visits.map((v) => v[k]));
  results[key] = {
    link: link.name,
    runs,
    usableSec: pick('usable'),
    checkSec: pick('check'),
    doneSec: pick('done'),
    mbByDone: MB(pick('bytesByDone')),
    offlineSec: pick('offline'),
    mbTotal: MB(pick('bytes')),
    mbTwice: MB(pick('twice')),
    noServiceWorkerDoneSec: noSw?.done ?? null,
    // The last run's bytes by file, to see what a visit fetched.
    byPath: Object.fromEntries(Object.entries(visits.at(-1).byPath).map(([p, e]) => [p, { sends: e.sends, mb: Number(MB(e.bytes).toFixed(3)) }])),
  };
}

const rows = [
  ['first screen usable', (r) => `${r.usableSec.toFixed(1)} s`],
  ['Check result shown', (r) => `${r.checkSec.toFixed(1)} s`],
  ['first video done', (r) => `${r.doneSec.toFixed(1)} s`],
  ['downloaded by then', (r) => `${r.mbByDone.toFixed(1)} MB`],
  ['works offline (on-device path stored)', (r) => `${r.offlineSec.toFixed(1)} s, ${r.mbTotal.toFixed(1)} MB`],
  ['fetched twice', (r) => `${r.mbTwice.toFixed(1)} MB`],
  ...(opt['no-sw'] ? [['first video done, no service worker', (r) => `${r.noServiceWorkerDoneSec.toFixed(1)} s`]] : []),
];
// In the order asked for (an object's number-like keys would come out sorted).
const keys = opt.links.split(',');
let table = `| medians of ${runs} | ${keys.map((k) => results[k].link).join(' | ')} |\n|---|${keys.map(() => '---').join('|')}|\n`;
for (const [label, fmt] of rows) table += `| ${label} | ${keys.map((k) => fmt(results[k])).join(' | ')} |\n`;
process.stdout.write(`\n${table}`);
const outFile = opt.out ?? join(import.meta.dirname, 'first-visit.json');
writeFileSync(outFile, `${JSON.stringify({ date: new Date().toISOString(), clip: '720p-busy-10s', viewport: '390x844', results }, null, 2)}\n`);
log(`wrote ${outFile}`);
