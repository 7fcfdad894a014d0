/**
 * The installable, offline PWA: the service worker precaches everything the local pipeline needs
 * (one online visit, then a full restyle offline), the manifest and icons, updates that wait for
 * the person (and for a video being made), the share target, and a build under a sub-path. The
 * app is served with the host headers of its own _headers file (the CSP included), so every test
 * here also checks that the app works under that Content-Security-Policy.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { clip, downloadVideo, ffprobe } from './media';
import { servePwa, type PwaServer } from './pwaServer';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const VARIANTS = join(ROOT, 'dist-variants');
const BUILD_B = join(VARIANTS, 'update-b');
const BUILD_SUB = join(VARIANTS, 'sub-path');
const B_ID = 'pwa-test-build-b';
const out = mkdtempSync(join(tmpdir(), 'restyle-pwa-'));

interface PwaHandle {
  getUpdateState(): { updateReady: boolean; busy: boolean; deferred: boolean };
  setBusy(busy: boolean): void;
  checkForUpdate(): Promise<void>;
  controllerVersion(): Promise<string | null>;
  buildId: string;
}
type PwaWindow = Window & { __restylePwa?: PwaHandle; __cspViolations?: string[]; __marker?: number };

/** Two more builds of the same source (~2 s each): B differs only in its build id. */
test.beforeAll(() => {
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const build = (outDir: string, env: Record<string, string>) =>
    execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  build(BUILD_B, { RESTYLE_BUILD_ID: B_ID });
  build(BUILD_SUB, { RESTYLE_BASE: '/restyle/' });
});

let server: PwaServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

/** Collects CSP violations (documents) and CSP console errors (documents and workers). */
function watchCsp(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as PwaWindow;
      (w.__cspViolations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return problems;
}

/** Waits until the service worker is active (so its precache is complete) and controls the page. */
async function waitForServiceWorker(page: Page): Promise<{ scope: string; precached: number; expected: number }> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    const names = await caches.keys();
    const precache = names.find((n) => n.includes('precache'));
    const precached = precache ? (await (await caches.open(precache)).keys()).length : 0;
    const sw = await (await fetch(new URL('sw.js', reg.scope))).text();
    const expected = (sw.match(/"url":"/g) ?? []).length;
    return { scope: reg.scope, precached, expected };
  });
}

