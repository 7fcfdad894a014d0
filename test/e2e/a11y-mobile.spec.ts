/**
 * Every screen at phone sizes and on a laptop: no sideways scrolling, touch targets of at least 44 px, and no
 * serious or critical accessibility problems (axe-core in the real browser).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { clip } from './media';
import { blockNonLocal } from '../../cli/browser.mjs';

const VIEWPORTS = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

interface ScreenReport {
  overflow: number;
  smallTargets: string[];
}

/** Measures the screen as a person on a phone meets it. */
async function measure(page: Page): Promise<ScreenReport> {
  return page.evaluate(() => {
    const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    const small: string[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 1 && r.height > 1 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    // What a finger hits: buttons, links, selects and text fields, and the labels that wrap
    // radios, checkboxes and file pickers (those inputs are small or hidden by design).
    const targets = new Set<Element>();
    document.querySelectorAll('button, a[href], select, input[type="text"], input[type="password"], input[type="number"], input[type="range"]').forEach((el) => targets.add(el));
    document.querySelectorAll('input[type="radio"], input[type="checkbox"], input[type="file"]').forEach((el) => {
      const label = el.closest('label');
      if (label) targets.add(label);
    });
    targets.forEach((el) => {
      if (!visible(el)) return;
      const r = el.getBoundingClientRect();
      if (r.height < 43.5 || r.width < 43.5) {
        small.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
      }
    });
    return { overflow, smallTargets: small };
  });
}

async function check(page: Page, screen: string) {
  const report = await measure(page);
  expect(report.overflow, `${screen}: horizontal overflow`).toBeLessThanOrEqual(0);
  expect(report.smallTargets, `${screen}: touch targets under 44 px`).toEqual([]);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `${screen}: serious or critical accessibility violations`,
  ).toEqual([]);
}

for (const viewport of VIEWPORTS) {
  test(`every screen works at ${viewport.width}x${viewport.height}`, async ({ browser, appUrl }) => {
    const phone = viewport.width < 800;
    const context = await browser.newContext({ viewport, hasTouch: phone, isMobile: phone });
    await blockNonLocal(context);
    const page = await context.newPage();
    await page.goto(appUrl);
    await check(page, 'upload');

    await page.getByTestId('video-input').setInputFiles(clip('not-a-video.mp4').path);
    await expect(page.getByRole('alert')).toBeVisible();
    await check(page, 'upload with an error');

    // A clip over 30 s: the part to keep is chosen first.
    await page.getByTestId('video-input').setInputFiles(clip('person-720p-31s.mp4').path);
    await expect(page.getByTestId('trim-strip')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await check(page, 'trim');
    await page.getByRole('button', { name: 'Different video' }).click();

    await page.getByTestId('video-input').setInputFiles(clip('person-busy.mp4').path);
    await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();
    await expect(page.getByTestId('preview')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    await check(page, 'background');
    // On a phone the preview comes first and "Continue" is on screen without scrolling.
    const cont = await page.getByRole('button', { name: 'Continue' }).boundingBox();
    expect(cont && cont.y + cont.height <= viewport.height, '"Continue" in reach').toBe(true);

    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByTestId('verdict')).toBeVisible();
    await check(page, 'check');

    await page.getByRole('button', { name: 'Make my video' }).click();
    await expect(page.getByTestId('frames')).toBeVisible({ timeout: 60_000 });
    await check(page, 'make');

    await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
    const video = page.getByTestId('result-video');
    const box = await video.boundingBox();
    expect(box && box.width <= viewport.width, 'the result video fits the screen').toBe(true);
    await check(page, 'review');

    await page.getByRole('button', { name: 'My videos' }).click();
    await expect(page.getByTestId('history-item')).toHaveCount(1);
    await check(page, 'my videos');

    await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Made for you by Gemini' })).toBeVisible();
    await check(page, 'backgrounds');

    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
    await expect(page.getByTestId('storage-summary')).toBeVisible();
    await check(page, 'settings');
    await context.close();
  });
}
