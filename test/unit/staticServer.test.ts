// The local server sends a build's precompressed copy when the browser takes its encoding, brotli first.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { precompressedFor } from '../../cli/staticServer.mjs';

const dir = mkdtempSync(join(tmpdir(), 'restyle-static-'));
const both = join(dir, 'a.wasm');
const gzOnly = join(dir, 'b.js');
writeFileSync(both, 'x'.repeat(100));
writeFileSync(`${both}.br`, 'b');
writeFileSync(`${both}.gz`, 'gg');
writeFileSync(gzOnly, 'y'.repeat(100));
writeFileSync(`${gzOnly}.gz`, 'g');

describe('precompressedFor', () => {
  it('takes brotli before gzip when the browser takes both', () => {
    expect(precompressedFor('gzip, deflate, br, zstd', both)).toEqual({ file: `${both}.br`, size: 1, encoding: 'br' });
  });

  it('takes gzip when brotli is not accepted or not there', () => {
    expect(precompressedFor('gzip;q=1.0, identity', both)).toEqual({ file: `${both}.gz`, size: 2, encoding: 'gzip' });
    expect(precompressedFor('br, gzip', gzOnly)).toEqual({ file: `${gzOnly}.gz`, size: 1, encoding: 'gzip' });
  });

  it('sends the file as it is to a browser that takes neither, and for a file with no copies', () => {
    expect(precompressedFor(undefined, both)).toBeNull();
    expect(precompressedFor('identity', both)).toBeNull();
    expect(precompressedFor('br, gzip', join(dir, 'none.css'))).toBeNull();
  });
});
