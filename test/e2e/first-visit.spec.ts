/**
 * A first visit on a slow link, as a phone's browser makes it (a fresh profile on disk, the app
 * served with its own _headers and precompressed files through one paced link): the segmenter's
 * files come first, with their progress on the Check step; the service worker installs after
 * them; the app says when it works offline; no file is sent twice; ffmpeg.wasm is never fetched
 * for a clip that doesn't need it.
 *
 * No request routing here: Playwright's routing turns the HTTP cache off, and what the cache saves
 * is what this checks. Nothing leaves the machine all the same: the browser resolves no host name
 * but 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { test, expect } from './fixtures';
import { clip } from './media';
import { servePaced, type PacedServer } from '../../bench/lib/pacedServer.mjs';
import { CHROMIUM_ARGS, chromiumPath } from '../../cli/browser.mjs';

const DIST = join(import.meta.dirname, '..', '..', 'dist');

let server: PacedServer | null = null;
let context: BrowserContext | null = null;
let profile: string | null = null;
test.afterEach(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  context = null;
  server = null;
  profile = null;
});

test('a first visit on a slow link: the first video first, then the offline install, nothing fetched twice', async () => {
  // Slow enough that the segmenter's files (about 5 MB compressed) are still coming when the Check step shows.
  server = await servePaced(DIST, { mbit: 6, rttMs: 40 });
  profile = mkdtempSync(join(tmpdir(), 'restyle-first-visit-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    viewport: { width: 390, height: 844 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const input = clip('person-720p.mp4');

  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  await page.getByTestId('video-input').setInputFiles(input.path);
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  // The Check step waits on the segmenter's files: it says so, with their progress.
  await expect(page.getByText(/Getting Restyle ready to find you in your video \(first time only\): \d+%/)).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Getting ready' })).toBeVisible();
  await expect(page.getByTestId('verdict')).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });

  // Then, and only then, the app is stored for offline use, and says so.
  await expect(page.getByText('Restyle now works offline.')).toBeVisible({ timeout: 120_000 });
  const requests = server.requests;
  const swAt = requests.indexOf('/sw.js');
  const segmenterFiles = requests.filter((p) => /^\/(vendor\/mediapipe|models)\//.test(p));
  expect(segmenterFiles.length).toBeGreaterThanOrEqual(5);
  expect(swAt).toBeGreaterThan(Math.max(...segmenterFiles.map((p) => requests.indexOf(p))));

  // Nothing was sent twice (sw.js is looked at on every visit, by design), and ffmpeg.wasm not at all.
  const { byPath } = server.stats();
  const twice = Object.entries(byPath).filter(([path, e]) => e.sends > 1 && path !== '/sw.js');
  expect(twice).toEqual([]);
  expect(Object.keys(byPath).filter((p) => /ffmpeg-core-[\w-]{8}\.wasm$/.test(p))).toEqual([]);
  // Sent compressed where the build had it: the segmenter's wasm came as brotli.
  const wasm = Object.entries(byPath).find(([p]) => /vision_wasm_module_internal-[\w-]{8}\.wasm$/.test(p));
  expect(wasm?.[1].bytes).toBeLessThan(4_000_000);
});
