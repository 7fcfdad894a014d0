/**
 * Nothing lost across a browser restart: with a persistent profile directory (as a person's own
 * browser has), everything made and chosen is still there after the browser is closed, its
 * process gone, and opened again: the remembered key, the selfie's five backgrounds, an uploaded
 * background, the settings and a finished video.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { blockNonLocal, CHROMIUM_ARGS, chromiumPath } from '../../cli/browser.mjs';
import { routeGemini } from './geminiRoute';
import { saveGeminiKey } from './keys';
import { clip } from './media';
import { BACKGROUND_COUNT } from '../../src/core/backgroundPrompts';

const SELFIE = '/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg';

async function openBrowser(dir: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] });
  await blockNonLocal(context);
  await routeGemini(context);
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

test('the key, the profile, an uploaded background, the settings and a video survive closing and reopening the browser', async ({ appUrl }) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'restyle-browser-'));
  const input = clip('person-720p.mp4');
  try {
    // First run: a person sets everything up and makes a video.
    {
      const { context, page } = await openBrowser(dir);
      await page.goto(appUrl);
      await saveGeminiKey(page);
      await expect(page.getByTestId('gemini-key-status')).toContainText('saved on this device');
      await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
      await page.getByTestId('selfie-input').setInputFiles(SELFIE);
      await page.getByRole('button', { name: 'Send and make backgrounds' }).click();
      for (let i = 0; i < BACKGROUND_COUNT; i++) {
        await expect(page.getByTestId(`slot-${i}`)).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
      }

      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'New video' }).click();
      await page.getByTestId('video-input').setInputFiles(input.path);
      await page.getByTestId('background-input').setInputFiles(SELFIE);
      await expect(page.getByRole('radio', { name: 'grace_hopper.jpg' })).toHaveAttribute('aria-checked', 'true', { timeout: 20_000 });
      await page.getByRole('checkbox', { name: 'Match my colours to the background' }).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Make my video' }).click();
      await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 150_000 });
      // Closing the context ends the browser process: nothing is left in memory.
      await context.close();
    }

    // Second run, a new browser process on the same profile directory.
    const { context, page } = await openBrowser(dir);
    try {
      await page.goto(appUrl);
      await page.getByRole('button', { name: 'My videos' }).click();
      await expect(page.getByTestId('history-item')).toHaveCount(1);
      await expect(page.getByTestId('history-item')).toContainText('person-720p.mp4');
      await page.getByRole('button', { name: 'Play' }).click();
      // The stored video itself, not only its entry: it plays to its full length.
      const video = page.getByTestId('history-item').getByTestId('result-video');
      await expect(video).toHaveJSProperty('readyState', 4, { timeout: 15_000 });
      expect(Math.abs((await video.evaluate((v: HTMLVideoElement) => v.duration)) - input.durationSec)).toBeLessThan(0.2);

      await page.getByRole('button', { name: 'Settings' }).click();
      await expect(page.getByTestId('gemini-key-status')).toContainText('saved on this device');
      await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
      for (let i = 0; i < BACKGROUND_COUNT; i++) await expect(page.getByTestId(`slot-${i}`)).toHaveAttribute('data-status', 'ready');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'New video' }).click();
      await page.getByTestId('video-input').setInputFiles(input.path);
      await expect(page.getByRole('radio', { name: 'grace_hopper.jpg' })).toHaveAttribute('aria-checked', 'true');
      await expect(page.getByRole('checkbox', { name: 'Match my colours to the background' })).toBeChecked();
    } finally {
      await context.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