test('after one online visit, a whole restyle works offline (under the shipped CSP)', async ({ page, context }) => {
  const csp = watchCsp(page);
  server = await servePwa(DIST);
  const first = await page.goto(server.url);
  expect(first?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  const sw = await waitForServiceWorker(page);
  expect(sw.scope).toBe(server.url);
  expect(sw.precached).toBe(sw.expected);
  expect(sw.precached).toBeGreaterThan(15);

  await context.setOffline(true);
  const seenOnline = server.requests.length;
  const again = await page.reload();
  // Served by the service worker from its precache, with the headers it was fetched with.
  expect(again?.fromServiceWorker()).toBe(true);
  expect(again?.headers()['content-security-policy']).toContain("default-src 'self'");

  const input = clip('person-720p.mp4');
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  await page.getByTestId('video-input').setInputFiles(input.path);
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('verdict')).toContainText('Clean background');
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  const target = await downloadVideo(page, join(out, 'offline.mp4'));
  const probe = ffprobe(target);
  expect(probe.video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
  expect(probe.audio?.codec).toBe('aac');
  expect(Math.abs(probe.durationSec - input.durationSec)).toBeLessThanOrEqual(0.1);

  // Nothing reached the server while offline (Chromium's offline emulation does not cover the
  // browser's own update checks of sw.js, so those may still show), and nothing broke the CSP.
  expect(server.requests.slice(seenOnline).filter((r) => r !== 'GET /sw.js')).toEqual([]);
  expect(csp).toEqual([]);
  expect(await page.evaluate(() => (window as PwaWindow).__cspViolations ?? [])).toEqual([]);
});

test('the manifest: names, colours, start and scope, share target, file handlers, icons that decode at their size', async ({ page }) => {
  server = await servePwa(DIST);
  await page.goto(server.url);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifestUrl = new URL(href ?? '', server.url).href;
  const response = await page.request.get(manifestUrl);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    description: string;
    start_url: string;
    scope: string;
    display: string;
    theme_color: string;
    background_color: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
    share_target: unknown;
    file_handlers: unknown;
  };
  expect(manifest).toMatchObject({
    name: 'Restyle',
    short_name: 'Restyle',
    start_url: './',
    scope: './',
    display: 'standalone',
    theme_color: '#5b3df5',
    background_color: '#f6f5fb',
  });
  expect(manifest.description.length).toBeGreaterThan(20);
  expect(manifest.share_target).toEqual({
    action: './share-target',
    method: 'POST',
    enctype: 'multipart/form-data',
    params: { files: [{ name: 'video', accept: ['video/*'] }] },
  });
  expect(manifest.file_handlers).toEqual([
    { action: './', accept: { 'video/mp4': ['.mp4'], 'video/quicktime': ['.mov'], 'video/webm': ['.webm'] } },
  ]);
  expect(manifest.icons.filter((i) => i.purpose === 'maskable').map((i) => i.sizes)).toEqual(['512x512']);
  expect(manifest.icons.filter((i) => i.purpose !== 'maskable').map((i) => i.sizes).sort()).toEqual(['192x192', '512x512']);

  const appleHref = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  const icons = [
    ...manifest.icons.map((i) => ({ url: new URL(i.src, manifestUrl).href, size: Number(i.sizes.split('x')[0]), maskable: i.purpose === 'maskable' })),
    { url: new URL(appleHref ?? 'missing', server.url).href, size: 180, maskable: true },
  ];
  for (const icon of icons) {
    const decoded = await page.evaluate(async (url) => {
      const blob = await (await fetch(url)).blob();
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = canvas.getContext('2d');
      if (!g) throw new Error('no 2d');
      g.drawImage(bitmap, 0, 0);
      // A full-bleed (maskable) icon is opaque to its corner.
      const corner = g.getImageData(1, 1, 1, 1).data[3];
      return { type: blob.type, width: bitmap.width, height: bitmap.height, cornerAlpha: corner };
    }, icon.url);
    expect(decoded, icon.url).toMatchObject({ type: 'image/png', width: icon.size, height: icon.size });
    if (icon.maskable) expect(decoded.cornerAlpha, icon.url).toBe(255);
  }

  // The pages the CLI and the eval drive are built apart (dist-harness/): none ships with the app.
  for (const harnessPage of ['automation.html', 'eval.html']) {
    expect((await page.request.get(new URL(harnessPage, server.url).href)).status(), harnessPage).toBe(404);
  }
});

test('an update waits for Reload, and for a video being made, then the new version takes over', async ({ page }) => {
  server = await servePwa(DIST);
  await page.goto(server.url);
  await waitForServiceWorker(page);
  const handle = () => page.evaluate(() => (window as PwaWindow).__restylePwa !== undefined);
  await expect.poll(handle).toBe(true);
  const versionA = await page.evaluate(() => (window as PwaWindow).__restylePwa!.controllerVersion());
  expect(versionA).not.toBe(B_ID);
  await expect(page.getByText('A new version is ready')).toHaveCount(0);

  // Build B is deployed; the app looks for it (as it does when it comes back to the front).
  server.setRoot(BUILD_B);
  await page.evaluate(() => (window as PwaWindow).__restylePwa!.checkForUpdate());
  const banner = page.getByRole('status').filter({ hasText: 'A new version is ready' });
  await expect(banner).toBeVisible({ timeout: 60_000 });

  // A real video is being made: Reload is remembered, not done.
  await page.evaluate(() => ((window as PwaWindow).__marker = 1));
  await page.getByTestId('video-input').setInputFiles(clip('person-720p.mp4').path);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByTestId('frames')).toBeVisible({ timeout: 60_000 });
  await banner.getByRole('button', { name: 'Reload' }).click();
  await expect(banner).toContainText('It will load when your video is done');
  // Still the same page while the video is made.
  expect(await page.evaluate(() => (window as PwaWindow).__marker)).toBe(1);

  // Done: the video is finished and saved, then the page reloads, and the page that loads lets the
  // new version take over and reloads into it. (Reloaded mid-video, it would have come back with
  // the video unfinished.)
  const buildId = () => page.evaluate(() => (window as PwaWindow).__restylePwa?.buildId).catch(() => 'navigating');
  await expect.poll(buildId, { timeout: 180_000 }).toBe(B_ID);
  // The reload comes back to the video made, in the new version.
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible();
  expect(await page.evaluate(() => (window as PwaWindow).__marker)).toBeUndefined();
  await page.getByRole('button', { name: 'New video' }).click();
  await expect(page.getByTestId('no-interrupted-jobs')).toBeAttached();
  await expect(page.getByTestId('interrupted-job')).toHaveCount(0);
  await page.getByRole('button', { name: 'My videos' }).click();
  await expect(page.getByTestId('history-item')).toContainText('person-720p.mp4');
  expect(await page.evaluate(() => (window as PwaWindow).__restylePwa?.buildId)).toBe(B_ID);
  expect(await page.evaluate(() => (window as PwaWindow).__restylePwa!.controllerVersion())).toBe(B_ID);
  await expect(page.getByText('A new version is ready')).toHaveCount(0);
});

