/**
 * Every item of the bad-input corpus (test/fixtures/make-corpus.mjs) gets a correct video or a
 * clear refusal, within a bounded time: through the CLI (the whole job, in the same app) and in
 * the browser's Upload step (what a person sees when they pick the file).
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { restyle } from './cliRun';
import { clip, colourDistance, ffprobe, FIXTURES, frameAt, meanRgb } from './media';
import { routeGemini } from './geminiRoute';
import { saveGeminiKey } from './keys';

interface CorpusItem {
  name: string;
  file: string;
  why: string;
  expect: 'ok' | 'refused';
  /** Refused: a regular expression the message must match. */
  message?: string;
  /** Ok: a regular expression one of the precheck's notes must match. */
  warning?: string;
  out?: { width?: number; height?: number; fps?: number; audio?: boolean; durationSec?: number };
}

interface PictureItem {
  name: string;
  file: string;
  why: string;
  /** 'ok', or a regular expression the refusal must match. */
  background: string;
  selfie: string;
  /** Its size once EXIF orientation is applied, where that is the point. */
  upright?: { width: number; height: number };
}

const corpus = JSON.parse(readFileSync(join(FIXTURES, 'corpus', 'corpus.json'), 'utf8')) as { items: CorpusItem[]; images: PictureItem[] };
/** The clip the accepted items are made from, with its person's and background's points. */
const PERSON = clip('person-720p.mp4');
const out = mkdtempSync(join(tmpdir(), 'restyle-corpus-'));
/** No item may take longer than this through the CLI (a hang fails the test instead of blocking it). */
const BOUND_MS = { refused: 30_000, ok: 150_000 };

// Independent of each other: the two workers share them out (the file is the suite's longest).
test.describe.configure({ mode: 'parallel' });

test.describe('bad-input corpus through the CLI', () => {
  for (const item of corpus.items) {
    test(`${item.name} (${item.why}): ${item.expect === 'ok' ? 'a correct video' : 'refused, saying why'}`, () => {
      const target = join(out, `${item.name}.out.mp4`);
      const t0 = Date.now();
      const r = restyle([item.file, '--background', 'builtin:city-dusk', '--out', target, '--json']);
      expect(Date.now() - t0, 'finished within its bound').toBeLessThan(BOUND_MS[item.expect]);
      if (item.expect === 'refused') {
        expect(r.status, r.stderr).toBe(3);
        expect(r.json.ok).toBe(false);
        expect(String(r.json.message)).toMatch(new RegExp(item.message ?? '.', 'i'));
        // A message for people: no stack traces, no internal names.
        expect(String(r.json.message)).not.toMatch(/Error:|undefined|null|\bat \w+ \(|mediabunny|WebCodecs|ffmpeg/i);
        return;
      }
      expect(r.status, r.stderr).toBe(0);
      const input = ffprobe(item.file);
      const probe = ffprobe(target);
      expect(probe.video?.codec).toBe('h264');
      expect(probe.video?.rotation ?? 0).toBe(0);
      if (item.out?.width) expect(probe.video?.width).toBe(item.out.width);
      if (item.out?.height) expect(probe.video?.height).toBe(item.out.height);
      if (item.out?.fps) expect(probe.video?.fps).toBeCloseTo(item.out.fps, 0);
      if (item.out?.audio !== undefined) expect(probe.audio ? 'audio' : 'silent').toBe(item.out.audio ? 'audio' : 'silent');
      if (probe.audio) expect(probe.audio.codec).toBe('aac');
      expect(Math.abs(probe.durationSec - (item.out?.durationSec ?? input.durationSec))).toBeLessThanOrEqual(0.1);
      // And by pixels: where the person was stays the person, the old background is replaced
      // (every accepted item is made from person-720p.mp4, so its points hold, turned with a rotation).
      const shown = probe.video!;
      // ffprobe's rotation is the display matrix's, counter-clockwise: 90 turns (x, y) to (y, 1 - x).
      const rot = (((input.video?.rotation ?? 0) % 360) + 360) % 360;
      const turn = (p: readonly [number, number]): [number, number] =>
        rot === 90 ? [p[1], 1 - p[0]] : rot === 270 ? [1 - p[1], p[0]] : rot === 180 ? [1 - p[0], 1 - p[1]] : [p[0], p[1]];
      const radius = Math.max(1, Math.round((4 * Math.min(shown.width, shown.height)) / 720));
      for (const t of [0.4, Math.min(1.5, probe.durationSec - 0.3)]) {
        const a = frameAt(item.file, t);
        const b = frameAt(target, t);
        const change = (p: readonly [number, number]) => colourDistance(meanRgb(a, turn(p), radius), meanRgb(b, turn(p), radius));
        if (!item.warning) for (const p of PERSON.personPoints) expect(change(p), `person at ${p}, ${t} s`).toBeLessThan(40);
        for (const p of PERSON.backgroundPoints) expect(change(p), `old background at ${p}, ${t} s`).toBeGreaterThan(40);
      }
      const reasons = ((r.json.bgVerdict as { reasons?: string[] } | null)?.reasons ?? []).join(' ');
      if (item.warning) expect(reasons).toMatch(new RegExp(item.warning, 'i'));
      // A person who is there is never reported missing (e.g. when the browser can't show the frames).
      else expect(reasons).not.toMatch(/couldn't find a person/i);
    });
  }
});

test.describe('bad-input corpus in the browser', () => {
  test('each refused item gets its message at Upload; each accepted one goes on to the Background step', async ({ page, appUrl }) => {
    test.setTimeout(240_000);
    await page.goto(appUrl);
    for (const item of corpus.items) {
      await page.getByTestId('video-input').setInputFiles(item.file);
      if (item.expect === 'refused') {
        await expect(page.getByRole('alert'), item.name).toContainText(new RegExp(item.message ?? '.', 'i'), { timeout: 30_000 });
        await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
      } else {
        // A clip over 30 s goes to choosing the part to keep first.
        await expect(page.getByRole('heading', { name: /^(Choose a background|Choose the 30 s to keep)$/ }), item.name).toBeVisible({ timeout: 30_000 });
        await page.getByRole('button', { name: 'Different video' }).click();
      }
    }
  });

  test('a clip with nobody in it is warned about at the Check step, and can still be made', async ({ page, appUrl }) => {
    const item = corpus.items.find((i) => i.name === 'no-person.mp4');
    if (!item) throw new Error('no-person.mp4 missing from the corpus');
    await page.goto(appUrl);
    await page.getByTestId('video-input').setInputFiles(item.file);
    await page.getByRole('button', { name: 'Continue' }).click();
    // With nobody to follow, the matte searches the whole picture at three scales at each of the
    // five moments it checks: the slowest Check step there is (13 s on this 2-core machine, more under load).
    await expect(page.getByTestId('verdict')).toContainText("couldn't find a person", { timeout: 60_000 });
    await page.getByRole('button', { name: 'Make my video' }).click();
    await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  });
});

/** Counts the page's own createImageBitmap calls: pictures must be decoded in the picture worker. */
async function countPageDecodes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const original = window.createImageBitmap.bind(window);
    const w = window as unknown as { pageDecodes: number };
    w.pageDecodes = 0;
    window.createImageBitmap = ((...args: Parameters<typeof createImageBitmap>) => {
      w.pageDecodes++;
      return original(...args);
    }) as typeof createImageBitmap;
  });
}

