/**
 * The pixel kernels in WebAssembly with SIMD (src/kernels/pixels.ts, compiled at build time and
 * inlined: a few KB), or the plain-JS ones where this browser can't run them; chosen once, at
 * start-up, by validating the module. Each user gets an instance of its own, with linear memory
 * sized for exactly what it builds (a counting dry run first: wasm memory can't grow under the
 * views the build holds).
 */
import kernelBytes from 'virtual:pixel-kernels';
import { CountingArena, arenaBytes, type Arena } from '../../core/arena';
import { isNoTint } from '../../core/colourMatch';
import { jsKernels, type KernelChoice, type KernelKind, type PixelKernels } from '../../core/pixelKernels';
import { coefficients, downscaleI420ToRgba, planesOf, rotatedSize } from '../../core/yuv';

/** The kernels' own exports (src/kernels/pixels.ts); every pointer is a byte offset into the memory. */
interface KernelExports {
  blendI420(frame: number, background: number, alpha: number, width: number, height: number): void;
  shiftPlane(plane: number, n: number, shift: number): void;
  applyCoefficients(...args: number[]): void;
  downscaleI420(...args: number[]): void;
  refineCoefficients(block: number, hasPrev: number): void;
  rotatePlane(src: number, width: number, height: number, rotation: number, dst: number, block: number): void;
  splitChroma(uv: number, n: number, u: number, v: number): void;
}

const PAGE = 65536;
/** The first page is the module's own (AssemblyScript puts its static data there; it has none today). */
const BASE = PAGE;
/** The kernels' own scratch, taken first in every instance (the rotation's 16x16 block, twice). */
const SCRATCH = 512;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where wasm SIMD is missing. Sync: 11 KB, which Chromium compiles synchronously on a page too (the eval page and the browser tests do). */
function kernelsModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = WebAssembly.validate(kernelBytes) ? new WebAssembly.Module(kernelBytes) : null;
  return compiled;
}

/** Which kernels `choice` gets on this browser. */
export function kernelKindFor(choice: KernelChoice): KernelKind {
  return choice === 'auto' && kernelsModule() ? 'wasm-simd' : 'js';
}

/**
 * `make` built on the chosen kernels: everything it allocates through `kernels.arena` is where
 * those kernels can reach it. With wasm, `make` runs twice: once to count, once for real.
 */
export function withPixelKernels<T>(choice: KernelChoice, make: (kernels: PixelKernels) => T): T {
  const mod = choice === 'auto' ? kernelsModule() : null;
  if (!mod) return make(jsKernels());
  const counting = new CountingArena();
  counting.u8(SCRATCH);
  // A stand-in that builds what the wasm kernels will get, on plain arrays, counting their bytes:
  // it has every kernel they have (builds allocate by what they find), none ever run.
  make({
    ...jsKernels(),
    kind: 'wasm-simd',
    arena: counting,
    refineCoefficients: () => {
      throw new Error('pixel kernels: the counting stand-in runs nothing');
    },
  });
  const memory = new WebAssembly.Memory({ initial: Math.ceil((BASE + counting.bytes) / PAGE) });
  const instance = new WebAssembly.Instance(mod, { env: { memory } });
  return make(wasmKernels(instance.exports as unknown as KernelExports, memory));
}

/** Views into `memory`, handed out in order and never freed (the instance goes with its user). */
class LinearArena implements Arena {
  private top = BASE;

  constructor(private readonly memory: WebAssembly.Memory) {}

  u8(n: number): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.memory.buffer, this.take(n), n);
  }

  i32(n: number): Int32Array<ArrayBuffer> {
    return new Int32Array(this.memory.buffer, this.take(4 * n), n);
  }

  f32(n: number): Float32Array<ArrayBuffer> {
    return new Float32Array(this.memory.buffer, this.take(4 * n), n);
  }

  private take(bytes: number): number {
    const at = this.top;
    this.top += arenaBytes(bytes);
    if (this.top > this.memory.buffer.byteLength) throw new Error('pixel kernels: asked for more memory than was counted');
    return at;
  }
}

function wasmKernels(ex: KernelExports, memory: WebAssembly.Memory): PixelKernels {
  /** A view's address in the kernels' memory; anything else is a caller's bug, not a slow path. */
  const at = (view: ArrayBufferView): number => {
    if (view.buffer !== memory.buffer) throw new Error('pixel kernels: an array outside their memory');
    return view.byteOffset;
  };
  const arena = new LinearArena(memory);
  const block = at(arena.u8(SCRATCH));
  return {
    kind: 'wasm-simd',
    arena,
    applyCoefficients(layout, coef, frame, out) {
      const { ay, ax } = layout;
      ex.applyCoefficients(
        layout.mw,
        frame.width,
        frame.height,
        at(coef.a),
        at(coef.b),
        at(coef.wrap),
        coef.au && coef.av ? at(coef.au) : 0,
        coef.au && coef.av ? at(coef.av) : 0,
        at(coef.need),
        at(ay.i0),
        at(ay.i1),
        at(ay.w),
        at(ax.i1),
        at(ax.w),
        at(layout.spanStarts),
        at(layout.rows),
        at(frame.data),
        at(out),
      );
    },
    applyTint(frame, tint) {
      if (isNoTint(tint)) return;
      const { y, u, v } = planesOf(frame);
      ex.shiftPlane(at(y), y.length, tint.y);
      ex.shiftPlane(at(u), u.length, tint.u);
      ex.shiftPlane(at(v), v.length, tint.v);
    },
    blendI420(frame, background, alpha) {
      ex.blendI420(at(frame.data), at(background.data), at(alpha), frame.width, frame.height);
    },
    refineCoefficients(block, hasPrev) {
      ex.refineCoefficients(at(block), hasPrev ? 1 : 0);
    },
    rotateI420(src, rotation, out) {
      const size = rotatedSize(src.width, src.height, rotation);
      if (out.width !== size.width || out.height !== size.height) throw new Error('pixel kernels: the rotated frame has the wrong size');
      const s = planesOf(src);
      const d = planesOf(out);
      if (rotation === 0) {
        out.data.set(src.data.subarray(0, out.data.length));
        return;
      }
      ex.rotatePlane(at(s.y), src.width, src.height, rotation, at(d.y), block);
      ex.rotatePlane(at(s.u), s.cw, s.ch, rotation, at(d.u), block);
      ex.rotatePlane(at(s.v), s.cw, s.ch, rotation, at(d.v), block);
    },
    nv12ToI420(nv12, out) {
      const { y, u, v } = planesOf(out);
      y.set(nv12.subarray(0, y.length));
      ex.splitChroma(at(nv12) + y.length, u.length, at(u), at(v));
    },
    downscaleI420ToRgba(plan, frame, matrix, rgba, guide) {
      const { out } = plan;
      // The kernel reads no sample past a plane: cells finer than the chroma planes go to JS (tiny frames only).
      if (out.width > frame.width >> 1 || out.height > frame.height >> 1) {
        downscaleI420ToRgba(frame, out.width, out.height, matrix, rgba, guide ?? undefined);
        return;
      }
      const c = coefficients(matrix);
      const chroma = guide !== null && guide.length >= 3 * out.width * out.height;
      ex.downscaleI420(
        at(frame.data),
        frame.width,
        frame.height,
        out.width,
        out.height,
        at(plan.xs),
        at(plan.ys),
        at(plan.cxs),
        at(plan.cys),
        at(plan.cols),
        c.ry,
        c.rv,
        c.gu,
        c.gv,
        c.bu,
        at(rgba),
        guide ? at(guide) : 0,
        chroma ? 1 : 0,
      );
    },
  };
}
