/**
 * Cloud matting on fal.ai, end to end in the built app: the real @fal-ai/client runs in the page
 * and reaches a fake fal.ai (test/fakes/fal.mjs) through routes. The fake's mask is deliberately
 * not a person (white on the left half of the frame), so the output proves which mask was used.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { routeFal } from './falRoute';
import { FAKE_FAL_KEY, startFakeFal, type FakeFalBehaviour } from '../fakes/fal.mjs';
import { FAL_MESSAGES } from '../../src/core/falErrors';
import { clip, colourDistance, downloadVideo, ffprobe, FIXTURES, frameAt, meanRgb } from './media';

const ROOT = join(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'restyle-fal-'));
const MASK = join(FIXTURES, 'person-720p-fal-mask.mp4');
/** Left half: white in the fake mask, so the input shows through; right half: the new background. */
const KEPT: [number, number][] = [[0.08, 0.15], [0.2, 0.85], [0.4, 0.1]];
const REPLACED: [number, number][] = [[0.62, 0.12], [0.9, 0.5], [0.95, 0.9]];

async function saveFalKey(page: Page, context: BrowserContext) {
  const { unroute } = await routeFal(context);
  await page.getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'fal.ai API key' });
  await section.getByPlaceholder('Paste your fal.ai key').fill(FAKE_FAL_KEY);
  await section.getByRole('button', { name: 'Check and save' }).click();
  await expect(page.getByTestId('fal-key-status')).toBeVisible();
  await unroute();
}