test('a video shared to the app (share target POST) lands at ./?shared=1 and is kept for the Upload step', async ({ page }) => {
  server = await servePwa(DIST);
  await page.goto(server.url);
  await waitForServiceWorker(page);
  const input = clip('person-720p.mp4');

  // What Android does when the person shares a clip to the installed app: a multipart POST.
  await page.evaluate(() => {
    const form = document.createElement('form');
    form.method = 'POST';
    form.enctype = 'multipart/form-data';
    form.action = './share-target';
    const file = document.createElement('input');
    file.type = 'file';
    file.name = 'video';
    file.id = 'share-video';
    form.append(file);
    document.body.append(form);
  });
  await page.locator('#share-video').setInputFiles(input.path);
  await Promise.all([page.waitForURL(/\?shared=1$/), page.evaluate(() => document.querySelector('form')?.submit())]);
  expect(new URL(page.url()).pathname).toBe(new URL(server.url).pathname);
  // The POST never reached the static host (it would have answered 405).
  expect(server.requests.filter((r) => r.startsWith('POST'))).toEqual([]);
  // The Upload step takes the shared clip straight away: the wizard moves on with it, and the
  // copy the service worker kept is gone.
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: /^(Checking your recording|Ready to make your video)$/ })).toBeVisible();
  const left = await page.evaluate(async () => {
    const cache = await caches.open('restyle-share');
    return (await cache.keys()).length;
  });
  expect(left).toBe(0);
  // And the clip it took is the one shared, whole: the video being made keeps it, name and bytes.
  await page.getByRole('button', { name: 'Make my video' }).click();
  const kept = async () =>
    page.evaluate(
      () =>
        new Promise<{ name: string; size: number } | null>((resolve, reject) => {
          const open = indexedDB.open('restyle');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('jobs').objectStore('jobs').getAll();
            all.onsuccess = () => {
              const job = (all.result as { inputName: string; input: Blob }[])[0];
              resolve(job ? { name: job.inputName, size: job.input.size } : null);
              open.result.close();
            };
          };
        }),
    );
  await expect.poll(kept).toEqual({ name: 'person-720p.mp4', size: readFileSync(input.path).length });
  await page.getByRole('button', { name: 'Cancel' }).click();
});

