#!/usr/bin/env node
// Copies the runtime assets the app serves from its own origin out of node_modules (never a
// CDN, never committed): the single-thread ffmpeg.wasm core, MediaPipe's vision wasm, and the
// selfie segmentation models with the metadata MediaPipe Tasks needs (patched by a script);
// and the PWA's PNG icons, rasterised from public/icon.svg.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { Resvg } from '@resvg/resvg-js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nm = join(root, 'node_modules');
const pub = join(root, 'public');

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  if (existsSync(to) && statSync(to).size === statSync(from).size && statSync(to).mtimeMs >= statSync(from).mtimeMs) return;
  copyFileSync(from, to);
}

for (const f of ['ffmpeg-core.js', 'ffmpeg-core.wasm']) {
  copy(join(nm, '@ffmpeg/core/dist/esm', f), join(pub, 'vendor/ffmpeg', f));
}
// With FilesetResolver.forVisionTasks(base, true) tasks-vision only ever loads the module build.
for (const f of ['vision_wasm_module_internal.js', 'vision_wasm_module_internal.wasm']) {
  copy(join(nm, '@mediapipe/tasks-vision/wasm', f), join(pub, 'vendor/mediapipe', f));
}

execFileSync(process.execPath, [join(root, 'scripts/patch-mediapipe-models.mjs'), join(pub, 'models')], { stdio: 'inherit' });
// PWA icons (public/icons/, gitignored). "any" icons are icon.svg as drawn (rounded corners,
// transparent outside them). The maskable one and the apple-touch icon are full-bleed: the
// background square loses its rounded corners and the picture is shrunk to 75% around the centre,
// which keeps it inside the maskable safe zone (the centred circle of radius 40%).
const svg = readFileSync(join(pub, 'icon.svg'), 'utf8');
const bleed = svg.replace(/<rect width="64" height="64" rx="16" (fill="[^"]+")\/>([\s\S]*)<\/svg>/, '<rect width="64" height="64" $1/><g transform="translate(8 8) scale(0.75)">$2</g></svg>');
if (bleed === svg) throw new Error('public/icon.svg changed shape: update the maskable icon recipe in prepare-assets.mjs');
const icons = [
  { file: 'icon-192.png', svg, size: 192 },
  { file: 'icon-512.png', svg, size: 512 },
  { file: 'maskable-512.png', svg: bleed, size: 512 },
  { file: 'apple-touch-icon-180.png', svg: bleed, size: 180 },
];
mkdirSync(join(pub, 'icons'), { recursive: true });
for (const icon of icons) {
  const out = join(pub, 'icons', icon.file);
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(join(pub, 'icon.svg')).mtimeMs && statSync(out).mtimeMs >= statSync(fileURLToPath(import.meta.url)).mtimeMs) continue;
  const png = new Resvg(icon.svg, { fitTo: { mode: 'width', value: icon.size } }).render().asPng();
  writeFileSync(out, png);
}

console.log('assets ready in public/vendor and public/models');
