/**
 * Personal backgrounds with Gemini, end to end in the built app: the real @google/genai SDK runs
 * in the page and reaches a fake Gemini (test/fakes/gemini.mjs) through a route.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { routeGemini } from './geminiRoute';
import { FAKE_GEMINI_KEY, fakeImageColour, type FakeOutcome } from '../fakes/gemini.mjs';
import { backgroundPrompt, BACKGROUND_COUNT } from '../../src/core/backgroundPrompts';
import { clip, colourDistance, downloadVideo, ffprobe, frameAt, meanRgb } from './media';


/** The Gemini key section of Settings (the fal.ai one has the same controls). */
const gem = (page: Page) => page.getByRole('region', { name: 'Gemini API key' });
const SELFIE = '/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg';
const ROOT = join(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'restyle-gemini-'));

async function saveKey(page: Page, key = FAKE_GEMINI_KEY) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await gem(page).getByPlaceholder('Paste your Gemini key').fill(key);
  await gem(page).getByRole('button', { name: 'Check and save' }).click();
}

async function onboard(page: Page) {
  await saveKey(page);
  await expect(page.getByTestId('gemini-key-status')).toContainText('saved on this device');
  await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
  await page.getByTestId('selfie-input').setInputFiles(SELFIE);
  await expect(page.getByRole('heading', { name: 'Send this photo to Gemini?' })).toBeVisible();
  await page.getByRole('button', { name: 'Send and make backgrounds' }).click();
}

const slot = (page: Page, i: number) => page.getByTestId(`slot-${i}`);

/**
 * A fake Gemini's answers by prompt and attempt (1 for a prompt's first request), with the count
 * of requests per prompt in `seen`.
 */
function byAttempt(rule: (prompt: string, attempt: number) => FakeOutcome) {
  const seen = new Map<string, number>();
  const generate = ({ prompt }: { prompt: string }): FakeOutcome => {
    const n = (seen.get(prompt) ?? 0) + 1;
    seen.set(prompt, n);
    return rule(prompt, n);
  };
  return { seen, generate };
}

/** Sets the page's clock (Date.now) to `at`, timers still running: to step past the cooldown. */
async function clockAt(page: Page, at: number) {
  await page.clock.setFixedTime(at);
}
const T0 = Date.parse('2026-12-01T09:00:00Z');
const MINUTE = 60_000;

async function expectAllReady(page: Page) {
  for (let i = 0; i < BACKGROUND_COUNT; i++) await expect(slot(page, i)).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
}

/** The generated image for slot i is a vertical gradient of this colour (see the fake). */
function expectedBackground(i: number, ny: number, output: { width: number; height: number }) {
  const rgb = fakeImageColour(backgroundPrompt(i));
  // The 288x512 image covers the frame: only the middle band of its height is used.
  const band = Math.min(1, ((288 / output.width) * output.height) / 512);
  const imageY = 0.5 + (ny - 0.5) * band;
  const f = 1 - 0.4 * imageY;
  return rgb.map((c) => c * f);
}

