#!/usr/bin/env node
// npm run licences: every package the app ships (the production dependency tree, as npm installed
// it) must carry a licence we can ship under, declared in its package.json. Offline: it reads
// node_modules only. Prints the count per licence; exits 1 naming any package outside the list.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Permissive licences, and the copyleft ones we ship in a way that keeps them apart. */
const ALLOWED = new Map([
  ['MIT', 'permissive'],
  ['ISC', 'permissive'],
  ['0BSD', 'permissive'],
  ['BSD-2-Clause', 'permissive'],
  ['BSD-3-Clause', 'permissive'],
  ['Apache-2.0', 'permissive (keep its NOTICE)'],
  ['CC0-1.0', 'public domain'],
  // File-level copyleft: mediabunny's files stay unmodified, so our code keeps its own licence.
  ['MPL-2.0', 'file-level copyleft, used unmodified'],
]);
/** Allowed for these packages only, with the reason. */
const ALLOWED_FOR = new Map([
  // The ffmpeg core is served as its own file and loaded at run time, not linked into our bundle;
  // its source is the published @ffmpeg/core release.
  ['@ffmpeg/core', 'GPL-2.0-or-later'],
]);

const root = join(import.meta.dirname, '..');
const dirs = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean)
  .slice(1); // the first line is the project itself

const byLicence = new Map();
const problems = [];
const seen = new Set();
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const id = `${pkg.name}@${pkg.version}`;
  if (seen.has(id)) continue;
  seen.add(id);
  const licence = typeof pkg.license === 'string' ? pkg.license : null;
  if (!licence) {
    problems.push(`${id}: no licence declared`);
    continue;
  }
  const ok = ALLOWED.has(licence) || ALLOWED_FOR.get(pkg.name) === licence;
  if (!ok) problems.push(`${id}: ${licence} is not on the list (scripts/check-licences.mjs)`);
  byLicence.set(licence, [...(byLicence.get(licence) ?? []), pkg.name]);
}

console.log(`Packages in the production dependency tree: ${seen.size}`);
for (const [licence, names] of [...byLicence].sort((a, b) => b[1].length - a[1].length)) {
  const note = ALLOWED.get(licence) ?? 'allowed for the named package only';
  console.log(`  ${licence.padEnd(18)} ${String(names.length).padStart(3)}  ${note}${names.length <= 3 ? `: ${names.join(', ')}` : ''}`);
}
if (problems.length) {
  console.error(`\nLicences to look at:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
