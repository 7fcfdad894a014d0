/** The whole wizard in the built app: upload, background, precheck, make, review, download, history. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { clip, compareRestyle, downloadVideo, ffprobe } from './media';
import { blockNonLocal } from '../../cli/browser.mjs';

const out = mkdtempSync(join(tmpdir(), 'restyle-e2e-'));

async function upload(page: Page, path: string) {
  await page.getByTestId('video-input').setInputFiles(path);
}

test('a person restyles a clip end to end, and the background choice and result survive a reload', async ({ page, appUrl }) => {
  const input = clip('person-720p.mp4');
  await page.goto(appUrl);
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();

  await upload(page, input.path);
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  await page.getByRole('radio', { name: 'Seaside' }).click();
  await expect(page.getByRole('radio', { name: 'Seaside' })).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByTestId('verdict')).toContainText('Clean background');
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });

  const target = await downloadVideo(page, join(out, 'flow.mp4'));
  const probe = ffprobe(target);
  expect(probe.video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
  expect(probe.audio?.codec).toBe('aac');
  expect(Math.abs(probe.durationSec - input.durationSec)).toBeLessThanOrEqual(0.1);
  const { personMaxDiff, backgroundMinDiff } = compareRestyle(input, target, [0.5, 2]);
  expect(personMaxDiff).toBeLessThan(40);
  expect(backgroundMinDiff).toBeGreaterThan(40);

  // Everything is still there after a reload: the result in My videos, the chosen background.
  // The reload comes back to the Done step, with the same video.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible();
  await expect(page.getByText('After · Seaside')).toBeVisible();
  await page.getByRole('button', { name: 'My videos' }).click();
  await expect(page.getByTestId('history-item')).toHaveCount(1);
  await expect(page.getByTestId('history-item')).toContainText('person-720p.mp4');
  // It plays right there in the list.
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('button', { name: 'Close' })).toBeVisible();
  // The saved video itself plays: its length is the clip's, and time moves when it plays.
  const saved = page.getByTestId('history-item').getByTestId('result-video');
  await expect.poll(() => saved.evaluate((v: HTMLVideoElement) => v.duration)).toBeGreaterThan(0);
  expect(Math.abs((await saved.evaluate((v: HTMLVideoElement) => v.duration)) - input.durationSec)).toBeLessThanOrEqual(0.1);
  await saved.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => saved.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(0.3);

  await page.getByRole('button', { name: 'New video' }).click();
  await upload(page, input.path);
  await expect(page.getByRole('radio', { name: 'Seaside' })).toHaveAttribute('aria-checked', 'true');

  // Named after its background and when it was made; renamed, the name stays after a reload.
  await page.getByRole('button', { name: 'My videos' }).click();
  const item = page.getByTestId('history-item');
  await expect(item.locator('strong')).toHaveText(/^Seaside, /);
  await page.getByRole('button', { name: /^Rename / }).click();
  await page.getByRole('textbox', { name: 'Name of this video' }).fill('Beach hello');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(item.locator('strong')).toHaveText('Beach hello');

  // Its size is the one Settings → Storage gives it (the video and the clip it was made from).
  const size = (await item.locator('.hint').textContent())!.split(' · ').at(-1)!;
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.locator('.storage-list li', { hasText: 'Beach hello' })).toContainText(size);

  // Deleted, it can be brought back at once with Undo; deleted again, it is gone for good.
  await page.getByRole('button', { name: 'My videos' }).click();
  await page.getByRole('button', { name: 'Delete Beach hello' }).click();
  await expect(page.getByText('No videos yet')).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(item.locator('strong')).toHaveText('Beach hello');
  await page.reload();
  await expect(item).toHaveCount(1);
  await page.getByRole('button', { name: 'Delete Beach hello' }).click();
  await expect(page.getByText('No videos yet')).toBeVisible();
  await page.reload();
  await expect(page.getByText('No videos yet')).toBeVisible();
});

test('"Match my colours" is off at first, and once ticked it is remembered after a reload', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await upload(page, clip('person-720p.mp4').path);
  const box = page.getByRole('checkbox', { name: 'Match my colours to the background' });
  await expect(box).not.toBeChecked();
  await box.check();
  // The reload comes back to the same step, with the same clip.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Match my colours to the background' })).toBeChecked();
});

test('Cancel stops the work at once, and the same clip can then be made', async ({ page, appUrl }) => {
  const input = clip('person-720p.mp4');
  await page.goto(appUrl);
  await upload(page, input.path);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByTestId('frames')).toBeVisible({ timeout: 60_000 });
  const workersBefore = page.workers().length;
  expect(workersBefore).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Cancel' }).click();
  // At once, not when the work ends: making this clip takes far longer here.
  await expect(page.getByText('Cancelled. Your clip and choices are still here.')).toBeVisible({ timeout: 5_000 });
  // The workers doing the job were terminated, not left running.
  await expect.poll(() => page.workers().length).toBeLessThan(workersBefore);

  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
});

test('a busy, moving recorded background gets a warning, and the person can still go on', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await upload(page, clip('person-busy.mp4').path);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('verdict')).toContainText('Busy background');
  await expect(page.getByRole('button', { name: 'Make my video' })).toBeEnabled();
});

test('"Make my video" pressed while the check still runs: the check goes on alongside, and the review shows its warning', async ({ page, appUrl }) => {
  // The models are held back 3 s, so the check (which needs them) is surely still running when Make is pressed.
  await page.route(/\/models\/.+\.tflite$/, async (route) => {
    await new Promise((r) => setTimeout(r, 3000));
    await route.continue();
  });
  await page.goto(appUrl);
  await upload(page, clip('person-busy.mp4').path);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Checking your recording' })).toBeVisible();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('verdict')).toContainText('Busy background');
});

test('a file that is not a video is refused with a message saying what to do', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await upload(page, clip('not-a-video.mp4').path);
  await expect(page.getByRole('alert')).toContainText("This file isn't a video Restyle can read. Pick an MP4, MOV or WebM video.");
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
});

test('an uploaded background image is kept across reloads and can be deleted', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await upload(page, clip('person-noaudio.mp4').path);
  const png = Buffer.from(
    await page.evaluate(async () => {
      const c = new OffscreenCanvas(64, 48);
      const g = c.getContext('2d');
      if (!g) throw new Error('no 2d');
      g.fillStyle = '#c0392b';
      g.fillRect(0, 0, 64, 48);
      return [...new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer())];
    }),
  );
  await page.getByTestId('background-input').setInputFiles({ name: 'red-wall.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByRole('radio', { name: 'red-wall.png' })).toHaveAttribute('aria-checked', 'true');

  await page.reload();
  await expect(page.getByRole('radio', { name: 'red-wall.png' })).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('button', { name: 'Delete red-wall.png' }).click();
  await expect(page.getByRole('radio', { name: 'red-wall.png' })).toHaveCount(0);

  // A text file posing as a picture is refused.
  await page.getByTestId('background-input').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('hello') });
  await expect(page.getByRole('alert')).toContainText('Pick a JPEG, PNG or WebP picture');
});

test('a full disk when saving: the video is still shown and downloadable, the message says what to do, nothing half-saved', async ({
  page,
  appUrl,
}) => {
  // The browser refuses to store more in "My videos", as it does when the device is full.
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if (this.name === 'history') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  const input = clip('person-noaudio.mp4');
  await page.goto(appUrl);
  await upload(page, input.path);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('alert')).toContainText('out of space');
  const target = await downloadVideo(page, join(out, 'unsaved.mp4'));
  expect(ffprobe(target).video).toMatchObject({ codec: 'h264', width: input.width, height: input.height });
  await page.getByRole('button', { name: 'My videos' }).click();
  await expect(page.getByText('No videos yet')).toBeVisible();
});

test('a picked clip and its choices wait while other tabs are open, and "New video" returns to them', async ({ page, appUrl }) => {
  const input = clip('person-720p.mp4');
  await page.goto(appUrl);
  await upload(page, input.path);
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  await page.getByRole('radio', { name: 'Meadow' }).click();

  // A look at My videos, then at Backgrounds (the detour to make Gemini's), then back.
  await page.getByRole('button', { name: 'My videos' }).click();
  await expect(page.getByText('No videos yet')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeHidden();
  await page.getByRole('button', { name: 'Backgrounds' }).click();
  await page.getByRole('button', { name: 'New video' }).click();
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Meadow' })).toHaveAttribute('aria-checked', 'true');

  // The same clip goes on to the Check step; once made, "New video" starts afresh.
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('verdict')).toBeVisible();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText('After · Meadow')).toBeVisible();

  // Before and after at the same moment: the result paused at 1.5 s, then the clip as filmed.
  const result = page.getByTestId('result-video');
  await expect.poll(() => result.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
  await result.evaluate((v: HTMLVideoElement) => {
    v.currentTime = 1.5;
  });
  await page.getByRole('button', { name: 'Before' }).click();
  await expect(page.getByRole('button', { name: 'Before' })).toHaveAttribute('aria-pressed', 'true');
  await expect(result).toBeHidden();
  const original = page.getByTestId('original-video');
  await expect(original).toBeVisible();
  expect(await original.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(1.5, 1);

  // "Try another background": the same clip, back at the Background step; a second video is made.
  await page.getByRole('button', { name: 'Try another background' }).click();
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  await page.getByRole('radio', { name: 'Seaside' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText('After · Seaside')).toBeVisible();
  await page.getByRole('button', { name: 'My videos' }).click();
  await expect(page.getByTestId('history-item')).toHaveCount(2);

  await page.getByRole('button', { name: 'New video' }).click();
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
});

test('each step is a history entry: Back goes one step back, Forward returns, and a reload stays on the step', async ({ page, browser, appUrl }) => {
  const input = clip('person-720p.mp4');
  await page.goto(appUrl);
  await upload(page, input.path);
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  await page.getByRole('radio', { name: 'Meadow' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: /^(Checking your recording|Ready to make your video)$/ })).toBeVisible();
  await expect(page).toHaveURL(/#\/new\/check$/);

  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Meadow' })).toHaveAttribute('aria-checked', 'true');
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('heading', { name: /^(Checking your recording|Ready to make your video)$/ })).toBeVisible();

  // A tab is an entry too: Back from My videos returns to the step.
  await page.getByRole('button', { name: 'My videos' }).click();
  await expect(page.getByText('No videos yet')).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: /^(Checking your recording|Ready to make your video)$/ })).toBeVisible();

  // A reload keeps the step and the clip; the app's own Back button then goes one step back.
  await page.reload();
  await expect(page.getByRole('heading', { name: /^(Checking your recording|Ready to make your video)$/ })).toBeVisible();
  await expect(page.getByTestId('verdict')).toContainText('Clean background');
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();

  // Opened straight at a step with nothing to show there (no clip kept): the start, not a blank page.
  const other = await browser.newContext();
  await blockNonLocal(other);
  const fresh = await other.newPage();
  await fresh.goto(`${appUrl}#/new/making`);
  await expect(fresh.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  await expect(fresh).toHaveURL(appUrl);
  await other.close();
});

test('Settings in plain words: each key links to where it is made; the models and the daily limit wait under Advanced', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('link', { name: 'Google AI Studio' })).toHaveAttribute('href', 'https://aistudio.google.com/apikey');
  await expect(page.getByRole('link', { name: "fal.ai's keys page" })).toHaveAttribute('href', 'https://fal.ai/dashboard/keys');
  const model = page.getByLabel('fal.ai model');
  await expect(model).toBeHidden();
  await page.getByText('Advanced: models and the daily limit').click();
  await expect(model).toBeVisible();
  await expect(page.getByLabel('Gemini image model')).toBeVisible();
  // A reload keeps the Settings tab.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
});