test('onboarding makes 5 backgrounds; the picked one is used for the next video and by the CLI with an exported profile', async ({
  page,
  context,
  appUrl,
}) => {
  const gemini = await routeGemini(context);
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  await page.goto(appUrl);
  await onboard(page);
  await expectAllReady(page);
  expect(gemini.counts.generate).toBe(BACKGROUND_COUNT);
  // Each request carried the selfie and a different prompt asking for no people.
  const prompts = gemini.requests.filter((r) => r.prompt).map((r) => r.prompt ?? '');
  expect(new Set(prompts).size).toBe(BACKGROUND_COUNT);
  for (const r of gemini.requests) {
    expect(r.keyInHeader).toBe(true);
    expect(r.keyInUrl).toBe(false);
  }
  for (const line of logs) expect(line).not.toContain(FAKE_GEMINI_KEY);

  await slot(page, 2).getByRole('radio').click();
  await expect(slot(page, 2).getByRole('radio')).toHaveAttribute('aria-checked', 'true');

  // The pick is the default in the wizard, and the output really shows it.
  const input = clip('person-720p.mp4');
  await page.getByRole('button', { name: 'New video' }).click();
  await page.getByTestId('video-input').setInputFiles(input.path);
  await expect(page.getByRole('radio', { name: 'Outdoors' })).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  const target = await downloadVideo(page, join(out, 'picked.mp4'));
  const frame = frameAt(target, 1);
  for (const p of input.backgroundPoints) {
    const seen = meanRgb(frame, p);
    expect(colourDistance(seen, expectedBackground(2, p[1], frame))).toBeLessThan(25);
  }

  // Export, then the CLI restyles with that profile's pick, or with --pick N.
  await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
  const exported = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const profileFile = join(out, 'profile.json');
  await (await exported).saveAs(profileFile);
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(profileFile, 'utf8')).not.toContain(FAKE_GEMINI_KEY);

  const cliOut = join(out, 'cli-pick4.mp4');
  const r = spawnSync(process.execPath, [join(ROOT, 'cli/restyle.mjs'), input.path, '--profile', profileFile, '--pick', '4', '--out', cliOut, '--json'], {
    encoding: 'utf8',
    timeout: 200_000,
  });
  expect(r.status, r.stderr).toBe(0);
  expect(ffprobe(cliOut).video).toMatchObject({ width: 1280, height: 720 });
  const cliFrame = frameAt(cliOut, 1);
  for (const p of input.backgroundPoints) {
    expect(colourDistance(meanRgb(cliFrame, p), expectedBackground(3, p[1], cliFrame))).toBeLessThan(25);
  }
});

test('a failed image is shown as failed and can be retried; rate limits are retried by themselves', async ({ page, context, appUrl }) => {
  const { seen, generate } = byAttempt((prompt, n) => {
    if (prompt === backgroundPrompt(1) && n === 1) return 429;
    if (prompt === backgroundPrompt(3) && n === 1) return 'blocked-prompt';
    return 'ok';
  });
  const gemini = await routeGemini(context, { retryDelaySec: 1, generate });
  await page.goto(appUrl);
  await onboard(page);
  await expect(slot(page, 3)).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  for (const i of [0, 1, 2, 4]) await expect(slot(page, i)).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  expect(seen.get(backgroundPrompt(1))).toBe(2);
  await expect(slot(page, 3)).toContainText("Couldn't make this one");
  await slot(page, 3).getByRole('button', { name: 'Try again' }).click();
  await expect(slot(page, 3)).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  expect(gemini.counts.generate).toBe(7);
});

test('server errors are retried by themselves; a key problem stops the run (no new image is asked for) and says so', async ({ page, context, appUrl }) => {
  const { seen, generate } = byAttempt((prompt, n) => {
    if (prompt === backgroundPrompt(0) && n === 1) return 503;
    if (prompt === backgroundPrompt(1)) return 401;
    return 'ok';
  });
  const gemini = await routeGemini(context, { retryDelaySec: 1, generate });
  await page.goto(appUrl);
  await onboard(page);
  await expect(slot(page, 0)).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(slot(page, 1)).toHaveAttribute('data-status', 'failed');
  await expect(page.getByRole('alert')).toContainText("didn't accept this API key");
  // The run is over: the rest were never asked for.
  await expect(page.getByTestId('unfinished-slots')).toContainText("3 of 5 backgrounds aren't made yet.");
  expect(seen.get(backgroundPrompt(0))).toBe(2);
  expect(seen.get(backgroundPrompt(1))).toBe(1);
  expect(gemini.counts.generate).toBe(3);
});