test('built for a sub-path (RESTYLE_BASE=/restyle/), the service worker, manifest and offline reload work there', async ({ page, context }) => {
  const csp = watchCsp(page);
  server = await servePwa(BUILD_SUB, { base: '/restyle/' });
  expect(server.url).toMatch(/\/restyle\/$/);
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  const sw = await waitForServiceWorker(page);
  expect(sw.scope).toBe(server.url);
  expect(sw.precached).toBe(sw.expected);
  const manifestHref = await page.locator('link[rel="manifest"]').evaluate((l: HTMLLinkElement) => l.href);
  expect(manifestHref).toBe(`${server.url}manifest.webmanifest`);

  await context.setOffline(true);
  const seen = server.requests.length;
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  // A deep link inside the scope falls back to the app too.
  await page.goto(`${server.url}some/where?x=1`);
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  await page.goto(server.url);
  // The segmenter's runtime and a model are there offline (from the precache, under their
  // content-hashed names), and ffmpeg.wasm's script; its 32 MB wasm is not (fetched when a clip needs it).
  const offline = await page.evaluate(async () => {
    const base = new URL('/restyle/', location.href);
    // The names the build gave them, as the precache lists them (sw.js itself is not kept offline).
    const precache = (await caches.keys()).find((n) => n.includes('precache')) ?? '';
    const kept = (await (await caches.open(precache)).keys()).map((r) => new URL(r.url).pathname).join(' ');
    const named = (pattern: RegExp) => pattern.exec(kept)?.[0].slice('/restyle/'.length) ?? 'missing';
    const files = [
      named(/\/restyle\/models\/selfie_square-[\w-]{8}\.tflite/),
      named(/\/restyle\/vendor\/mediapipe\/vision_wasm_module_internal-[\w-]{8}\.wasm/),
      named(/\/restyle\/vendor\/ffmpeg\/ffmpeg-core-[\w-]{8}\.js/),
    ];
    const answers = await Promise.all(
      files.map(async (p) => {
        const r = await fetch(new URL(p, base));
        return `${r.status} ${r.headers.get('content-type') ?? ''}`;
      }),
    );
    const wasmNamed = /ffmpeg-core-[\w-]{8}\.wasm/.test(kept);
    return { answers, wasmNamed };
  });
  expect(offline).toEqual({ answers: ['200 application/octet-stream', '200 application/wasm', '200 text/javascript; charset=utf-8'], wasmNamed: false });
  expect(server.requests.slice(seen).filter((r) => r !== 'GET /sw.js')).toEqual([]);
  expect(csp).toEqual([]);
});

test('ffmpeg.wasm only when a clip needs it: its download shows, it is kept, Settings offers and removes it, and such a clip is then made offline', async ({ page, context }) => {
  // The browser asks to save data: nothing is fetched ahead (the Check step's prefetch is skipped),
  // so the download happens at "Make my video", where it shows. It is held back 3 s to be seen.
  await page.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true }));
  await context.route(/ffmpeg-core-[\w-]{8}\.wasm$/, async (route) => {
    await new Promise((r) => setTimeout(r, 3000));
    await route.continue();
  });
  server = await servePwa(DIST);
  const opus = join(ROOT, 'test', 'fixtures', 'out', 'corpus', 'vp9-opus.webm');
  const wasmFetches = () => server?.requests.filter((r) => /ffmpeg-core-[\w-]{8}\.wasm$/.test(r)).length ?? 0;
  const makeOpusVideo = async () => {
    await page.getByTestId('video-input').setInputFiles(opus);
    await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { name: 'Ready to make your video' })).toBeVisible({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Make my video' }).click();
  };

  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  // The first visit stores the on-device path, not ffmpeg.wasm.
  await waitForServiceWorker(page);
  expect(wasmFetches()).toBe(0);

  await makeOpusVideo();
  await expect(page.getByText('Getting the video tools for this kind of clip (first time only)')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  expect(ffprobe(await downloadVideo(page, join(out, 'opus-online.mp4'))).audio?.codec).toBe('aac');
  expect(wasmFetches()).toBe(1);

  // Settings says what works offline, that the tools are kept, and can remove and fetch them again.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('offline-now')).toContainText('Works with no connection');
  await expect(page.getByTestId('offline-tools')).toContainText('The video tools are stored');
  await page.getByRole('button', { name: 'Remove them' }).click();
  await expect(page.getByTestId('offline-tools')).toContainText('Your browser asks to save data');
  await page.getByRole('button', { name: /^Make every kind of clip work offline \(\d+(\.\d)? MB\)$/ }).click();
  await expect(page.getByRole('progressbar', { name: 'Downloading the video tools' })).toBeVisible();
  await expect(page.getByTestId('offline-tools')).toContainText('The video tools are stored', { timeout: 60_000 });
  expect(wasmFetches()).toBe(2);

  // Offline, such a clip is made from what was kept.
  await context.setOffline(true);
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  await makeOpusVideo();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  const offline = ffprobe(await downloadVideo(page, join(out, 'opus-offline.mp4')));
  expect(offline.video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
  expect(offline.audio?.codec).toBe('aac');
  expect(wasmFetches()).toBe(2);
});