async function expectDecodedInWorker(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { pageDecodes: number }).pageDecodes), 'pictures decoded on the page').toBe(0);
  expect(page.workers().some((w) => /picture/.test(w.url())), 'a picture worker ran').toBe(true);
}

test.describe('pictures from the corpus', () => {
  test('as an uploaded background: each is taken (and chosen) or refused with its reason, decoded in a worker', async ({ page, appUrl }) => {
    await countPageDecodes(page);
    await page.goto(appUrl);
    await page.getByTestId('video-input').setInputFiles(join(FIXTURES, 'person-720p.mp4'));
    for (const item of corpus.images) {
      await page.getByTestId('background-input').setInputFiles(item.file);
      if (item.background === 'ok') {
        await expect(page.getByRole('radio', { name: item.name }), item.name).toHaveAttribute('aria-checked', 'true', { timeout: 20_000 });
      } else {
        await expect(page.getByRole('alert'), item.name).toContainText(new RegExp(item.background, 'i'), { timeout: 20_000 });
      }
    }
    await expectDecodedInWorker(page);
  });

  test('as a selfie: each is taken (upright) or refused with its reason, before anything is sent, decoded in a worker', async ({ page, context, appUrl }) => {
    const gemini = await routeGemini(context);
    await countPageDecodes(page);
    await page.goto(appUrl);
    await saveGeminiKey(page);
    await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
    for (const item of corpus.images) {
      await page.getByTestId('selfie-input').setInputFiles(item.file);
      if (item.selfie === 'ok') {
        const consent = page.getByText(item.upright ? `This photo (${item.upright.width}×${item.upright.height})` : /This photo \(\d+×\d+\)/);
        await expect(consent, item.name).toBeVisible({ timeout: 20_000 });
        await page.getByRole('button', { name: 'Not now' }).click();
      } else {
        await expect(page.getByRole('alert'), item.name).toContainText(new RegExp(item.selfie, 'i'), { timeout: 20_000 });
      }
    }
    expect(gemini.counts.generate).toBe(0);
    await expectDecodedInWorker(page);
  });
});

test.describe('pictures from the corpus as the CLI --background', () => {
  for (const item of corpus.images) {
    test(`${item.name} (${item.why}): ${item.background === 'ok' ? 'used' : 'refused, saying why'}`, () => {
      const target = join(out, `bg-${item.name}.mp4`);
      const r = restyle([join(FIXTURES, 'person-720p.mp4'), '--background', item.file, '--out', target, '--json']);
      if (item.background === 'ok') {
        expect(r.status, r.stderr).toBe(0);
        expect(ffprobe(target).video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
      } else {
        expect(r.status, r.stderr).toBe(3);
        expect(String(r.json.message)).toMatch(new RegExp(item.background, 'i'));
      }
    });
  }
});
