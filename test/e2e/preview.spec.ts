/**
 * The Background step's preview: the person cut out over the chosen background, made by the
 * video's own matte and compositor, so the still is what the video will show.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { clip, colourDistance, downloadVideo, meanRgb, type Frame } from './media';

const out = mkdtempSync(join(tmpdir(), 'restyle-preview-'));

/** The preview still as shown, once it answers the background and time asked for. */
async function still(page: Page, backgroundId: string, atSec: number): Promise<Frame> {
  const box = page.getByTestId('preview');
  await expect(box).toHaveAttribute('data-background', backgroundId, { timeout: 60_000 });
  await expect(box).toHaveAttribute('data-at-sec', String(atSec));
  await expect(box).toHaveAttribute('data-status', 'ready');
  const { width, height, b64 } = await page.getByTestId('preview-still').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    const rgba = ctx.getImageData(0, 0, c.width, c.height).data;
    const rgb = new Uint8Array((rgba.length / 4) * 3);
    for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) rgb.set([rgba[i]!, rgba[i + 1]!, rgba[i + 2]!], j);
    let s = '';
    for (let i = 0; i < rgb.length; i += 0x8000) s += String.fromCharCode(...rgb.subarray(i, i + 0x8000));
    return { width: c.width, height: c.height, b64: btoa(s) };
  });
  return { width, height, rgb: Buffer.from(b64, 'base64') };
}

/** The video's frame at `t`, scaled to `size` as the still is. */
function videoFrameAt(path: string, t: number, size: { width: number; height: number }): Frame {
  const rgb = execFileSync('ffmpeg', ['-v', 'error', '-ss', String(t), '-i', path, '-frames:v', '1', '-vf', `scale=${size.width}:${size.height}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ...size, rgb };
}

/** Mean absolute difference per channel over the whole picture (0..255). */
function meanDiff(a: Frame, b: Frame): number {
  expect(a.rgb.length).toBe(b.rgb.length);
  let sum = 0;
  for (let i = 0; i < a.rgb.length; i++) sum += Math.abs(a.rgb[i]! - b.rgb[i]!);
  return sum / a.rgb.length;
}

test('the preview shows the person over the chosen background, follows the background and the frame, and matches the made video', async ({ page, appUrl }) => {
  test.setTimeout(240_000);
  const input = clip('person-720p.mp4');
  await page.goto(appUrl);
  await page.getByTestId('video-input').setInputFiles(input.path);
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();

  const dusk = await still(page, 'builtin:city-dusk', 1);
  await page.getByRole('radio', { name: 'Seaside' }).click();
  const seaside = await still(page, 'builtin:seaside', 1);
  const source = videoFrameAt(input.path, 1, seaside);
  for (const p of input.personPoints) {
    // The person stays the person's, whatever the background.
    expect(colourDistance(meanRgb(seaside, p), meanRgb(source, p)), `person at ${p}`).toBeLessThan(40);
    expect(colourDistance(meanRgb(seaside, p), meanRgb(dusk, p)), `person at ${p}`).toBeLessThan(15);
  }
  for (const p of input.backgroundPoints) {
    // The recorded background is gone, and the new one shows where it was.
    expect(colourDistance(meanRgb(seaside, p), meanRgb(source, p)), `old background at ${p}`).toBeGreaterThan(40);
    expect(colourDistance(meanRgb(seaside, p), meanRgb(dusk, p)), `background at ${p}`).toBeGreaterThan(40);
  }

  // Another moment of the clip.
  await page.getByRole('slider', { name: 'Moment to preview' }).fill('2');
  const later = await still(page, 'builtin:seaside', 2);

  // The video made with these choices shows the same picture at that moment.
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 180_000 });
  const made = await downloadVideo(page, join(out, 'preview.mp4'));
  const frame = videoFrameAt(made, 2, later);
  const same = meanDiff(frame, later);
  const other = meanDiff(frame, dusk);
  console.log(`preview vs video at 2 s: ${same.toFixed(2)} (the other background's still: ${other.toFixed(2)})`);
  expect(same).toBeLessThan(4);
  expect(other).toBeGreaterThan(5 * same);
});
