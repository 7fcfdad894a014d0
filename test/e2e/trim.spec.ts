/** A clip over 30 s: the person chooses the 30 s to keep on a strip of pictures; only that part is made, its sound in step. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { clip, downloadVideo, ffprobe, flashStartSec, makeMarkedClip, toneStartSec } from './media';

const out = mkdtempSync(join(tmpdir(), 'restyle-trim-'));

/** The start of the part kept, as the draft in IndexedDB has it. */
function draftTrimStart(page: Page): Promise<number | null> {
  return page.evaluate(
    () =>
      new Promise<number | null>((resolve, reject) => {
        const open = indexedDB.open('restyle');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('draft').objectStore('draft').get('choices');
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            const choices = get.result as { trim?: { startSec: number } } | undefined;
            open.result.close();
            resolve(choices?.trim?.startSec ?? null);
          };
        };
      }),
  );
}

test('a 45 s clip: the first 30 s at first, the part chosen on the strip is made, and the choice survives a reload', async ({ page, appUrl }) => {
  test.setTimeout(240_000);
  const spot = clip('person-720p-10s.mp4').personPoints[0]!;
  // The mark (a white square and a tone) is 20 s into the clip.
  const marked = makeMarkedClip(join(out, 'marked-45s.mp4'), 45, 20, spot);
  await page.goto(appUrl);
  await page.getByTestId('video-input').setInputFiles(marked);
  await expect(page.getByRole('heading', { name: 'Choose the 30 s to keep' })).toBeVisible();
  await expect(page.getByText('This clip is 45 s long; Restyle makes up to 30 s.')).toBeVisible();
  await expect(page.getByTestId('trim-range')).toHaveText('0:00 to 0:30');
  // Ten pictures of the whole clip.
  await expect(page.getByTestId('trim-strip')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('.trim-thumb:not(.empty)')).toHaveCount(10);

  await page.getByRole('slider', { name: 'Start of the part to keep' }).fill('12.5');
  await expect(page.getByTestId('trim-range')).toHaveText('0:13 to 0:43');
  // A reload keeps the step and the part chosen (once it is written: as a person would, not in the
  // same millisecond).
  await expect.poll(() => draftTrimStart(page)).toBe(12.5);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Choose the 30 s to keep' })).toBeVisible();
  await expect(page.getByTestId('trim-range')).toHaveText('0:13 to 0:43');

  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
  // Back goes to the part chosen, not to a new pick.
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Choose the 30 s to keep' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 180_000 });

  const target = await downloadVideo(page, join(out, 'trimmed.mp4'));
  const probe = ffprobe(target);
  expect(Math.abs(probe.durationSec - 30)).toBeLessThanOrEqual(0.1);
  expect(probe.audio?.codec).toBe('aac');
  // The mark, 20 s into the clip, is 7.5 s into the part kept: on the picture and in the sound.
  const flash = flashStartSec(target, spot);
  const tone = toneStartSec(target);
  expect(Math.abs(flash - 7.5), `flash at ${flash} s`).toBeLessThanOrEqual(1 / 30 + 0.001);
  expect(Math.abs(tone - flash), `tone at ${tone} s`).toBeLessThanOrEqual(0.05);
  // My videos says how long the video made is.
  await page.getByRole('button', { name: 'My videos' }).click();
  await expect(page.getByTestId('history-item')).toContainText('30 s');
});
