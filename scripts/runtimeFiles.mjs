// The third-party files the app fetches at run time (MediaPipe's wasm and loader, the models, the
// ffmpeg.wasm core), as the build ships them: imported with `?runtime` they become
// `{ url, bytes }`, where url is the file's content-hashed address in dist/ (so a cache may keep
// it forever and nothing is fetched twice) and bytes its size (for download progress: a
// compressed response's length is not the file's). `runtimeFileName` puts each in its folder
// beside its licence text (public/vendor/*, public/models/*), and the built-in photos, imported
// with `?url`, in backgrounds/ beside theirs.
import { statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/** Where scripts/prepare-assets.mjs writes the models it patches (generated, never committed). */
export const MODELS_DIR = join(ROOT, 'node_modules/.restyle-models');

const PREFIX = '\0restyle-runtime:';
const SUFFIX = '?runtime';

/** The Vite plugin: `import file from 'x.wasm?runtime'` gives `{ url, bytes }`. */
export function runtimeFiles() {
  return {
    name: 'restyle-runtime-files',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith(SUFFIX)) return null;
      const resolved = await this.resolve(source.slice(0, -SUFFIX.length), importer, { skipSelf: true });
      if (!resolved) throw new Error(`runtime file not found: ${source} (run npm run assets)`);
      return PREFIX + resolved.id;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length);
      return `import url from ${JSON.stringify(`${file}?url`)};\nexport default { url, bytes: ${statSync(file).size} };\n`;
    },
  };
}

/** Output names: runtime files in vendor/<package>/ or models/, the rest as Vite names them. */
export function runtimeFileName(info) {
  const from = (info.originalFileNames ?? []).join(' ');
  if (from.includes('@mediapipe/tasks-vision')) return 'vendor/mediapipe/[name]-[hash][extname]';
  if (from.includes('@ffmpeg/core')) return 'vendor/ffmpeg/[name]-[hash][extname]';
  if (from.includes('.restyle-models')) return 'models/[name]-[hash][extname]';
  // The built-in photos and their tiles, beside their licences (public/backgrounds/).
  if (from.includes('src/backgrounds/photos/')) return 'backgrounds/[name]-[hash][extname]';
  return 'assets/[name]-[hash][extname]';
}
