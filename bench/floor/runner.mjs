#!/usr/bin/env node
// Child process of bench/run.mjs: the browser's own floor for a clip, decode + encode + mux and
// nothing else (mediabunny's Conversion over WebCodecs, the H.264 settings the app encodes with,
// AAC copied), in headless Chromium launched like the CLI's. Prints one JSON line.
// Usage: runner.mjs <job.json> (video: the clip's path; encode: { codec, bitrate, keyFrameSec })
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPage } from '../lib/servePage.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
await runPage(
  [
    ['/mediabunny/', join(root, 'node_modules/mediabunny/dist/bundles')],
    ['/', here],
  ],
  async (page) => {
    await page.setInputFiles('#video', job.video);
    return page.evaluate((encode) => window.benchRun(encode), job.encode);
  },
);
