#!/usr/bin/env node
// The browser and media tools the tests use come from Debian, not npm (no browser downloads
// here). Installs what is missing when we may (root with apt-get), else says exactly what to run.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const NEEDS = [
  { pkg: 'chromium', file: process.env.CHROMIUM_PATH || '/usr/bin/chromium', why: 'headless browser for the browser tests and the CLI' },
  { pkg: 'ffmpeg', file: '/usr/bin/ffprobe', why: 'makes the test clips and checks outputs' },
  { pkg: 'python-matplotlib-data', file: '/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg', why: 'public-domain portrait the test clips are made from' },
];

const missing = NEEDS.filter((n) => !existsSync(n.file));
if (missing.length === 0) process.exit(0);

const pkgs = missing.map((m) => m.pkg);
const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canInstall) {
  console.error(`Tests need Debian packages: ${missing.map((m) => `${m.pkg} (${m.why})`).join(', ')}.`);
  console.error(`Install them with: sudo apt-get install -y ${pkgs.join(' ')}`);
  process.exit(1);
}
console.error(`Installing ${pkgs.join(', ')} with apt-get…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env });
