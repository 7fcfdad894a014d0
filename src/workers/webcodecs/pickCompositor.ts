/**
 * Which compositor runs on this device. WebGL2 on SwiftShader (no GPU) loses: it pays upload +
 * draw + readback on the CPU (114 ms a 720p frame here, against 8 ms); on a real GPU it wins. So
 * 'auto' takes the CPU one where the WebGL renderer is software (no timing: that alone cost a few
 * hundred ms of shader compiling and slow runs at every start), and times both on the clip's
 * first frame where it is a real graphics chip.
 */
import { chooseCompositor, clearlyLoses, medianMs, type CompositorChoice, type CompositorKind, type CompositorTimes } from '../../core/compositorPolicy';
import { RestyleError } from '../../core/errors';
import { isHardwareRenderer } from '../../core/segmenterDelegate';
import { webglRenderer } from '../shared/webglRenderer';
import type { Size } from '../../core/geometry';
import type { RefineSettings } from '../../core/matteRefine';
import type { KernelChoice } from '../../core/pixelKernels';
import { newI420, type I420 } from '../../core/yuv';
import { isFullResolution, type Compositor, type MaskInput } from './compositor';
import { newCpuCompositor } from './cpuCompositor';
import { WebGl2Compositor } from './webglCompositor';

/** The compositor for this clip and the milliseconds per frame measured to choose it (auto only). */
export interface PickedCompositor {
  compositor: Compositor;
  measuredMs?: CompositorTimes;
}

/** Runs measured per implementation: the first warms up (shader compile, first allocations) and is not counted. */
const TIMED_RUNS = 3;

function create(kind: CompositorKind, background: I420, maskSize: Size, refine: RefineSettings, kernels: KernelChoice): Compositor {
  return kind === 'webgl2' ? new WebGl2Compositor(background, maskSize, refine) : newCpuCompositor(background, maskSize, refine, kernels);
}

/**
 * Median ms per frame of a throw-away instance on copies of the first frame; null if it can't run
 * here. Stops early once a run shows it clearly loses to `cpuMs`.
 */
function measure(
  kind: CompositorKind,
  background: I420,
  maskSize: Size,
  refine: RefineSettings,
  kernels: KernelChoice,
  frame: I420,
  input: MaskInput,
  cpuMs: number | null = null,
): number | null {
  let c: Compositor | null = null;
  try {
    c = create(kind, background, maskSize, refine, kernels);
    const copy = newI420(frame.width, frame.height);
    const runs: number[] = [];
    for (let i = 0; i <= TIMED_RUNS; i++) {
      copy.data.set(frame.data);
      const t0 = performance.now();
      c.composite(copy, input);
      const ms = performance.now() - t0;
      if (i === 0) continue;
      runs.push(ms);
      if (clearlyLoses(ms, cpuMs)) break;
    }
    return medianMs(runs);
  } catch (err) {
    console.warn(`${kind} compositor unavailable:`, err);
    return null;
  } finally {
    c?.close();
  }
}

/**
 * The compositor for this device. 'auto' times both on the clip's first frame and mask (separate
 * throw-away instances, so the one returned starts with fresh temporal state) and takes WebGL2
 * only when clearly faster (src/core/compositorPolicy.ts). A forced one skips the timing; a forced
 * WebGL2 that can't start is an error, not a silent CPU run.
 */
export function pickCompositor(
  choice: CompositorChoice,
  background: I420,
  maskSize: Size,
  refine: RefineSettings,
  first: { frame: I420; input: MaskInput },
  /** The CPU compositor's pixel kernels. */
  kernels: KernelChoice = 'auto',
): PickedCompositor {
  // The GPU one is built for low-resolution masks (it uploads their refinement at mask size); a
  // full-resolution mask is one multiply-add a pixel, which the CPU does without any upload.
  if (isFullResolution(maskSize, background)) {
    if (choice === 'webgl2') throw new RestyleError('failed', 'The WebGL2 compositor takes on-device masks only; a mask video is composited on the CPU.');
    return { compositor: newCpuCompositor(background, maskSize, refine, kernels) };
  }
  if (choice === 'webgl2') {
    try {
      return { compositor: new WebGl2Compositor(background, maskSize, refine) };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new RestyleError('failed', `WebGL2 compositing is not available in this browser (${reason}). Use the CPU compositor instead.`);
    }
  }
  if (choice === 'cpu' || !isHardwareRenderer(webglRenderer())) return { compositor: newCpuCompositor(background, maskSize, refine, kernels) };
  const cpu = measure('cpu', background, maskSize, refine, kernels, first.frame, first.input);
  const measuredMs: CompositorTimes = { cpu, webgl2: measure('webgl2', background, maskSize, refine, kernels, first.frame, first.input, cpu) };
  const kind = chooseCompositor(measuredMs);
  try {
    return { compositor: create(kind, background, maskSize, refine, kernels), measuredMs };
  } catch (err) {
    // It ran a moment ago; if it now can't start, the CPU one still can.
    console.warn(`${kind} compositor failed to start again; using the CPU one:`, err);
    return { compositor: newCpuCompositor(background, maskSize, refine, kernels), measuredMs };
  }
}
