import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { cspMetaPlugin } from './scripts/csp.mjs';
import { MODELS_DIR, runtimeFileName, runtimeFiles } from './scripts/runtimeFiles.mjs';
import { pixelKernels } from './scripts/kernels.mjs';
import { precompress } from './scripts/precompress.mjs';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as { version: string };
// Baked into the service worker (and the app), so two builds of different code or different
// RESTYLE_BUILD_ID always differ in sw.js and the browser sees an update.
const buildId = process.env.RESTYLE_BUILD_ID ?? pkg.version;

// Static, local-first app: every asset (ffmpeg core, MediaPipe wasm and models) is served
// from our own origin under a content-hashed name; `base` lets it live under a sub-path of a
// static host.
export default defineConfig({
  base: process.env.RESTYLE_BASE ?? './',
  define: { __RESTYLE_BUILD_ID__: JSON.stringify(buildId) },
  resolve: { alias: { '@restyle-models': MODELS_DIR } },
  plugins: [
    // `?runtime` imports: the wasm and models as { url, bytes } (src/shipped/runtimeFiles.ts).
    runtimeFiles(),
    // `virtual:pixel-kernels`: src/kernels/pixels.ts compiled to wasm with SIMD (scripts/kernels.mjs).
    pixelKernels(),
    react(),
    // An installable PWA that works offline after one visit: our own service worker
    // (src/sw.ts) precaches the app shell, MediaPipe's module wasm, the models, the built-in
    // photos and the icons; ffmpeg.wasm's 32 MB wasm is fetched only when a clip needs it and
    // kept then (src/shipped/download.ts). Registration is ours too
    // (src/pwa/registerServiceWorker.ts), after the first video's files are in.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      includeManifestIcons: false,
      manifest: {
        name: 'Restyle',
        short_name: 'Restyle',
        description: 'Put yourself in front of any background. Restyle works on your own device: your video never leaves it.',
        start_url: './',
        scope: './',
        display: 'standalone',
        theme_color: '#5b3df5',
        background_color: '#f6f5fb',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        share_target: {
          action: './share-target',
          method: 'POST',
          enctype: 'multipart/form-data',
          params: { files: [{ name: 'video', accept: ['video/*'] }] },
        },
        file_handlers: [
          {
            action: './',
            accept: { 'video/mp4': ['.mp4'], 'video/quicktime': ['.mov'], 'video/webm': ['.webm'] },
          },
        ],
      },
      injectManifest: {
        // Everything the on-device path needs offline, and ffmpeg.wasm's small script (its wasm
        // is kept when first needed). Not precached: the licence texts, the precompressed
        // copies (the host serves them in place of the files) and _headers (host config).
        globPatterns: [
          '*.{html,svg}',
          'assets/**/*.{js,css}',
          'icons/*.png',
          'backgrounds/*.jpg',
          'vendor/ffmpeg/*.js',
          'vendor/mediapipe/*.{js,wasm}',
          'models/*.tflite',
        ],
        // MediaPipe's wasm is 11.5 MB.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        // Hashed file names need no revision (their name changes with their content), so the
        // precache takes them from the HTTP cache when the page fetched them already.
        dontCacheBustURLsMatching: /^(?:assets|vendor\/[a-z]+|models|backgrounds)\/.+-[\w-]{8}\.(?:js|css|wasm|tflite|jpg)$/,
        // A classic script: every browser with service workers runs it.
        rollupFormat: 'iife',
      },
    }),
    // Built pages carry the policy themselves (dev keeps Vite's inline HMR scripts working).
    cspMetaPlugin(),
    // x.br and x.gz beside each file, for hosts that serve them as they are (docs/hosting.md).
    precompress(),
  ],
  worker: {
    format: 'es',
    plugins: () => [runtimeFiles(), pixelKernels()],
    rollupOptions: { output: { assetFileNames: runtimeFileName } },
  },
  optimizeDeps: { exclude: ['@ffmpeg/ffmpeg', '@ffmpeg/util'] },
  build: {
    target: 'es2022',
    // The app only: the pages the CLI and the eval drive are built apart (harness/vite.config.ts).
    rollupOptions: {
      input: { main: resolve(import.meta.dirname, 'index.html') },
      output: { assetFileNames: runtimeFileName },
    },
  },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
