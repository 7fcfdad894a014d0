/**
 * Nothing lost: a video interrupted by a reload is offered again with its clip and choices; the
 * database moves from an older schema version without losing what was in it.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { clip } from './media';

async function startMaking(page: Page, path: string, background = 'Seaside') {
  await page.getByTestId('video-input').setInputFiles(path);
  await page.getByRole('radio', { name: background }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByTestId('frames')).toBeVisible();
}

test('a video interrupted by a reload is offered again with its clip and choices, and can be made', async ({ page, appUrl }) => {
  const input = clip('person-720p-10s.mp4');
  await page.goto(appUrl);
  await startMaking(page, input.path);
  await page.reload();

  const card = page.getByTestId('interrupted-job');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("This video wasn't finished");
  await expect(card).toContainText('person-720p-10s.mp4');
  await expect(card).toContainText('Seaside');
  await card.getByRole('button', { name: 'Make it again' }).click();
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Seaside' })).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 180_000 });

  // Made: nothing is left to offer.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  await expect(page.getByTestId('interrupted-job')).toHaveCount(0);
});

test('an interrupted video can be discarded for good; a video running in another tab is not offered', async ({ page, context, appUrl }) => {
  await page.goto(appUrl);
  await startMaking(page, clip('person-720p-10s.mp4').path);
  await page.reload();
  await page.getByTestId('interrupted-job').getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByTestId('interrupted-job')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  await expect(page.getByTestId('interrupted-job')).toHaveCount(0);

  // Tab 1 is making a video; tab 2 opens the app meanwhile: that job is running, not interrupted.
  await startMaking(page, clip('person-720p-10s.mp4').path);
  const other = await context.newPage();
  await other.goto(appUrl);
  await expect(other.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  await other.waitForTimeout(500);
  await expect(other.getByTestId('interrupted-job')).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Cancelled. Your clip and choices are still here.')).toBeVisible();
  await other.reload();
  await expect(other.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  await other.waitForTimeout(500);
  // Cancelled is ended, not interrupted.
  await expect(other.getByTestId('interrupted-job')).toHaveCount(0);
});

test('a database from the previous version (2) moves to version 3 and keeps its settings', async ({ context, page, appUrl }) => {
  // Before the app's own code runs, make the version-2 database an earlier release would have left.
  await context.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    const open = indexedDB.open('restyle', 2);
    open.onupgradeneeded = () => {
      const d = open.result;
      d.createObjectStore('backgrounds', { keyPath: 'id' });
      d.createObjectStore('history', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
      d.createObjectStore('settings');
      d.createObjectStore('keys', { keyPath: 'service' });
      d.createObjectStore('profile');
      d.createObjectStore('profileImages');
    };
    open.onsuccess = () => {
      const d = open.result;
      const tx = d.transaction('settings', 'readwrite');
      tx.objectStore('settings').put('builtin:ocean-blue', 'backgroundId');
      tx.objectStore('settings').put(7, 'blurSigma');
      tx.oncomplete = () => d.close();
    };
  });
  await page.goto(appUrl);
  await page.getByTestId('video-input').setInputFiles(clip('person-720p.mp4').path);
  await expect(page.getByRole('radio', { name: 'Seaside' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByText('Background blur')).toContainText('7');
  const stores = await page.evaluate(
    () =>
      new Promise<{ version: number; stores: string[] }>((resolve, reject) => {
        const r = indexedDB.open('restyle');
        r.onsuccess = () => {
          resolve({ version: r.result.version, stores: [...r.result.objectStoreNames] });
          r.result.close();
        };
        r.onerror = () => reject(r.error);
      }),
  );
  expect(stores.version).toBe(3);
  expect(stores.stores).toEqual(expect.arrayContaining(['backgrounds', 'history', 'settings', 'keys', 'profile', 'profileImages', 'jobs']));
});
