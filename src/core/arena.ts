/**
 * Where the pixel work's arrays live. Plain JS arrays by default; the wasm kernels read and write
 * only their own linear memory, so a compositor using them puts every plane they touch there
 * (src/workers/shared/wasmKernels.ts). Memory can't grow under live views (growing detaches the
 * buffer), so the wasm side is sized once: a CountingArena measures what a build asks for first.
 */
export interface Arena {
  u8(n: number): Uint8Array<ArrayBuffer>;
  i32(n: number): Int32Array<ArrayBuffer>;
  f32(n: number): Float32Array<ArrayBuffer>;
}

export const heapArena: Arena = {
  u8: (n) => new Uint8Array(n),
  i32: (n) => new Int32Array(n),
  f32: (n) => new Float32Array(n),
};

/**
 * Bytes an allocation takes in a linear arena: 16-byte aligned (SIMD loads), plus 16 bytes of
 * slack, because a kernel's last vector load may read a few bytes past a plane's end.
 */
export function arenaBytes(bytes: number): number {
  return ((bytes + 15) & ~15) + 16;
}

/** Hands out plain arrays while adding up what a linear arena would need for them. */
export class CountingArena implements Arena {
  bytes = 0;

  u8(n: number): Uint8Array<ArrayBuffer> {
    this.bytes += arenaBytes(n);
    return new Uint8Array(n);
  }

  i32(n: number): Int32Array<ArrayBuffer> {
    this.bytes += arenaBytes(4 * n);
    return new Int32Array(n);
  }

  f32(n: number): Float32Array<ArrayBuffer> {
    this.bytes += arenaBytes(4 * n);
    return new Float32Array(n);
  }
}