test('a dropped connection or an answer without an image is not sent again by itself (it may have been billed)', async ({ page, context, appUrl }) => {
  const { generate } = byAttempt((prompt, n) => {
    if (prompt === backgroundPrompt(0) && n === 1) return 'drop';
    if (prompt === backgroundPrompt(2) && n === 1) return 'text-only';
    return 'ok';
  });
  const gemini = await routeGemini(context, { generate });
  await page.goto(appUrl);
  await onboard(page);
  // Every slot settled: one request each, the two failures waiting for a click.
  for (const i of [0, 2]) await expect(slot(page, i)).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  for (const i of [1, 3, 4]) await expect(slot(page, i)).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  expect(gemini.counts.generate).toBe(5);
  await expect(slot(page, 0)).toContainText("Couldn't reach Gemini");
  await slot(page, 0).getByRole('button', { name: 'Try again' }).click();
  await expect(slot(page, 0)).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  expect(gemini.counts.generate).toBe(6);
});

test('leaving mid-generation asks first; after a reload nothing is stuck on "making", the lost ones are counted, and the rest can be made', async ({ page, context, appUrl }) => {
  const gemini = await routeGemini(context, { latencyMs: 4000 });
  await clockAt(page, T0);
  await page.goto(appUrl);
  await onboard(page);
  // Two at a time: both requests are on their way.
  await expect(page.locator('[data-status="generating"]')).toHaveCount(2);
  await expect.poll(() => gemini.counts.generate).toBe(2);

  // The browser's "Leave site?" question: dismissed, the page stays and the run goes on.
  const dismissed = page.waitForEvent('dialog');
  void page.reload().catch(() => undefined);
  const first = await dismissed;
  expect(first.type()).toBe('beforeunload');
  await first.dismiss();
  await expect(page.locator('[data-status="generating"]')).toHaveCount(2);
  // Accepted: the page reloads and the two answers on their way are lost.
  page.once('dialog', (d) => void d.accept());
  await page.reload();
  await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
  await expect(page.locator('[data-status="generating"]')).toHaveCount(0);
  await expect(page.getByTestId('unfinished-slots')).toContainText("5 of 5 backgrounds aren't made yet.");
  await expect(page.getByTestId('unfinished-slots')).toContainText('The page was left while 2 were being made, so they were lost');
  // Another run: past the cooldown after the first.
  await clockAt(page, T0 + 2 * MINUTE);
  await page.getByRole('button', { name: 'Make them now' }).click();
  await expectAllReady(page);
  await expect(page.getByTestId('unfinished-slots')).toHaveCount(0);
  // The two lost on the reload, then the five asked for: nothing was sent again by itself.
  expect(gemini.counts.generate).toBe(7);

  // Done: nothing holds the page any more.
  let asked = false;
  page.once('dialog', (d) => {
    asked = true;
    void d.accept();
  });
  await page.reload();
  // The reload comes back to the same tab.
  await expect(page.getByRole('heading', { name: 'Made for you by Gemini' })).toBeVisible();
  expect(asked).toBe(false);
});

