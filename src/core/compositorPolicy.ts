/**
 * Which compositor to run, from what was measured on this device at start-up. Pure, so the rule
 * is unit-tested apart from the browser that measures.
 */

export type CompositorKind = 'cpu' | 'webgl2';
/** 'auto' measures both on a real GPU (the CPU one without timing on a software renderer); the others force one (a forced one that can't start is an error). */
export type CompositorChoice = 'auto' | CompositorKind;
/** Milliseconds per frame for each implementation; null where it could not run at all. */
export type CompositorTimes = Record<CompositorKind, number | null>;

/**
 * How much faster WebGL2 must be to be taken. The CPU one is the default because it is the one
 * that costs nothing else (no context, no GPU memory, no driver quirks), and start-up timings on
 * a busy device are noisy: a near tie is not worth the GPU's risks.
 */
export const WEBGL2_MARGIN = 0.1;

export const COMPOSITOR_CHOICES: readonly CompositorChoice[] = ['auto', 'cpu', 'webgl2'];

export function isCompositorChoice(v: unknown): v is CompositorChoice {
  return typeof v === 'string' && (COMPOSITOR_CHOICES as readonly string[]).includes(v);
}

function usable(ms: number | null): ms is number {
  return ms !== null && Number.isFinite(ms) && ms >= 0;
}

/** CPU unless WebGL2 ran and beat it by more than WEBGL2_MARGIN (or the CPU one failed). */
export function chooseCompositor(times: CompositorTimes, margin = WEBGL2_MARGIN): CompositorKind {
  const { cpu, webgl2 } = times;
  if (!usable(webgl2)) return 'cpu';
  if (!usable(cpu)) return 'webgl2';
  return webgl2 < cpu * (1 - margin) ? 'webgl2' : 'cpu';
}

/**
 * A timed run of the challenger this many times the CPU's median cannot win, whatever the next
 * runs say: timing stops there, so a device where WebGL2 loses badly (no GPU) pays one run, not three.
 */
export const HOPELESS_FACTOR = 2;

export function clearlyLoses(runMs: number, cpuMs: number | null, factor = HOPELESS_FACTOR): boolean {
  return usable(cpuMs) && runMs > cpuMs * factor;
}

/** The median of a few timings: one run disturbed by another process must not decide. */
export function medianMs(runs: readonly number[]): number {
  if (runs.length === 0) return Number.NaN;
  const s = [...runs].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
