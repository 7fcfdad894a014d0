/** Selfie input paths, session-only keys, and the profile's replace / delete / export / import. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { routeGemini } from './geminiRoute';
import { FAKE_GEMINI_KEY } from '../fakes/gemini.mjs';
import { BACKGROUND_COUNT } from '../../src/core/backgroundPrompts';
import { imageDimensions } from '../../src/core/imageHeader';


/** The Gemini key section of Settings (the fal.ai one has the same controls). */
const gem = (page: Page) => page.getByRole('region', { name: 'Gemini API key' });
const SELFIE = '/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg'; // 512x600

async function saveKey(page: Page, remember = true) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await gem(page).getByPlaceholder('Paste your Gemini key').fill(FAKE_GEMINI_KEY);
  if (!remember) await gem(page).getByLabel('Remember on this device').uncheck();
  await gem(page).getByRole('button', { name: 'Check and save' }).click();
  await expect(page.getByTestId('gemini-key-status')).toBeVisible();
}

const openBackgrounds = (page: Page) => page.getByRole('button', { name: 'Backgrounds', exact: true }).click();

/** The same JPEG with an EXIF block saying "rotate 90° clockwise to display" (orientation 6). */
function withExifOrientation6(jpeg: Buffer): Buffer {
  const tiff = Buffer.from([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF header, IFD at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, // Orientation = 6
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([(payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

test('the selfie can come from the camera; the person sees what is sent and to whom before anything leaves', async ({ page, context, appUrl }) => {
  const gemini = await routeGemini(context);
  await page.goto(appUrl);
  await saveKey(page);
  await page.getByRole('button', { name: 'Make your backgrounds' }).click();
  await page.getByRole('button', { name: 'Use the camera' }).click();
  await expect(page.getByLabel('Camera preview')).toHaveJSProperty('readyState', 4);
  await page.getByRole('button', { name: 'Take photo' }).click();
  await expect(page.getByRole('heading', { name: 'Send this photo to Gemini?' })).toBeVisible();
  await expect(page.getByText("goes to Google's Gemini service, with your own API key")).toBeVisible();
  expect(gemini.counts.generate).toBe(0);
  await page.getByRole('button', { name: 'Not now' }).click();
  expect(gemini.counts.generate).toBe(0);
});

test('EXIF orientation is respected, the selfie is downscaled before it is sent, and HEIC or oversized photos get a clear message', async ({ page, context, appUrl }) => {
  const gemini = await routeGemini(context);
  await page.goto(appUrl);
  await saveKey(page);
  await openBackgrounds(page);
  const input = page.getByTestId('selfie-input');

  await input.setInputFiles({ name: 'me.heic', mimeType: 'image/heic', buffer: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(40)]) });
  await expect(page.getByRole('alert')).toContainText('HEIC');
  await input.setInputFiles({ name: 'big.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(11 * 1024 * 1024, 0xff) });
  await expect(page.getByRole('alert')).toContainText('up to 10.0 MB');

  await input.setInputFiles({ name: 'rotated.jpg', mimeType: 'image/jpeg', buffer: withExifOrientation6(readFileSync(SELFIE)) });
  // 512x600 stored sideways becomes 600x512 upright.
  await expect(page.getByText('This photo (600×512)')).toBeVisible();
  await page.getByRole('button', { name: 'Not now' }).click();

  // A phone photo, 2048x2400: shown and sent at 1024 px on its long side, the image Gemini gets included.
  const big = join(mkdtempSync(join(tmpdir(), 'restyle-selfie-')), 'big.jpg');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', SELFIE, '-vf', 'scale=2048:2400', '-q:v', '3', big]);
  await input.setInputFiles(big);
  await expect(page.getByText('This photo (874×1024)')).toBeVisible();
  await page.getByRole('button', { name: 'Send and make backgrounds' }).click();
  await expect.poll(() => gemini.counts.generate).toBeGreaterThan(0);
  const sent = gemini.requests.find((r) => r.prompt !== undefined)!;
  const image = (sent.body as { contents: { parts: { inlineData?: { mimeType: string; data: string } }[] }[] }).contents[0]!.parts.find((p) => p.inlineData)!.inlineData!;
  expect(image.mimeType).toBe('image/jpeg');
  expect(imageDimensions('jpeg', Buffer.from(image.data, 'base64'))).toEqual({ width: 874, height: 1024 });
});

test('"Remember on this device" off keeps the key for this tab only', async ({ page, context, appUrl }) => {
  await routeGemini(context);
  await page.goto(appUrl);
  await saveKey(page, false);
  await expect(page.getByTestId('gemini-key-status')).toContainText('until you close this tab');
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(gem(page).getByPlaceholder('Paste your Gemini key')).toBeVisible();
});

test('replace selfie, export, delete and import the profile', async ({ page, context, appUrl }) => {
  const gemini = await routeGemini(context);
  const t0 = Date.parse('2026-12-01T09:00:00Z');
  await page.clock.setFixedTime(t0);
  await page.goto(appUrl);
  await saveKey(page);
  await openBackgrounds(page);
  await page.getByTestId('selfie-input').setInputFiles(SELFIE);
  await page.getByRole('button', { name: 'Send and make backgrounds' }).click();
  await expect(page.locator('[data-status="ready"]')).toHaveCount(BACKGROUND_COUNT, { timeout: 30_000 });
  await page.getByTestId('slot-4').getByRole('radio').click();

  const exported = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const file = await (await exported).path();
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { picked: number; backgrounds: unknown[]; note: string };
  expect(doc.picked).toBe(4);
  expect(doc.backgrounds.filter(Boolean)).toHaveLength(BACKGROUND_COUNT);
  expect(doc.note).toContain('never included');

  await page.getByRole('button', { name: 'Delete profile' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete profile' }).click();
  await expect(page.getByText('Your selfie and backgrounds were deleted from this device.')).toBeVisible();
  const left = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('restyle');
        open.onsuccess = () => {
          const req = open.result.transaction('profileImages').objectStore('profileImages').count();
          req.onsuccess = () => resolve(req.result);
        };
      }),
  );
  expect(left).toBe(0);

  await page.getByTestId('profile-import').setInputFiles(file);
  await expect(page.locator('[data-status="ready"]')).toHaveCount(BACKGROUND_COUNT);
  await expect(page.getByTestId('slot-4').getByRole('radio')).toHaveAttribute('aria-checked', 'true');

  const before = gemini.counts.generate;
  // Past the cooldown after the first set (a replaced selfie is a run of its own).
  await page.clock.setFixedTime(t0 + 2 * 60_000);
  await page.getByRole('button', { name: 'Replace selfie' }).click();
  await page.getByTestId('selfie-input').setInputFiles(SELFIE);
  await page.getByRole('button', { name: 'Send and make backgrounds' }).click();
  await expect.poll(() => gemini.counts.generate).toBe(before + BACKGROUND_COUNT);
  await expect(page.locator('[data-status="ready"]')).toHaveCount(BACKGROUND_COUNT, { timeout: 30_000 });

  await page.getByTestId('profile-import').setInputFiles({ name: 'nope.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
  await expect(page.getByRole('alert')).toContainText("isn't a Restyle profile file");
});