/** Deletes the profile and waits until the screen is the empty one (its inputs are new elements). */
async function deleteProfile(page: Page) {
  await page.getByRole('button', { name: 'Delete profile' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete profile' }).click();
  await expect(page.getByText('Made a profile on another device?')).toBeVisible();
}

async function setCap(page: Page, perDay: number) {
  await page.getByRole('button', { name: 'Settings' }).click();
  // Under "Advanced" (closed until opened).
  const cap = page.getByLabel(/New sets of backgrounds allowed per day/);
  if (!(await cap.isVisible())) await page.getByText('Advanced: models and the daily limit').click();
  await cap.fill(String(perDay));
  await cap.blur();
}

async function makeFiveNew(page: Page) {
  await page.getByRole('button', { name: 'Make 5 new' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Make 5 new' }).click();
}

const CAP_MESSAGE = /You've made new backgrounds 2 times today, the most your Settings allow/;

test('regenerating asks first, and the daily cap stops a run past it', async ({ page, context, appUrl }) => {
  const gemini = await routeGemini(context);
  await clockAt(page, T0);
  await page.goto(appUrl);
  await setCap(page, 2);
  await onboard(page); // the first run counts: 1 of 2
  await expectAllReady(page);

  await clockAt(page, T0 + 2 * MINUTE);
  await page.getByRole('button', { name: 'Make 5 new' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('generates 5 images');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Make 5 new' }).click();
  await expect.poll(() => gemini.counts.generate).toBe(10);
  await expectAllReady(page);

  // Past the cooldown, so only the cap can refuse it: its own words, and no request.
  await clockAt(page, T0 + 4 * MINUTE);
  await makeFiveNew(page);
  await expect(page.getByRole('alert')).toContainText(CAP_MESSAGE);
  await expect(page.getByRole('alert')).toContainText('You can make more in 24 hours');
  expect(gemini.counts.generate).toBe(10);
});

test('every run counts against the cap, and the record outlives deleting, importing and replacing the profile', async ({ page, context, appUrl }) => {
  const gemini = await routeGemini(context);
  await clockAt(page, T0);
  await page.goto(appUrl);
  await setCap(page, 2);
  await onboard(page); // run 1
  await expectAllReady(page);
  await page.getByTestId('slot-2').getByRole('radio').click();
  const exported = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const file = await (await exported).path();

  // A replaced selfie is a run: 2 of 2.
  await clockAt(page, T0 + 2 * MINUTE);
  await page.getByRole('button', { name: 'Replace selfie' }).click();
  await page.getByTestId('selfie-input').setInputFiles(SELFIE);
  await page.getByRole('button', { name: 'Send and make backgrounds' }).click();
  await expect.poll(() => gemini.counts.generate).toBe(10);
  await expectAllReady(page);

  // At the cap: another replaced selfie is refused and the current profile stays as it was.
  await clockAt(page, T0 + 4 * MINUTE);
  await page.getByRole('button', { name: 'Replace selfie' }).click();
  await page.getByTestId('selfie-input').setInputFiles(SELFIE);
  await page.getByRole('button', { name: 'Send and make backgrounds' }).click();
  await expect(page.getByRole('alert')).toContainText(CAP_MESSAGE);
  await page.getByRole('button', { name: 'Keep my current selfie' }).click();
  await expect(page.locator('[data-status="ready"]')).toHaveCount(BACKGROUND_COUNT);

  // Delete, import: the record is still there.
  await deleteProfile(page);
  await page.getByTestId('profile-import').setInputFiles(file);
  await expect(page.locator('[data-status="ready"]')).toHaveCount(BACKGROUND_COUNT);
  await makeFiveNew(page);
  await expect(page.getByRole('alert')).toContainText(CAP_MESSAGE);

  // Delete, then a new selfie: it is kept, its backgrounds wait, and "Make them now" is refused too, after a reload as well.
  await deleteProfile(page);
  await page.getByTestId('selfie-input').setInputFiles(SELFIE);
  await page.getByRole('button', { name: 'Send and make backgrounds' }).click();
  await expect(page.getByRole('alert')).toContainText('Your selfie is saved.');
  await expect(page.getByRole('alert')).toContainText(CAP_MESSAGE);
  await expect(page.locator('[data-status="pending"]')).toHaveCount(BACKGROUND_COUNT);
  await page.reload();
  await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
  await page.getByRole('button', { name: 'Make them now' }).click();
  await expect(page.getByRole('alert')).toContainText(CAP_MESSAGE);
  expect(gemini.counts.generate).toBe(10);

  // A day after the first run, one more is allowed.
  await clockAt(page, T0 + 24 * 60 * MINUTE + 1000);
  await page.getByRole('button', { name: 'Make them now' }).click();
  await expectAllReady(page);
  expect(gemini.counts.generate).toBe(15);
});

/** The Gemini runs on record (the cap counts these), kept apart from the profile. */
async function recordedRuns(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('restyle');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('spending').objectStore('spending').get('gemini-runs');
          get.onsuccess = () => {
            resolve((get.result as number[] | undefined)?.length ?? 0);
            open.result.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

test('a double click on "Make 5 new" makes and counts one set; two tabs confirming right after make none', async ({ page, context, appUrl }) => {
  const gemini = await routeGemini(context);
  await clockAt(page, T0);
  await page.goto(appUrl);
  await onboard(page);
  await expectAllReady(page);
  expect(gemini.counts.generate).toBe(5);
  expect(await recordedRuns(page)).toBe(1);
  await clockAt(page, T0 + 2 * MINUTE);

  await page.getByRole('button', { name: 'Make 5 new' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Make 5 new' }).dblclick();
  await expect.poll(() => gemini.counts.generate).toBe(10);
  await expectAllReady(page);
  // A second claim would have been recorded at the second click, long before the set was ready.
  expect(await recordedRuns(page)).toBe(2);
  expect(gemini.counts.generate).toBe(10);

  // Two tabs, both confirming at once, inside the cooldown: neither makes or counts a set, both say why.
  const other = await context.newPage();
  await other.goto(appUrl);
  await other.getByRole('button', { name: 'Backgrounds', exact: true }).click();
  for (const p of [page, other]) await p.getByRole('button', { name: 'Make 5 new' }).click();
  await Promise.all([page, other].map((p) => p.getByRole('alertdialog').getByRole('button', { name: 'Make 5 new' }).click()));
  // The 60 s cooldown after the last set refuses both (what each says comes after its claim was
  // refused, before any request could go): no images, no count.
  for (const p of [page, other]) await expect(p.getByRole('alert')).toContainText(/You just made new backgrounds|already being made/);
  expect(gemini.counts.generate).toBe(10);
  expect(await recordedRuns(page)).toBe(2);
});

test('a wrong key is named as such and not saved; a saved key can be deleted', async ({ page, context, appUrl }) => {
  await routeGemini(context);
  await page.goto(appUrl);
  await saveKey(page, 'AIzaSyWRONG_key_000000000000000000000');
  await expect(page.getByRole('alert')).toContainText("didn't accept this API key");
  await expect(page.getByRole('alert')).not.toContainText('AIzaSyWRONG');
  await expect(page.getByTestId('gemini-key-status')).toHaveCount(0);

  await gem(page).getByPlaceholder('Paste your Gemini key').fill(FAKE_GEMINI_KEY);
  await gem(page).getByRole('button', { name: 'Check and save' }).click();
  await expect(page.getByTestId('gemini-key-status')).toBeVisible();
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('gemini-key-status')).toContainText('saved on this device');
  await gem(page).getByRole('button', { name: 'Delete key' }).click();
  await expect(gem(page).getByPlaceholder('Paste your Gemini key')).toBeVisible();
  const stored = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('restyle');
        open.onsuccess = () => {
          const req = open.result.transaction('keys').objectStore('keys').count();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(new Error('count failed'));
        };
        open.onerror = () => reject(new Error('open failed'));
      }),
  );
  expect(stored).toBe(0);
});

test('a choice made in one tab shows in the other, and two tabs choosing at once leave one consistent pick', async ({
  page,
  context,
  appUrl,
}) => {
  await routeGemini(context);
  await page.goto(appUrl);
  await onboard(page);
  await expectAllReady(page);
  const other = await context.newPage();
  await other.goto(appUrl);
  await other.getByRole('button', { name: 'Backgrounds', exact: true }).click();
  await expectAllReady(other);

  await slot(page, 0).getByRole('radio').click();
  await expect(slot(other, 0).getByRole('radio')).toHaveAttribute('aria-checked', 'true');

  await Promise.all([slot(page, 1).getByRole('radio').click(), slot(other, 3).getByRole('radio').click()]);
  // Whichever landed last, both tabs agree, and the profile is whole.
  const checked = (p: Page) => p.locator('.slot:has([role="radio"][aria-checked="true"])');
  await expect(checked(page)).toHaveCount(1);
  await expect(checked(other)).toHaveCount(1);
  await expect
    .poll(async () => (await checked(page).getAttribute('data-testid')) === (await checked(other).getAttribute('data-testid')))
    .toBe(true);
  const pickedA = await checked(page).getAttribute('data-testid');
  expect(['slot-1', 'slot-3']).toContain(pickedA);
  for (const p of [page, other]) await expect(p.locator('[data-status="ready"]')).toHaveCount(BACKGROUND_COUNT);
});
