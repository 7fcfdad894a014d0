import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as { version: string };
// Baked into the service worker (and the app), so two builds of different code or different
// RESTYLE_BUILD_ID always differ in sw.js and the browser sees an update.
const buildId = process.env.RESTYLE_BUILD_ID ?? pkg.version;

/**
 * The Content-Security-Policy of public/_headers (the one source), as a <meta> for hosts that
 * can't set headers. frame-ancestors is dropped: browsers ignore it in a meta (the header keeps it).
 */
function metaCsp(): string {
  const headers = readFileSync(resolve(import.meta.dirname, 'public/_headers'), 'utf8');
  const line = /^\s*Content-Security-Policy:\s*(.+)$/m.exec(headers)?.[1];
  if (!line) throw new Error('public/_headers has no Content-Security-Policy');
  return line
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !d.startsWith('frame-ancestors'))
    .join('; ');
}

// Static, local-first app: every asset (ffmpeg core, MediaPipe wasm and model) is served
// from our own origin; `base` lets it live under a sub-path of a static host.
export default defineConfig({
  base: process.env.RESTYLE_BASE ?? './',
  define: { __RESTYLE_BUILD_ID__: JSON.stringify(buildId) },
  plugins: [
    react(),
    // An installable PWA that works offline after one visit: our own service worker
    // (src/sw.ts) precaches the app shell, the ffmpeg core, MediaPipe's module wasm, the models
    // and the icons. Registration is ours too (src/pwa/registerServiceWorker.ts).
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
        // Everything the local pipeline needs offline. Not precached: automation.html, eval.html
        // and their scripts (the CLI and `npm run eval:matte` drive them online, from their own
        // local server), the MediaPipe wasm variants the module loader never asks for, and
        // _headers (host config).
        globPatterns: [
          '*.{html,svg}',
          'assets/**/*.{js,css}',
          'icons/*.png',
          'vendor/ffmpeg/ffmpeg-core.{js,wasm}',
          'vendor/mediapipe/vision_wasm_module_internal.{js,wasm}',
          'models/*.tflite',
        ],
        globIgnores: ['automation.html', 'assets/automation-*.js', 'eval.html', 'assets/eval-*.js'],
        // The ffmpeg core wasm is ~32 MB.
        maximumFileSizeToCacheInBytes: 48 * 1024 * 1024,
        // Hashed file names need no revision (their name changes with their content).
        dontCacheBustURLsMatching: /^assets\/.+-[\w-]{8}\.(?:js|css)$/,
        // A classic script: every browser with service workers runs it.
        rollupFormat: 'iife',
      },
    }),
    // Built pages carry the policy themselves (dev keeps Vite's inline HMR scripts working).
    {
      name: 'restyle:csp-meta',
      apply: 'build',
      transformIndexHtml: (html) => html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${metaCsp()}" />`),
    },
    // After VitePWA: it links the manifest from every page, and automation.html (the CLI's) and
    // eval.html (the matte eval's) are no app.
    {
      name: 'restyle:no-manifest-on-automation',
      enforce: 'post',
      transformIndexHtml: {
        order: 'post',
        handler: (html, ctx) => (/(automation|eval)\.html$/.test(ctx.filename) ? html.replace(/\s*<link rel="manifest"[^>]*>/, '') : html),
      },
    },
  ],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@ffmpeg/ffmpeg', '@ffmpeg/util'] },
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        automation: resolve(import.meta.dirname, 'automation.html'),
        eval: resolve(import.meta.dirname, 'eval.html'),
      },
    },
  },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
