#!/usr/bin/env node
// The README's screenshots, made from the real app (the built dist/, headless Chromium, no
// network): a phone and a laptop, at the Background step (the preview), the Done step and the Backgrounds tab.
// Needs `npm run build` and the test clips (`npm run fixtures`).
//
//   npm run screenshots        -> docs/screenshots/{phone,desktop}-{background,done,backgrounds}.jpg
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blockNonLocal, launchBrowser } from '../cli/browser.mjs';
import { serveStatic } from '../cli/staticServer.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const OUT = join(ROOT, 'docs', 'screenshots');
/** A portrait phone clip for the phone, the landscape one for the laptop. */
const SHOTS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, mobile: true, clip: 'person-portrait.mp4', background: 'Seaside' },
  { name: 'desktop', viewport: { width: 1280, height: 800 }, mobile: false, clip: 'person-body.mp4', background: 'City at dusk' },
];

async function shoot(browser, url, shot) {
  const context = await browser.newContext({ viewport: shot.viewport, isMobile: shot.mobile, hasTouch: shot.mobile, deviceScaleFactor: shot.mobile ? 2 : 1 });
  await blockNonLocal(context);
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.getByTestId('video-input').setInputFiles(join(ROOT, 'test', 'fixtures', 'out', shot.clip));
    await page.getByRole('radio', { name: shot.background }).click();
    const preview = page.getByTestId('preview');
    await preview.and(page.locator('[data-status="ready"]')).waitFor({ timeout: 120_000 });
    // The step as it opens: the preview at the top.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(OUT, `${shot.name}-background.jpg`), type: 'jpeg', quality: 80 });
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Make my video' }).click();
    await page.getByRole('heading', { name: 'Your video is ready' }).waitFor({ timeout: 300_000 });
    // A moment into the video, not its first frame.
    const video = page.getByTestId('result-video');
    // Played for a moment, then paused: the player then shows the picture, not its loading spinner.
    await video.evaluate(async (v) => {
      v.muted = true;
      await v.play();
      await new Promise((done) => setTimeout(done, Math.min(1200, (v.duration * 1000) / 2)));
      v.pause();
    });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, `${shot.name}-done.jpg`), type: 'jpeg', quality: 80 });
    // The Backgrounds tab: every background, the default marked, once its pictures have loaded.
    await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
    await page.waitForFunction(() => {
      const imgs = [...document.querySelectorAll('.bg-grid.library img')];
      return imgs.length > 0 && imgs.every((i) => i instanceof HTMLImageElement && i.complete && i.naturalWidth > 0);
    });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(OUT, `${shot.name}-backgrounds.jpg`), type: 'jpeg', quality: 80 });
    process.stderr.write(`${shot.name}: background, done and backgrounds\n`);
  } finally {
    await context.close();
  }
}

async function main() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('no dist/: run `npm run build` first');
  mkdirSync(OUT, { recursive: true });
  const server = await serveStatic(DIST);
  const browser = await launchBrowser();
  try {
    for (const shot of SHOTS) await shoot(browser, server.url, shot);
  } finally {
    await browser.close();
    await server.close();
  }
  process.stderr.write(`screenshots in ${OUT}\n`);
}

main().catch((err) => {
  process.stderr.write(`screenshots: ${err.message}\n`);
  process.exit(1);
});
