// The pixel kernels (src/kernels/pixels.ts, AssemblyScript) compiled to WebAssembly with SIMD
// from source by the AssemblyScript compiler from npm, on every build: no binary is committed.
// The Vite plugin makes `import bytes from 'virtual:pixel-kernels'` the module's bytes (a few
// KB, inlined into the worker that uses them, so nothing more is fetched or cached). The output
// is cached by the source's hash in node_modules/.cache, so a build or test run compiles once.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
export const KERNELS_SOURCE = join(ROOT, 'src/kernels/pixels.ts');
const CACHE = join(ROOT, 'node_modules/.cache/restyle-kernels');

/** asc's options: speed first; memory is the caller's (imported), no runtime, no abort import. */
const ASC_FLAGS = ['-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--initialMemory', '1', '--use', 'abort=', '--enable', 'simd'];

/** The kernels' wasm bytes, compiled now or taken from the cache. */
export async function kernelsWasm() {
  const source = readFileSync(KERNELS_SOURCE, 'utf8');
  const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules/assemblyscript/package.json'), 'utf8'));
  const key = createHash('sha256').update(`${version}\0${ASC_FLAGS.join(' ')}\0${source}`).digest('hex').slice(0, 16);
  const cached = join(CACHE, `pixels-${key}.wasm`);
  if (existsSync(cached)) return readFileSync(cached);
  const asc = (await import('assemblyscript/asc')).default;
  let binary = null;
  const stderr = [];
  const { error } = await asc.main(['pixels.ts', '--outFile', 'pixels.wasm', ...ASC_FLAGS], {
    readFile: (name) => (name === 'pixels.ts' ? source : null),
    writeFile: (name, contents) => {
      if (name === 'pixels.wasm') binary = contents;
    },
    listFiles: () => [],
    stderr: { write: (s) => stderr.push(String(s)) },
    stdout: { write: () => {} },
  });
  if (error || !binary) throw new Error(`the pixel kernels did not compile (src/kernels/pixels.ts):\n${stderr.join('')}${error?.message ?? ''}`);
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(cached, binary);
  return Buffer.from(binary);
}

const ID = 'virtual:pixel-kernels';

/** The Vite plugin: `virtual:pixel-kernels` is the compiled module's bytes (a Uint8Array). */
export function pixelKernels() {
  return {
    name: 'restyle-pixel-kernels',
    resolveId: (source) => (source === ID ? `\0${ID}` : null),
    async load(id) {
      if (id !== `\0${ID}`) return null;
      this.addWatchFile(KERNELS_SOURCE);
      const base64 = (await kernelsWasm()).toString('base64');
      return `const text = atob(${JSON.stringify(base64)});\nconst bytes = new Uint8Array(text.length);\nfor (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);\nexport default bytes;\n`;
    },
  };
}
