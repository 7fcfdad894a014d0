/**
 * The Backgrounds tab: every background there is (the built-in photos, the person's own pictures,
 * Gemini's), the default for new videos set there, own pictures added and deleted, and each
 * photo's credit where a video made with it is shown.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { clip, FIXTURES } from './media';
import { join } from 'node:path';

const BUILT_INS = ['City at dusk', 'Seaside', 'Meadow', 'Living room', 'Studio grey'];

/** Every picture in the library has loaded (a photo that failed to load has no natural size). */
async function tilesLoaded(page: Page): Promise<number[]> {
  const library = page.getByRole('radiogroup', { name: 'Ready-made and your own pictures' });
  return library.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
}

test('the Backgrounds tab shows every background; the default picked there is where a new video starts, and survives a reload', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Backgrounds', exact: true })).toBeVisible();
  const library = page.getByRole('radiogroup', { name: 'Ready-made and your own pictures' });
  for (const name of BUILT_INS) await expect(library.getByRole('radio', { name })).toBeVisible();
  // Each tile's picture is there (the photos are served with the app).
  await expect.poll(async () => (await tilesLoaded(page)).filter((w) => w > 0).length).toBe(BUILT_INS.length);
  // The first built-in is the default until another is picked.
  await expect(library.getByRole('radio', { name: 'City at dusk' })).toHaveAttribute('aria-checked', 'true');
  // Gemini is one way to add more, not the whole tab.
  await expect(page.getByRole('heading', { name: 'Made for you by Gemini' })).toBeVisible();
  await page.getByText('Photo credits').click();
  await expect(page.getByRole('link', { name: /Nevit Dilmen, CC BY 3\.0/ })).toHaveAttribute('href', 'https://creativecommons.org/licenses/by/3.0/');

  await library.getByRole('radio', { name: 'Meadow' }).click();
  await expect(library.getByRole('radio', { name: 'Meadow' })).toHaveAttribute('aria-checked', 'true');
  await expect(library.getByRole('radio', { name: 'City at dusk' })).toHaveAttribute('aria-checked', 'false');

  // An own picture, added here, becomes the default; deleted, the default goes back to the first built-in.
  await page.getByTestId('library-background-input').setInputFiles(join(FIXTURES, 'corpus', 'exif-rotated.jpg'));
  await expect(library.getByRole('radio', { name: 'exif-rotated.jpg' })).toHaveAttribute('aria-checked', 'true', { timeout: 20_000 });
  await page.reload();
  await expect(library.getByRole('radio', { name: 'exif-rotated.jpg' })).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('button', { name: 'Delete exif-rotated.jpg' }).click();
  await expect(library.getByRole('radio', { name: 'exif-rotated.jpg' })).toHaveCount(0);
  await expect(library.getByRole('radio', { name: 'City at dusk' })).toHaveAttribute('aria-checked', 'true');

  // A refused picture says why, and changes nothing.
  await page.getByTestId('library-background-input').setInputFiles(join(FIXTURES, 'corpus', 'not-an-image.png'));
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(library.getByRole('radio')).toHaveCount(BUILT_INS.length);

  // The default set here is where the next video starts, after a reload too.
  await library.getByRole('radio', { name: 'Seaside' }).click();
  await page.reload();
  await expect(library.getByRole('radio', { name: 'Seaside' })).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('button', { name: 'New video' }).click();
  await page.getByTestId('video-input').setInputFiles(clip('person-720p.mp4').path);
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Seaside' })).toHaveAttribute('aria-checked', 'true');
});

test('a video made on a CC BY photo says how to credit it; one on a public-domain photo asks nothing', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await page.getByTestId('video-input').setInputFiles(clip('person-720p.mp4').path);
  await page.getByRole('radio', { name: 'Seaside' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('video-credit')).toHaveText(
    'If you post this video, credit its background photo: "Jetty in the Maldives" by Nevit Dilmen, CC BY 3.0, scaled down.',
  );
  // The same clip on City at dusk (public domain): no credit asked.
  await page.getByRole('button', { name: 'Try another background' }).click();
  await page.getByRole('radio', { name: 'City at dusk' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText('After · City at dusk')).toBeVisible();
  await expect(page.getByTestId('video-credit')).toHaveCount(0);
});
