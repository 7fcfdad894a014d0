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
  await expect(page.getByTestId('frames')).toBeVisible({ timeout: 60_000 });
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

  // Made: a reload shows it again, and nothing is left to offer.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible();
  await page.getByRole('button', { name: 'New video' }).click();
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  await expect(page.getByTestId('no-interrupted-jobs')).toBeAttached();
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
  // The look for unfinished videos is done (and found none): only then is the absence news.
  await expect(other.getByTestId('no-interrupted-jobs')).toBeAttached();
  await expect(other.getByTestId('interrupted-job')).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Cancelled. Your clip and choices are still here.')).toBeVisible();
  await other.reload();
  await expect(other.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  // Cancelled is ended, not interrupted.
  await expect(other.getByTestId('no-interrupted-jobs')).toBeAttached();
  await expect(other.getByTestId('interrupted-job')).toHaveCount(0);
});

test('a database from an earlier version (3) moves to the current one (5) and keeps everything in every store', async ({ context, page, appUrl }) => {
  const hourAgo = Date.now() - 60 * 60_000;
  // Before the app's own code runs, make the version-3 database an earlier release would have left,
  // with something in each of its stores (made the way that release made them).
  await context.addInitScript((runs) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    const png = async (colour: string, width: number, height: number) => {
      const c = new OffscreenCanvas(width, height);
      const g = c.getContext('2d')!;
      g.fillStyle = colour;
      g.fillRect(0, 0, width, height);
      return { blob: await c.convertToBlob({ type: 'image/png' }), width, height };
    };
    const open = indexedDB.open('restyle', 3);
    open.onupgradeneeded = () => {
      const d = open.result;
      d.createObjectStore('backgrounds', { keyPath: 'id' });
      d.createObjectStore('history', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
      d.createObjectStore('settings');
      d.createObjectStore('keys', { keyPath: 'service' });
      d.createObjectStore('profile');
      d.createObjectStore('profileImages');
      d.createObjectStore('jobs', { keyPath: 'id' });
    };
    open.onsuccess = async () => {
      const d = open.result;
      const [wall, selfie, slot] = await Promise.all([png('#2a6f97', 64, 112), png('#c08552', 48, 48), png('#6a994e', 36, 64)]);
      const clip = new Blob([new Uint8Array(2048)], { type: 'video/mp4' });
      const tx = d.transaction(['backgrounds', 'history', 'settings', 'keys', 'profile', 'profileImages', 'jobs'], 'readwrite');
      tx.objectStore('backgrounds').put({ id: 'bg-old', name: 'Old studio wall', blob: wall.blob, width: 64, height: 112, createdAt: runs[0] });
      tx.objectStore('history').put({
        id: 'h-old', createdAt: runs[0], inputName: 'holiday-dance.mp4', input: clip, output: clip, backgroundName: 'Seaside',
        blurSigma: 14, durationSec: 4, width: 720, height: 1280, verdict: null, totalSec: 9,
      });
      tx.objectStore('settings').put('builtin:ocean-blue', 'backgroundId');
      tx.objectStore('settings').put(7, 'blurSigma');
      tx.objectStore('keys').put({ service: 'gemini', key: 'AIzaSyOLD_release_key_0000000000000000', savedAt: runs[0] });
      tx.objectStore('profile').put({
        createdAt: runs[0], selfieSize: { width: 48, height: 48 }, regenerations: runs,
        slots: [0, 1, 2, 3, 4].map((i) => ({ status: i < 2 ? 'ready' : 'pending', updatedAt: runs[0] })),
      }, 'current');
      tx.objectStore('profileImages').put(selfie, 'selfie');
      tx.objectStore('profileImages').put(slot, 'slot-0');
      tx.objectStore('profileImages').put(slot, 'slot-1');
      tx.objectStore('jobs').put({
        id: 'job-old', startedAt: runs[0], inputName: 'half-made.mp4', input: clip, backgroundId: 'builtin:ocean-blue',
        blurSigma: 7, colourMatch: false, matting: 'local',
      });
      tx.oncomplete = () => d.close();
    };
  }, [hourAgo, hourAgo + 60_000]);
  await page.goto(appUrl);

  // jobs: the interrupted video is offered; backgrounds and settings: in the picker, as chosen
  await expect(page.getByTestId('interrupted-job')).toContainText('half-made.mp4');
  await page.getByTestId('video-input').setInputFiles(clip('person-720p.mp4').path);
  await expect(page.getByRole('radio', { name: 'Seaside' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByRole('radio', { name: 'Old studio wall' })).toBeVisible();
  await expect(page.getByText('Background blur')).toContainText('7');
  // history
  await page.getByRole('button', { name: 'My videos' }).click();
  await expect(page.getByTestId('history-item')).toContainText('holiday-dance.mp4');
  // keys
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('gemini-key-status')).toContainText('saved on this device');
  // profile and its images
  await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
  await expect(page.locator('[data-status="ready"]')).toHaveCount(2);
  await expect(page.locator('[data-status="pending"]')).toHaveCount(3);
  await expect(page.getByRole('img', { name: 'Your selfie' })).toBeVisible();

  const after = await page.evaluate(
    () =>
      new Promise<{ version: number; stores: string[]; runs: unknown; profileKeys: string[] }>((resolve, reject) => {
        const r = indexedDB.open('restyle');
        r.onsuccess = () => {
          const d = r.result;
          const tx = d.transaction(['spending', 'profile']);
          const runs = tx.objectStore('spending').get('gemini-runs');
          const profile = tx.objectStore('profile').get('current');
          tx.oncomplete = () => {
            resolve({ version: d.version, stores: [...d.objectStoreNames], runs: runs.result, profileKeys: Object.keys(profile.result as object) });
            d.close();
          };
        };
        r.onerror = () => reject(r.error);
      }),
  );
  expect(after.version).toBe(5);
  expect(after.stores).toEqual(expect.arrayContaining(['backgrounds', 'history', 'settings', 'keys', 'profile', 'profileImages', 'jobs', 'spending', 'draft']));
  // The profile's own log of "make 5 new" moved to the spending record, which outlives the profile.
  expect(after.runs).toEqual([hourAgo, hourAgo + 60_000]);
  expect(after.profileKeys).not.toContain('regenerations');
});
