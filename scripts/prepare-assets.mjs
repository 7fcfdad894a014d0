#!/usr/bin/env node
// Copies the runtime assets the app serves from its own origin out of node_modules (never a
// CDN, never committed): the single-thread ffmpeg.wasm core, MediaPipe's vision wasm, and the
// selfie segmentation models with the metadata MediaPipe Tasks needs (patched by a script).
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

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
for (const f of ['vision_wasm_module_internal.js', 'vision_wasm_module_internal.wasm', 'vision_wasm_internal.js', 'vision_wasm_internal.wasm', 'vision_wasm_nosimd_internal.js', 'vision_wasm_nosimd_internal.wasm']) {
  copy(join(nm, '@mediapipe/tasks-vision/wasm', f), join(pub, 'vendor/mediapipe', f));
}

execFileSync(process.execPath, [join(root, 'scripts/patch-selfie-model.mjs'), join(pub, 'models')], { stdio: 'inherit' });
console.log('assets ready in public/vendor and public/models');
