#!/usr/bin/env node
// restyle: the command-line face of the app. It serves the built app on loopback and drives the
// very same pipeline in headless Chromium (no media work in Node).
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureHarness } from '../scripts/harness.mjs';
import { serveStatic } from './staticServer.mjs';
import { blockNonLocal, chromiumPath, fakeFalServer, forwardToFakeFal, launchBrowser } from './browser.mjs';

const EXIT = { ok: 0, failed: 1, usage: 2, refused: 3 };
const USAGE = `Usage: restyle <input video> --background <image path | builtin:NAME> --out <file.mp4> [--blur 14] [--json]
       restyle <input video> --profile <exported profile.json> [--pick N] --out <file.mp4> [--blur 14] [--json]

  --background  an image (JPEG, PNG, WebP) or one of the built-ins:
                builtin:city-dusk, builtin:seaside, builtin:meadow, builtin:living-room, builtin:studio-grey
  --profile     a profile exported from the app (Backgrounds → Export): uses its picked background
  --pick        with --profile: use its background N (1 to 5) instead
  --out         where to write the MP4
  --blur        background blur, gaussian sigma in output pixels (default 14, 0 = off)
  --start       seconds into the clip where the video starts (default 0)
  --length      seconds to make, up to 30 (default: to the clip's end, at most 30 s; a clip
                longer than 30 s is trimmed to its first 30 s unless these say otherwise)
  --matting     local (default: on this device) or fal (fal.ai, with the key from the FAL_KEY
                environment variable; the video is uploaded to fal.ai and costs a little there)
  --pipeline    auto (default: WebCodecs where the browser can take the clip, else ffmpeg.wasm),
                webcodecs or ffmpeg (force one; with fal.ai too: its mask video is composited the same way)
  --refine      on (default) or off: matte refinement (edges that follow the picture, steady
                over time) on the WebCodecs path; off only to measure what it costs
  --compositor  auto (default: the CPU one where the GPU is emulated in software; on a real
                GPU times both on the first frame, takes WebGL2 only if clearly faster), cpu or
                webgl2 (force one; WebCodecs path only)
  --kernels     auto (default: the per-pixel loops (compositing, the frame's downscale for the
                models, the upright copy) in WebAssembly with SIMD where the browser runs it, else
                plain JS) or js (force JS, to compare; WebCodecs path)
  --match-colour  on or off (default): tint the person towards the background's overall colour
                (WebCodecs path)
  --segmenter   auto (default: MediaPipe on the GPU only where the device has a real one, else
                the CPU), cpu or gpu (force one; WebCodecs path, on-device matting)
  --matte       body (default: the whole-body matte, the person tracked and cut out head to feet)
                or selfie (the selfie model alone on the whole frame: faster on whole bodies, but
                loses legs and feet); on-device matting, both pipelines
  --json        print one JSON object with the result on stdout
  --verbose     also print the browser's console to stderr
Environment: CHROMIUM_PATH (default /usr/bin/chromium)`;

class UsageError extends Error {}

function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        background: { type: 'string' },
        profile: { type: 'string' },
        pick: { type: 'string' },
        out: { type: 'string' },
        blur: { type: 'string', default: '14' },
        start: { type: 'string' },
        length: { type: 'string' },
        matting: { type: 'string', default: 'local' },
        pipeline: { type: 'string', default: 'auto' },
        refine: { type: 'string', default: 'on' },
        compositor: { type: 'string', default: 'auto' },
        kernels: { type: 'string', default: 'auto' },
        segmenter: { type: 'string', default: 'auto' },
        'match-colour': { type: 'string', default: 'off' },
        matte: { type: 'string', default: 'body' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length !== 1) throw new UsageError('Give exactly one input video.');
  if (!values.background && !values.profile) throw new UsageError('Missing --background (or --profile).');
  if (values.background && values.profile) throw new UsageError('Give --background or --profile, not both.');
  if (values.pick !== undefined && !values.profile) throw new UsageError('--pick goes with --profile.');
  const pick = values.pick === undefined ? undefined : Number(values.pick);
  if (pick !== undefined && !(Number.isInteger(pick) && pick >= 1 && pick <= 5)) throw new UsageError('--pick must be 1 to 5.');
  if (!values.out) throw new UsageError('Missing --out.');
  const blur = Number(values.blur);
  if (!Number.isFinite(blur) || blur < 0 || blur > 60) throw new UsageError('--blur must be a number from 0 to 60.');
  // Whether they fall inside the clip is checked once its length is known (in the app, exit code 3).
  const start = values.start === undefined ? undefined : Number(values.start);
  if (start !== undefined && !(Number.isFinite(start) && start >= 0)) throw new UsageError('--start must be a number of seconds, 0 or more.');
  const length = values.length === undefined ? undefined : Number(values.length);
  if (length !== undefined && !(Number.isFinite(length) && length > 0)) throw new UsageError('--length must be a number of seconds, more than 0.');
  if (values.matting !== 'local' && values.matting !== 'fal') throw new UsageError('--matting must be local or fal.');
  if (!['auto', 'webcodecs', 'ffmpeg'].includes(values.pipeline)) throw new UsageError('--pipeline must be auto, webcodecs or ffmpeg.');
  if (!['on', 'off'].includes(values.refine)) throw new UsageError('--refine must be on or off.');
  const refine = values.refine === 'on';
  if (!['auto', 'cpu', 'webgl2'].includes(values.compositor)) throw new UsageError('--compositor must be auto, cpu or webgl2.');
  const compositor = values.compositor;
  if (!['auto', 'js'].includes(values.kernels)) throw new UsageError('--kernels must be auto or js.');
  const kernels = values.kernels;
  if (!['auto', 'cpu', 'gpu'].includes(values.segmenter)) throw new UsageError('--segmenter must be auto, cpu or gpu.');
  const segmenter = values.segmenter;
  if (!['on', 'off'].includes(values['match-colour'])) throw new UsageError('--match-colour must be on or off.');
  const colourMatch = values['match-colour'] === 'on';
  if (!['body', 'selfie'].includes(values.matte)) throw new UsageError('--matte must be body or selfie.');
  const matte = values.matte;
  // The key comes from the environment only: argv is visible to every process on the machine.
  const falKey = values.matting === 'fal' ? process.env.FAL_KEY?.trim() : undefined;
  if (values.matting === 'fal' && !falKey) throw new UsageError('--matting fal needs your fal.ai key in the FAL_KEY environment variable.');
  const input = resolve(positionals[0]);
  if (!existsSync(input) || !statSync(input).isFile()) throw new UsageError(`No such file: ${positionals[0]}`);
  if (values.profile) {
    const profile = resolve(values.profile);
    if (!existsSync(profile)) throw new UsageError(`No such profile file: ${values.profile}`);
    return { input, background: 'profile', profile, pick, out: resolve(values.out), blur, start, length, matting: values.matting, pipeline: values.pipeline, refine, compositor, kernels, segmenter, colourMatch, matte, falKey, json: values.json, verbose: values.verbose };
  }
  const background = values.background.startsWith('builtin:') ? values.background : resolve(values.background);
  if (!background.startsWith('builtin:') && !existsSync(background)) throw new UsageError(`No such image: ${values.background}`);
  return { input, background, out: resolve(values.out), blur, start, length, matting: values.matting, pipeline: values.pipeline, refine, compositor, kernels, segmenter, colourMatch, matte, falKey, json: values.json, verbose: values.verbose };
}

