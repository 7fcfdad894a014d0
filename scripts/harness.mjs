// The one "build if stale" for the tools that drive the built pages: the CLI (automation.html),
// the bench (through the CLI) and the matte eval (eval.html). dist-harness/ is rebuilt when
// anything its build reads is newer than it, or when asked.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { newestMtime } from './newestMtime.mjs';

const ROOT = join(import.meta.dirname, '..');
export const HARNESS_DIR = join(ROOT, 'dist-harness');
const STAMP = join(HARNESS_DIR, 'automation.html');
const INPUTS = ['src', 'workers', 'harness', 'public', 'scripts/prepare-assets.mjs', 'scripts/patch-mediapipe-models.mjs', 'scripts/csp.mjs', 'package-lock.json', 'tsconfig.json'];

/** Why dist-harness/ must be built again, or null when it is up to date. */
export function harnessStale() {
  if (!existsSync(STAMP)) return 'dist-harness/ is missing';
  const built = statSync(STAMP).mtimeMs;
  const newer = INPUTS.filter((p) => newestMtime(join(ROOT, p)) > built);
  return newer.length > 0 ? `${newer.join(', ')} newer than dist-harness/` : null;
}

/**
 * Builds dist-harness/ when stale (or `force`), unless `noBuild`; returns its path and the build's
 * seconds (null when not built). `log` hears what it does.
 */
export function ensureHarness({ force = false, noBuild = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const stale = harnessStale();
  if (noBuild) {
    if (!existsSync(STAMP)) throw new Error('dist-harness/ is missing: build it first (npm run build:harness)');
    if (stale) log(`using dist-harness/ as it is, although ${stale}`);
    return { dir: HARNESS_DIR, buildSec: null };
  }
  if (!force && !stale) return { dir: HARNESS_DIR, buildSec: null };
  log(`building the pages the tools drive (${force ? 'asked to' : stale}): npm run build:harness …`);
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', 'build:harness'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build:harness failed:\n${r.stdout}\n${r.stderr}`);
  return { dir: HARNESS_DIR, buildSec: (Date.now() - t0) / 1000 };
}
