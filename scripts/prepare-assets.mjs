#!/usr/bin/env node
// Prepares what the build ships that npm does not hand over as it is: the selfie segmentation and
// pose models with the metadata MediaPipe Tasks needs (patched by a script into
// node_modules/.restyle-models, imported from there with `?runtime`, see scripts/runtimeFiles.mjs)
// and their licence notes (public/models/, shipped beside them); and the PWA's PNG icons,
// rasterised from public/icon.svg. The wasm files are imported from their packages as they are.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { Resvg } from '@resvg/resvg-js';
import { MODELS_DIR } from './runtimeFiles.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pub = join(root, 'public');

execFileSync(process.execPath, [join(root, 'scripts/patch-mediapipe-models.mjs'), MODELS_DIR], { stdio: 'inherit' });
mkdirSync(join(pub, 'models'), { recursive: true });
for (const note of ['LICENSE-selfie-segmentation.txt', 'LICENSE-pose.txt']) copyFileSync(join(MODELS_DIR, note), join(pub, 'models', note));

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

console.log('assets ready: models in node_modules/.restyle-models, their licences in public/models, icons in public/icons');
