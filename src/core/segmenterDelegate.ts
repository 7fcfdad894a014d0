/**
 * Where MediaPipe runs the segmentation model: on the CPU (XNNPACK) or on the GPU (WebGL2). A real
 * GPU segments faster and frees the CPU for decode, composite and encode; a software "GPU"
 * (SwiftShader, llvmpipe: what a machine without a graphics chip offers) does the same work on the
 * CPU and then pays to read the mask back (measured here: 5.5 ms to segment, 81 ms to read back),
 * so it loses to the CPU delegate. Pure, so the rule is unit-tested apart from the browser.
 */

export type SegmenterDelegate = 'cpu' | 'gpu';
/** 'auto' looks at the device's WebGL renderer; the others force one (a forced GPU that can't start is an error). */
export type SegmenterChoice = 'auto' | SegmenterDelegate;

export const SEGMENTER_CHOICES: readonly SegmenterChoice[] = ['auto', 'cpu', 'gpu'];

export function isSegmenterChoice(v: unknown): v is SegmenterChoice {
  return typeof v === 'string' && (SEGMENTER_CHOICES as readonly string[]).includes(v);
}

/** Renderer names of GPUs emulated on the CPU. */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render driver|microsoft basic|mesa offscreen/i;

/** Whether this WebGL renderer string names a real graphics chip (null: no WebGL2 at all). */
export function isHardwareRenderer(renderer: string | null): boolean {
  if (renderer === null) return false;
  const name = renderer.trim();
  return name.length > 0 && !SOFTWARE_RENDERERS.test(name);
}

export function chooseSegmenterDelegate(choice: SegmenterChoice, renderer: string | null): SegmenterDelegate {
  if (choice !== 'auto') return choice;
  return isHardwareRenderer(renderer) ? 'gpu' : 'cpu';
}
