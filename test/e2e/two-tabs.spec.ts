/**
 * Two tabs at once: each can make a video while the other does, each video keeps the choices it
 * started with, and both results are kept, whole, and seen in both tabs. Backgrounds added in
 * both tabs at the same moment are both kept (no lost update) and both tabs agree on the pick.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { clip, compareRestyle, downloadVideo, ffprobe, type ClipInfo } from './media';

const out = mkdtempSync(join(tmpdir(), 'restyle-two-tabs-'));

/**
 * Picks the clip and lets the Check step finish, then goes back to the Background step: a video
 * started afterwards starts at once (the check of its clip would otherwise run first, in the
 * same workers).
 */
async function checked(page: Page, input: ClipInfo) {
  await page.getByTestId('video-input').setInputFiles(input.path);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('verdict')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Back', exact: true }).click();
}

async function start(page: Page, background: string) {
  await page.getByRole('radio', { name: background }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByTestId('frames')).toBeVisible({ timeout: 60_000 });
}

async function download(page: Page, name: string): Promise<string> {
  const target = await downloadVideo(page, join(out, name));
  return target;
}

test('two tabs each make a video at the same time: both finish whole, both are kept and listed in each tab', async ({ page, context, appUrl }) => {
  test.setTimeout(300_000);
  const other = await context.newPage();
  // Ten seconds, so the first is still being made when the second starts.
  const first = clip('person-720p-10s.mp4');
  const second = clip('person-noaudio.mp4');
  await Promise.all([page.goto(appUrl), other.goto(appUrl)]);
  // The second starts while the first runs (a pick is shared by the tabs, so they pick in turn;
  // a running video keeps the choices it started with).
  // Both clips checked first, so the second starts the moment it is asked, while the first runs.
  await checked(page, first);
  await checked(other, second);
  await start(page, 'Seaside');
  await start(other, 'City at dusk');
  await expect(page.getByTestId('frames'), 'the first still running').toBeVisible();
  await Promise.all([
    expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 240_000 }),
    expect(other.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 240_000 }),
  ]);

  for (const [tab, input, name] of [
    [page, first, 'first.mp4'],
    [other, second, 'second.mp4'],
  ] as const) {
    const file = await download(tab, name);
    const probe = ffprobe(file);
    expect(probe.video).toMatchObject({ codec: 'h264', width: input.width, height: input.height });
    expect(probe.audio !== null, `${name} audio`).toBe(input.hasAudio);
    expect(Math.abs(probe.durationSec - input.durationSec)).toBeLessThanOrEqual(0.1);
    const { personMaxDiff, backgroundMinDiff } = compareRestyle(input, file, [0.5, input.durationSec - 0.5]);
    expect(personMaxDiff, `${name}: the person kept`).toBeLessThan(40);
    expect(backgroundMinDiff, `${name}: the old background replaced`).toBeGreaterThan(40);
  }
  // Each video with the background it started with, though the pick changed in between.
  await expect(page.getByText('After · Seaside')).toBeVisible();
  await expect(other.getByText('After · City at dusk')).toBeVisible();

  for (const tab of [page, other]) {
    await tab.getByRole('button', { name: 'My videos' }).click();
    await expect(tab.getByTestId('history-item')).toHaveCount(2);
    await expect(tab.getByTestId('history-item').filter({ hasText: first.name })).toHaveCount(1);
    await expect(tab.getByTestId('history-item').filter({ hasText: second.name })).toHaveCount(1);
  }
});

test('two tabs adding a background at the same moment both keep theirs, and each tab shows both', async ({ page, context, appUrl }) => {
  const other = await context.newPage();
  await Promise.all([page.goto(appUrl), other.goto(appUrl)]);
  const input = clip('person-720p.mp4').path;
  await Promise.all([page.getByTestId('video-input').setInputFiles(input), other.getByTestId('video-input').setInputFiles(input)]);
  await Promise.all([
    page.getByTestId('background-input').setInputFiles('/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg'),
    other.getByTestId('background-input').setInputFiles('test/fixtures/out/corpus/transparent.png'),
  ]);
  for (const tab of [page, other]) {
    await expect(tab.getByRole('radio', { name: 'grace_hopper.jpg' })).toBeVisible({ timeout: 20_000 });
    await expect(tab.getByRole('radio', { name: 'transparent.png' })).toBeVisible({ timeout: 20_000 });
  }
  // The pick is shared: both tabs end on the same one of the two, never on different ones.
  const picked = async (tab: Page) => (await tab.getByRole('radio', { checked: true }).textContent())?.trim();
  await expect.poll(async () => [await picked(page), await picked(other)].join(' | ')).toMatch(/^(grace_hopper\.jpg|transparent\.png) \| \1$/);
});
