// The pages the tools drive (not the app): automation.html for the CLI and the bench, eval.html
// for `npm run eval:matte`. Built apart from the app, into dist-harness/, so they never ship to
// users; the app's runtime files (ffmpeg core, MediaPipe wasm, models) are imported as the app
// imports them (scripts/runtimeFiles.mjs), and public/ is the same.
import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { cspMetaPlugin } from '../scripts/csp.mjs';
import { MODELS_DIR, runtimeFileName, runtimeFiles } from '../scripts/runtimeFiles.mjs';
import { pixelKernels } from '../scripts/kernels.mjs';

const ROOT = resolve(import.meta.dirname, '..');

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  publicDir: resolve(ROOT, 'public'),
  define: { __RESTYLE_BUILD_ID__: JSON.stringify('harness') },
  resolve: { alias: { '@restyle-models': MODELS_DIR } },
  plugins: [
    runtimeFiles(),
    // `virtual:pixel-kernels`: src/kernels/pixels.ts compiled to wasm with SIMD (scripts/kernels.mjs).
    pixelKernels(),
    // The same policy as the app's pages: the harness runs the same code on people's files.
    cspMetaPlugin(),
  ],
  worker: {
    format: 'es',
    plugins: () => [runtimeFiles(), pixelKernels()],
    rollupOptions: { output: { assetFileNames: runtimeFileName } },
  },
  optimizeDeps: { exclude: ['@ffmpeg/ffmpeg', '@ffmpeg/util'] },
  logLevel: 'warn',
  build: {
    outDir: resolve(ROOT, 'dist-harness'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { automation: resolve(import.meta.dirname, 'automation.html'), eval: resolve(import.meta.dirname, 'eval.html') },
      output: { assetFileNames: runtimeFileName },
    },
  },
});
