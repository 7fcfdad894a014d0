// The pages the tools drive (not the app): automation.html for the CLI and the bench, eval.html
// for `npm run eval:matte`. Built apart from the app, into dist-harness/, so they never ship to
// users; the app's own files (ffmpeg core, MediaPipe wasm, models) come from the same public/.
import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { cspMetaPlugin } from '../scripts/csp.mjs';

const ROOT = resolve(import.meta.dirname, '..');

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  publicDir: resolve(ROOT, 'public'),
  define: { __RESTYLE_BUILD_ID__: JSON.stringify('harness') },
  plugins: [
    // The same policy as the app's pages: the harness runs the same code on people's files.
    cspMetaPlugin(),
  ],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@ffmpeg/ffmpeg', '@ffmpeg/util'] },
  logLevel: 'warn',
  build: {
    outDir: resolve(ROOT, 'dist-harness'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { automation: resolve(import.meta.dirname, 'automation.html'), eval: resolve(import.meta.dirname, 'eval.html') } },
  },
});
