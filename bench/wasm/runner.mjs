#!/usr/bin/env node
// Child process of bench/run.mjs: serves bench/wasm/ (the page), the ffmpeg core the app ships
// (@ffmpeg/core's ESM build) and @ffmpeg/ffmpeg's ESM build on loopback, opens the page in
// headless Chromium launched exactly like the CLI's (cli/browser.mjs), runs the composite + mux
// there and prints one JSON line. Usage: runner.mjs <job.json>
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPage } from '../lib/servePage.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
await runPage(
  [
    ['/vendor/ffmpeg/', join(root, 'node_modules/@ffmpeg/core/dist/esm')],
    ['/ffmpeg-esm/', join(root, 'node_modules/@ffmpeg/ffmpeg/dist/esm')],
    ['/', here],
  ],
  async (page) => {
    await page.setInputFiles('#video', job.video);
    await page.setInputFiles('#mask', job.mask);
    await page.setInputFiles('#background', job.background);
    return page.evaluate((a) => window.benchRun(a), { composite: job.composite, mux: job.mux });
  },
);
