// Precompressed copies of the build's text and binary files (x.br and x.gz beside x), for static
// hosts that serve them as they are (nginx's brotli_static and gzip_static, the local servers in
// cli/staticServer.mjs): gzip takes the MediaPipe wasm from 11.5 to 3.4 MB and brotli to 2.3 MB,
// which a phone on a slow link feels. Compressed once here, at the highest brotli quality where it
// pays (files up to 16 MB; the 32 MB ffmpeg core at 9, which is 5 s instead of about 90). What
// was compressed once is kept by content in node_modules/.cache, so later builds take no time.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** What is worth compressing: everything but pictures, which are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|wasm|tflite|txt)$/;
/** Below this, a compressed copy saves less than a round trip's worth. */
const MIN_BYTES = 1024;
const BIG = 16 * 1024 * 1024;
const CACHE = join(import.meta.dirname, '..', 'node_modules', '.cache', 'restyle-precompress');

/** `make(data)`, or what it made for the same bytes before. */
async function cached(data, kind, make) {
  const file = join(CACHE, `${createHash('sha256').update(data).digest('hex')}.${kind}`);
  try {
    return await readFile(file);
  } catch {
    const made = await make(data);
    await mkdir(CACHE, { recursive: true });
    await writeFile(file, made);
    return made;
  }
}

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** Writes x.br and x.gz beside every compressible file under `dir` that they make smaller; returns what was written. */
export async function precompressDir(dir) {
  const jobs = [];
  for await (const file of files(dir)) {
    if (!COMPRESSIBLE.test(file) || (await stat(file)).size < MIN_BYTES) continue;
    jobs.push(
      (async () => {
        const data = await readFile(file);
        const quality = data.length > BIG ? 9 : constants.BROTLI_MAX_QUALITY;
        const [br, gzipped] = await Promise.all([
          cached(data, `br${quality}`, (d) => brotli(d, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: d.length } })),
          cached(data, 'gz9', (d) => gz(d, { level: 9 })),
        ]);
        const written = [];
        if (br.length < data.length) written.push(writeFile(`${file}.br`, br));
        if (gzipped.length < data.length) written.push(writeFile(`${file}.gz`, gzipped));
        await Promise.all(written);
        return { file, bytes: data.length, br: br.length, gzip: gzipped.length };
      })(),
    );
  }
  return Promise.all(jobs);
}

/** The Vite plugin: compresses the build's output once every other plugin has written it (the service worker too). */
export function precompress() {
  let outDir = 'dist';
  return {
    name: 'restyle-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        const done = await precompressDir(outDir);
        const total = (k) => done.reduce((sum, f) => sum + f[k], 0);
        this.info?.(`precompressed ${done.length} files: ${(total('bytes') / 1e6).toFixed(1)} MB, brotli ${(total('br') / 1e6).toFixed(1)} MB, gzip ${(total('gzip') / 1e6).toFixed(1)} MB`);
      },
    },
  };
}
