import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// Static, local-first app: every asset (ffmpeg core, MediaPipe wasm and model) is served
// from our own origin; `base` lets it live under a sub-path of a static host.
export default defineConfig({
  base: process.env.RESTYLE_BASE ?? './',
  plugins: [react()],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@ffmpeg/ffmpeg', '@ffmpeg/util'] },
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        automation: resolve(import.meta.dirname, 'automation.html'),
      },
    },
  },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