async function toCheckStep(page: Page, path: string) {
  await page.getByRole('button', { name: 'New video' }).click();
  await page.getByTestId('video-input').setInputFiles(path);
  await page.getByRole('radio', { name: 'City at dusk' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function makeWithFal(page: Page) {
  await page.getByRole('radio', { name: /On fal\.ai/ }).check();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Send to fal.ai' })).toContainText('will be uploaded to fal.ai');
  await page.getByRole('button', { name: 'Upload and make my video' }).click();
}

test('a fal.ai restyle: cost shown first, output in the same format as on-device, pixels follow the fal mask', async ({ page, context, appUrl }) => {
  await page.goto(appUrl);
  await expect(page.getByTestId('privacy-footer')).toHaveText('Your videos stay on this device. Nothing is uploaded.');
  await saveFalKey(page, context);
  // With a fal.ai key the footer no longer says nothing is uploaded.
  await expect(page.getByTestId('privacy-footer')).toContainText('a video you choose to have fal.ai cut out goes to fal.ai');
  const { fake } = await routeFal(context, { mask: readFileSync(MASK), queuePositions: [2, 1], inProgressPolls: 1 });
  const input = clip('person-720p.mp4');
  await toCheckStep(page, input.path);
  await expect(page.getByText(/on your fal\.ai account/).first()).toContainText('$');
  expect(fake.counts.upload).toBe(0);
  await makeWithFal(page);
  await expect(page.getByText(/Waiting in line at fal\.ai|fal\.ai is cutting you out|Sending your video/).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });

  expect(fake.counts.submit).toBe(1);
  expect(fake.jobs.size).toBe(1);
  for (const r of fake.requests) expect(r.keyInUrl).toBe(false);
  for (const r of fake.requests.filter((q) => q.kind === 'submit' || q.kind === 'status' || q.kind === 'result')) {
    expect(r.keyInAuthHeader).toBe(true);
  }

  const target = await downloadVideo(page, join(out, 'fal.mp4'));
  const probe = ffprobe(target);
  expect(probe.video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
  expect(probe.audio?.codec).toBe('aac');
  expect(Math.abs(probe.durationSec - input.durationSec)).toBeLessThanOrEqual(0.1);
  for (const t of [0.5, 2]) {
    const a = frameAt(input.path, t);
    const b = frameAt(target, t);
    for (const p of KEPT) expect(colourDistance(meanRgb(a, p), meanRgb(b, p)), `kept ${p} at ${t}s`).toBeLessThan(30);
    for (const p of REPLACED) expect(colourDistance(meanRgb(a, p), meanRgb(b, p)), `replaced ${p} at ${t}s`).toBeGreaterThan(40);
  }
});

test('a double click on "Upload and make my video" uploads and pays once', async ({ page, context, appUrl }) => {
  await page.goto(appUrl);
  await saveFalKey(page, context);
  const { fake } = await routeFal(context, { mask: readFileSync(MASK) });
  await toCheckStep(page, clip('person-720p.mp4').path);
  await page.getByRole('radio', { name: /On fal\.ai/ }).check();
  await page.getByRole('button', { name: 'Make my video' }).click();
  await page.getByRole('button', { name: 'Upload and make my video' }).dblclick();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  // A second click's job would have been submitted long before this one's video was ready.
  expect(fake.counts.submit).toBe(1);
  expect(fake.counts.upload + fake.counts.initiate).toBeLessThanOrEqual(2);
  expect(fake.jobs.size).toBe(1);
});

test('BEN v2 returns the person in a transparent VP9 WebM; its alpha plane is used the same way', async ({ page, context, appUrl }) => {
  const input = clip('person-720p.mp4');
  // What BEN sends back: the input with the (left-half) mask as its alpha channel, VP9 in WebM.
  const webm = join(out, 'ben.webm');
  execFileSync('ffmpeg', [
    '-v', 'error', '-y', '-i', MASK, '-i', input.path,
    '-filter_complex', '[1:v][0:v]alphamerge,format=yuva420p[v]', '-map', '[v]',
    '-c:v', 'libvpx-vp9', '-pix_fmt', 'yuva420p', '-b:v', '1M', '-deadline', 'realtime', '-cpu-used', '8', '-an', webm,
  ]);
  await page.goto(appUrl);
  await saveFalKey(page, context);
  await page.getByText('Advanced: models and the daily limit').click();
  await page.getByLabel('fal.ai model').selectOption({ label: 'BEN v2 (fal.ai)' });
  const { fake } = await routeFal(context, { mask: readFileSync(webm) });
  await toCheckStep(page, input.path);
  await makeWithFal(page);
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  expect(fake.requests.find((r) => r.kind === 'submit')?.endpoint).toBe('fal-ai/ben/v2/video');
  // The alpha plane was read on the WebCodecs path, not handed to ffmpeg.wasm: the result says which made it.
  await expect(page.getByTestId('review')).toHaveAttribute('data-pipeline', 'webcodecs');
  const target = await downloadVideo(page, join(out, 'ben.mp4'));
  const a = frameAt(input.path, 1);
  const b = frameAt(target, 1);
  for (const p of KEPT) expect(colourDistance(meanRgb(a, p), meanRgb(b, p))).toBeLessThan(30);
  for (const p of REPLACED) expect(colourDistance(meanRgb(a, p), meanRgb(b, p))).toBeGreaterThan(40);
});

/** `retry`: whether "Try again" is offered (only where another try can work). */
const FAILURES: { name: string; behaviour: FakeFalBehaviour; message: string | RegExp; retry: boolean }[] = [
  { name: 'a key fal.ai no longer accepts (401)', behaviour: { key: 'another-key:0000' }, message: FAL_MESSAGES.invalidKey, retry: false },
  { name: 'no balance left (403)', behaviour: { account: 'exhausted' }, message: FAL_MESSAGES.noBalance, retry: false },
  { name: 'a validation error (422)', behaviour: { submit: 422 }, message: /fal\.ai couldn't use this video|refused the settings/, retry: false },
  { name: 'a rate limit (429)', behaviour: { submit: 429 }, message: FAL_MESSAGES.rateLimit, retry: true },
  { name: 'a server error (500)', behaviour: { submit: 500 }, message: FAL_MESSAGES.server, retry: true },
  { name: 'a connection dropped while submitting', behaviour: { submit: 'drop' }, message: FAL_MESSAGES.network, retry: true },
  { name: 'a result link on a host we do not trust', behaviour: { resultMaskUrl: 'https://evil.example/mask.mp4' }, message: FAL_MESSAGES.badResultHost, retry: false },
  { name: 'a result that is not a video', behaviour: { maskContentType: 'text/html' }, message: FAL_MESSAGES.badResultType, retry: true },
];

for (const f of FAILURES) {
  test(`fal.ai failure, ${f.name}: says which it was and offers on-device matting`, async ({ page, context, appUrl }) => {
    await page.goto(appUrl);
    await saveFalKey(page, context);
    const { fake } = await routeFal(context, { mask: readFileSync(MASK), ...f.behaviour });
    await toCheckStep(page, clip('person-720p.mp4').path);
    await makeWithFal(page);
    await expect(page.getByRole('alert')).toContainText(f.message);
    // Said, so settled: one submit at most, never sent again by itself (fal may have taken it).
    expect(fake.counts.submit).toBeLessThanOrEqual(1);
    await expect(page.getByRole('alert')).not.toContainText(FAKE_FAL_KEY);
    await expect(page.getByRole('button', { name: 'Use on-device matting instead' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(f.retry ? 1 : 0);
    if (f.behaviour.key) {
      // A refused key: the way to where it is changed.
      await page.getByRole('button', { name: 'Change the fal.ai key' }).click();
      await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
      await expect(page.getByText('fal.ai API key')).toBeVisible();
    }
  });
}

test('after a fal.ai failure, one click makes the same video on the device, with the same background', async ({ page, context, appUrl }) => {
  await page.goto(appUrl);
  await saveFalKey(page, context);
  const { fake } = await routeFal(context, { submit: 500 });
  const input = clip('person-720p.mp4');
  await toCheckStep(page, input.path);
  await makeWithFal(page);
  await page.getByRole('button', { name: 'Use on-device matting instead' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText('After · City at dusk')).toBeVisible();
  expect(fake.counts.submit).toBe(1);
});

test('"Try again" after the finished cut-out was lost on the way fetches it again: one upload, one job', async ({ page, context, appUrl }) => {
  await page.goto(appUrl);
  await saveFalKey(page, context);
  // The first download of the mask is cut off (the job itself completed, and was paid for).
  const { fake } = await routeFal(context, { mask: readFileSync(MASK), media: ['drop', 'ok'] });
  await toCheckStep(page, clip('person-720p.mp4').path);
  await makeWithFal(page);
  await expect(page.getByRole('alert')).toContainText(FAL_MESSAGES.network);
  expect(fake.counts.submit).toBe(1);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  expect(fake.counts.upload).toBe(1);
  expect(fake.counts.submit).toBe(1);
  expect(fake.counts.result).toBe(2);
});

test('"Try again" after a job that failed on fal.ai\'s side submits a new one', async ({ page, context, appUrl }) => {
  await page.goto(appUrl);
  await saveFalKey(page, context);
  // The job itself failed with a server error: worth a new job. (A 422, fal refusing this video,
  // offers no "Try again": the same video would be refused again; see the table above.)
  const { fake } = await routeFal(context, { mask: readFileSync(MASK), result: [500, 'ok'] });
  await toCheckStep(page, clip('person-720p.mp4').path);
  await makeWithFal(page);
  await expect(page.getByRole('alert')).toContainText(FAL_MESSAGES.server);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  expect(fake.counts.submit).toBe(2);
});

test('a reload while fal.ai works: "Make it again" picks up the paid job, with no second upload or charge', async ({ page, context, appUrl }) => {
  await page.goto(appUrl);
  await saveFalKey(page, context);
  const { fake } = await routeFal(context, { mask: readFileSync(MASK), inProgressPolls: 5 });
  await toCheckStep(page, clip('person-720p.mp4').path);
  await makeWithFal(page);
  await expect(page.getByText('fal.ai is cutting you out')).toBeVisible({ timeout: 30_000 });
  await page.reload();

  const card = page.getByTestId('interrupted-job');
  await expect(card).toContainText('It was already sent to fal.ai');
  await card.getByRole('button', { name: 'Make it again' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('radio', { name: /On fal\.ai/ })).toBeChecked();
  await expect(page.getByTestId('fal-paid')).toContainText('nothing more to pay');
  // Nothing is uploaded, so nothing to agree to: straight to work.
  await page.getByRole('button', { name: 'Make my video' }).click();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  expect(fake.counts.upload).toBe(1);
  expect(fake.counts.submit).toBe(1);
  expect(fake.jobs.size).toBe(1);
});

/**
 * A clip over the client's 90 MB multipart threshold: a 3 s video padded to 100 MB by a `free` box
 * (skipped by every reader). 100 MB, not 200: each part crosses Playwright's route as one message,
 * and the unit tests send a 200 MB clip through the same code against the same fake.
 */
const BIG_BYTES = 100 * 1024 * 1024;
function bigClip(): string {
  const path = join(out, 'big-100mb.mp4');
  const video = readFileSync(clip('person-720p.mp4').path);
  const pad = Buffer.alloc(BIG_BYTES - video.length);
  pad.writeUInt32BE(pad.length, 0);
  pad.write('free', 4, 'latin1');
  writeFileSync(path, Buffer.concat([video, pad]));
  return path;
}

test('a 100 MB clip goes up in 10 MB parts; Cancel mid-upload stops it and leaves nothing behind; the next try uploads it whole', async ({ page, context, appUrl }) => {
  const path = bigClip();
  await page.goto(appUrl);
  await saveFalKey(page, context);
  // Slow parts at first, so Cancel lands mid-upload.
  let slow = true;
  const { fake } = await routeFal(context, { mask: readFileSync(MASK), latencyMs: (r) => (slow && r.kind === 'part' ? 300 : 0) });
  await toCheckStep(page, path);
  await makeWithFal(page);
  await expect.poll(() => fake.counts.part, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Cancelled. Your clip and choices are still here.')).toBeVisible();
  const partsAtCancel = fake.counts.part;
  expect(fake.counts.complete + fake.counts.submit).toBe(0);

  // The next try: uploaded whole (10 parts, completed once, one job on the clip's exact bytes).
  slow = false;
  await makeWithFal(page);
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 180_000 });
  const parts = fake.requests.filter((r) => r.kind === 'part').map((r) => r.path.split('/')[2]);
  const [first, second] = [...new Set(parts)];
  // The cancelled upload stopped at the part on its way, though 10 parts went up after it.
  expect(parts.filter((id) => id === first).length).toBeLessThanOrEqual(partsAtCancel + 1);
  expect(parts.filter((id) => id === second)).toHaveLength(Math.ceil(BIG_BYTES / (10 * 1024 * 1024)));
  expect(fake.counts).toMatchObject({ initiateMultipart: 2, complete: 1, upload: 0, submit: 1 });
  const job = [...fake.jobs.values()][0]!;
  const sent = fake.uploaded((job.input as { video_url: string }).video_url);
  expect(sent && Buffer.compare(Buffer.from(sent), readFileSync(path))).toBe(0);
  // Nothing left to offer after a reload (which shows the video made again).
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible();
  await page.getByRole('button', { name: 'New video' }).click();
  await expect(page.getByTestId('no-interrupted-jobs')).toBeAttached();
  await expect(page.getByTestId('interrupted-job')).toHaveCount(0);
});

test('two tabs: a fal.ai job running in one is not offered to the other, and is paid for once', async ({ page, context, appUrl }) => {
  await page.goto(appUrl);
  await saveFalKey(page, context);
  const { fake } = await routeFal(context, { mask: readFileSync(MASK), inProgressPolls: 4 });
  await toCheckStep(page, clip('person-720p.mp4').path);
  await makeWithFal(page);
  await expect(page.getByText('fal.ai is cutting you out')).toBeVisible({ timeout: 30_000 });
  const other = await context.newPage();
  await other.goto(appUrl);
  await expect(other.getByTestId('no-interrupted-jobs')).toBeAttached();
  await expect(other.getByTestId('interrupted-job')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  expect(fake.counts.upload).toBe(1);
  expect(fake.counts.submit).toBe(1);
});

test('Cancel while fal.ai is working cancels the fal.ai job too', async ({ page, context, appUrl }) => {
  await page.goto(appUrl);
  await saveFalKey(page, context);
  const { fake } = await routeFal(context, { mask: readFileSync(MASK), never: true });
  await toCheckStep(page, clip('person-720p.mp4').path);
  await makeWithFal(page);
  await expect(page.getByText('fal.ai is cutting you out')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Cancelled. Your clip and choices are still here.')).toBeVisible();
  await expect.poll(() => fake.counts.cancel).toBeGreaterThan(0);
});

test('a clip over the endpoint frame cap is refused before anything is uploaded', async ({ page, context, appUrl }) => {
  await page.goto(appUrl);
  await saveFalKey(page, context);
  const { fake } = await routeFal(context, { mask: readFileSync(MASK) });
  const long = join(out, 'twenty.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', '1', '-i', clip('person-720p-10s.mp4').path, '-c', 'copy', long]);
  await toCheckStep(page, long);
  await expect(page.getByRole('radio', { name: /On fal\.ai/ })).toBeDisabled();
  // The refusal itself, with what to do: not just any text that mentions "this device".
  await expect(page.getByText(/^This clip has \d+ frames, but BiRefNet \(fal\.ai\) takes at most 512 in one job/)).toContainText(/Trim the clip to [\d.]+ seconds or less, or use on-device matting instead\./);
  expect(fake.counts.upload + fake.counts.initiate).toBe(0);
});

test('CLI --matting fal takes the key from FAL_KEY and reports "matting":"fal"', async () => {
  const fal = await startFakeFal({ behaviour: { mask: readFileSync(MASK) } });
  try {
    const input = clip('person-720p.mp4');
    const target = join(out, 'cli-fal.mp4');
    const args = [join(ROOT, 'cli/restyle.mjs'), input.path, '--background', 'builtin:city-dusk', '--matting', 'fal', '--out', target, '--json'];
    const run = (env: NodeJS.ProcessEnv) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, args, { env: { ...process.env, ...env } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const noKey = await run({ FAL_KEY: '', RESTYLE_FAKE_FAL_URL: fal.url });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('FAL_KEY');
    // The test hook can't be aimed off this machine: refused before anything is sent.
    const away = await run({ FAL_KEY: FAKE_FAL_KEY, RESTYLE_FAKE_FAL_URL: 'https://collector.example' });
    expect(away.code).not.toBe(0);
    expect(away.stdout + away.stderr).toContain('RESTYLE_FAKE_FAL_URL is a test hook');
    expect(away.stderr + away.stdout).not.toContain(FAKE_FAL_KEY);
    expect(fal.counts.initiate + fal.counts.submit).toBe(0);

    const r = await run({ FAL_KEY: FAKE_FAL_KEY, RESTYLE_FAKE_FAL_URL: fal.url });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, matting: 'fal', width: 1280, height: 720 });
    expect(r.stdout + r.stderr).not.toContain(FAKE_FAL_KEY);
    expect(fal.counts.submit).toBe(1);
    const a = frameAt(input.path, 1);
    const b = frameAt(target, 1);
    for (const p of KEPT) expect(colourDistance(meanRgb(a, p), meanRgb(b, p))).toBeLessThan(30);
    for (const p of REPLACED) expect(colourDistance(meanRgb(a, p), meanRgb(b, p))).toBeGreaterThan(40);
  } finally {
    await fal.close();
  }
});

test('a fal.ai mask video is composited on the WebCodecs path by default, and by ffmpeg.wasm when forced: same kind of file, same cut', async () => {
  const fal = await startFakeFal({ behaviour: { mask: readFileSync(MASK) } });
  try {
    const input = clip('person-720p.mp4');
    const made: Record<string, string> = {};
    for (const [pipeline, expected] of [['auto', 'webcodecs'], ['ffmpeg', 'ffmpeg']] as const) {
      const target = join(out, `cli-fal-${pipeline}.mp4`);
      const args = [join(ROOT, 'cli/restyle.mjs'), input.path, '--background', 'builtin:city-dusk', '--matting', 'fal', '--pipeline', pipeline, '--out', target, '--json'];
      const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, args, { env: { ...process.env, FAL_KEY: FAKE_FAL_KEY, RESTYLE_FAKE_FAL_URL: fal.url } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, matting: 'fal', pipeline: expected });
      const probe = ffprobe(target);
      expect(probe.video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
      expect(probe.audio?.codec).toBe('aac');
      expect(Math.abs(probe.durationSec - input.durationSec)).toBeLessThanOrEqual(0.1);
      made[expected] = target;
    }
    expect(fal.counts.submit).toBe(2);
    for (const t of [0.2, 1.5, 2.8]) {
      const a = frameAt(input.path, t);
      const fast = frameAt(made.webcodecs!, t);
      const wasm = frameAt(made.ffmpeg!, t);
      for (const p of KEPT) expect(colourDistance(meanRgb(a, p), meanRgb(fast, p)), `kept ${p} at ${t}s`).toBeLessThan(30);
      for (const p of REPLACED) {
        expect(colourDistance(meanRgb(a, p), meanRgb(fast, p)), `replaced ${p} at ${t}s`).toBeGreaterThan(40);
        // the same background, fitted and blurred the same way, on both paths
        expect(colourDistance(meanRgb(fast, p), meanRgb(wasm, p)), `both paths at ${p}, ${t}s`).toBeLessThan(12);
      }
    }
  } finally {
    await fal.close();
  }
});

test('while fal.ai status checks fail and are retried the screen says so, and "cutting you out" only once fal.ai has started', async ({ page, context, appUrl }) => {
  await page.goto(appUrl);
  await saveFalKey(page, context);
  // Two status checks answered 503 (the client asks again), slowly enough to be seen.
  const { fake } = await routeFal(context, { mask: readFileSync(MASK), status: [503, 503], queuePositions: [0], inProgressPolls: 2, latencyMs: (r) => (r.kind === 'status' ? 400 : 0) });
  await toCheckStep(page, clip('person-720p.mp4').path);
  await makeWithFal(page);
  await expect(page.getByText("fal.ai isn't answering right now; asking again")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('fal.ai is cutting you out')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Your video is ready' })).toBeVisible({ timeout: 120_000 });
  expect(fake.counts.submit).toBe(1);
  expect(fake.counts.status).toBeGreaterThanOrEqual(4);
});
