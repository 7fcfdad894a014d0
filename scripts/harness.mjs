// The one "build if stale" for the tools that drive the built pages: the CLI (automation.html),
// the bench (through the CLI) and the matte eval (eval.html) use dist-harness/; the first-visit
// benchmark uses the app itself (dist/). Each is rebuilt when anything its build reads is newer
// than it, or when asked.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { newestMtime } from './newestMtime.mjs';

const ROOT = join(import.meta.dirname, '..');
export const HARNESS_DIR = join(ROOT, 'dist-harness');
const STAMP = join(HARNESS_DIR, 'automation.html');
const INPUTS = ['src', 'workers', 'harness', 'public', 'vite.config.ts', 'harness/vite.config.ts', 'scripts/prepare-assets.mjs', 'scripts/patch-mediapipe-models.mjs', 'scripts/csp.mjs', 'package-lock.json', 'tsconfig.json'];

/** Why `stamp` (a build's output) must be built again, or null when it is up to date. */
function staleBecause(stamp, dirName) {
  if (!existsSync(stamp)) return `${dirName} is missing`;
  const built = statSync(stamp).mtimeMs;
  const newer = INPUTS.filter((p) => newestMtime(join(ROOT, p)) > built);
  return newer.length > 0 ? `${newer.join(', ')} newer than ${dirName}` : null;
}

function ensureBuild({ dir, stamp, dirName, script, what }, { force = false, noBuild = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const stale = staleBecause(stamp, dirName);
  if (noBuild) {
    if (!existsSync(stamp)) throw new Error(`${dirName} is missing: build it first (npm run ${script})`);
    if (stale) log(`using ${dirName} as it is, although ${stale}`);
    return { dir, buildSec: null };
  }
  if (!force && !stale) return { dir, buildSec: null };
  log(`building ${what} (${force ? 'asked to' : stale}): npm run ${script} …`);
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run ${script} failed:\n${r.stdout}\n${r.stderr}`);
  return { dir, buildSec: (Date.now() - t0) / 1000 };
}

/**
 * Builds dist-harness/ when stale (or `force`), unless `noBuild`; returns its path and the build's
 * seconds (null when not built). `log` hears what it does.
 */
export function ensureHarness(options) {
  return ensureBuild({ dir: HARNESS_DIR, stamp: STAMP, dirName: 'dist-harness/', script: 'build:harness', what: 'the pages the tools drive' }, options);
}

export const APP_DIR = join(ROOT, 'dist');

/** The same for the app as users get it (dist/), for the first-visit benchmark. */
export function ensureApp(options) {
  return ensureBuild({ dir: APP_DIR, stamp: join(APP_DIR, 'index.html'), dirName: 'dist/', script: 'build', what: 'the app' }, options);
}
