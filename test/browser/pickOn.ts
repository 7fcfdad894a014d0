/** The start-up compositor choice on a plain 640x360 frame (the person on the left half), as the pipeline makes it. */
import { DEFAULT_REFINE } from '../../src/core/matteRefine';
import type { CompositorChoice } from '../../src/core/compositorPolicy';
import { newI420 } from '../../src/core/yuv';
import { pickCompositor } from '../../src/workers/webcodecs/pickCompositor';

export function pickOn(choice: CompositorChoice) {
  const W = 640;
  const H = 360;
  const bg = newI420(W, H);
  const frame = newI420(W, H);
  frame.data.fill(128);
  const mask = new Uint8Array(256 * 144).fill(255, 0, 128 * 144);
  const picked = pickCompositor(choice, bg, { width: 256, height: 144 }, DEFAULT_REFINE, { frame, input: { mask } });
  picked.compositor.close();
  return { kind: picked.compositor.kind, measuredMs: picked.measuredMs };
}