function progressLine(p) {
  const pct = Math.round(p.fraction * 100);
  const eta = p.etaSec == null ? '' : ` · ~${Math.ceil(p.etaSec)} s left`;
  return `\r${String(pct).padStart(3)}% ${p.stage} ${p.done}/${p.total}${eta}   `;
}

async function run(opts) {
  // A test hook, refused unless it points at this machine (checked before anything starts).
  const fakeFal = opts.matting === 'fal' ? fakeFalServer(process.env.RESTYLE_FAKE_FAL_URL) : null;
  const { dir } = ensureHarness({ log: (line) => process.stderr.write(`restyle: ${line}\n`) });
  if (!existsSync(chromiumPath())) {
    throw new Error(`Chromium not found at ${chromiumPath()}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  const server = await serveStatic(dir);
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    // On-device work needs no network at all, so none is allowed; fal.ai matting talks to fal.ai.
    if (opts.matting !== 'fal') await blockNonLocal(context);
    else if (fakeFal) await forwardToFakeFal(context, fakeFal);
    const page = await context.newPage();
    if (opts.verbose) page.on('console', (m) => process.stderr.write(`[browser] ${m.text()}\n`));
    let lastProgress = 0;
    await page.exposeFunction('restyleProgress', (p) => {
      const now = Date.now();
      if (now - lastProgress < 250 && p.fraction < 1) return;
      lastProgress = now;
      process.stderr.write(progressLine(p));
    });
    await page.goto(new URL('automation.html', server.url).href);
    await page.setInputFiles('#video', opts.input);
    if (opts.background === 'profile') await page.setInputFiles('#profile', opts.profile);
    else if (!opts.background.startsWith('builtin:')) await page.setInputFiles('#background', opts.background);
    const downloaded = page.waitForEvent('download', { timeout: 0 });
    // A refused input never downloads; don't let the pending wait fail the process at close.
    downloaded.catch(() => undefined);
    const result = await page.evaluate(
      (o) => window.restyleAutomation.run(o),
      {
        background: opts.background.startsWith('builtin:') || opts.background === 'profile' ? opts.background : 'upload',
        pick: opts.pick,
        blurSigma: opts.blur,
        start: opts.start,
        length: opts.length,
        matting: opts.matting,
        pipeline: opts.pipeline,
        refine: opts.refine,
        compositor: opts.compositor,
        kernels: opts.kernels,
        segmenter: opts.segmenter,
        colourMatch: opts.colourMatch,
        matte: opts.matte,
        falKey: opts.falKey,
      },
    );
    process.stderr.write('\n');
    if (!result.ok) return result;
    await (await downloaded).saveAs(opts.out);
    return { ok: true, output: opts.out, ...Object.fromEntries(Object.entries(result).filter(([k]) => k !== 'ok')) };
  } finally {
    await browser.close();
    await server.close();
  }
}

async function main() {
  let opts;
  try {
    opts = parse(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`restyle: ${err.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  let result;
  try {
    result = await run(opts);
  } catch (err) {
    result = { ok: false, code: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
  if (opts.json) {
    const { refused: _refused, ...out } = result;
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else if (result.ok) {
    process.stderr.write(`restyle: wrote ${result.output} (${result.width}x${result.height}, ${result.durationSec.toFixed(2)} s) in ${result.timingsSec.total.toFixed(1)} s\n`);
  }
  if (!result.ok) {
    if (!opts.json) process.stderr.write(`restyle: ${result.message}\n`);
    return result.refused ? EXIT.refused : EXIT.failed;
  }
  return EXIT.ok;
}

process.exitCode = await main();
