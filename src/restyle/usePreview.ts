import { useEffect, useRef, useState } from 'react';
import type { PreviewOptions, RestyleEngine } from '../media/engine';
import type { VideoInfo } from '../protocol/videoInfo';

export type PreviewStatus = 'working' | 'ready' | 'failed';

export interface Preview {
  /** The newest still made (it may be for an older request while a newer one is on its way). */
  still: ImageBitmap | null;
  status: PreviewStatus;
  /** The request the shown still answers. */
  shown: PreviewOptions | null;
}

const sameRequest = (a: PreviewOptions, b: PreviewOptions) =>
  a.atSec === b.atSec && a.backgroundId === b.backgroundId && a.blurSigma === b.blurSigma && a.colourMatch === b.colourMatch && a.longSide === b.longSide;

/**
 * The preview still for the clip and the look chosen. One request is in flight at a time; while
 * it runs, changes (a dragged slider, a scrubbed frame) only replace the next request, so the
 * still follows the newest choice without a queue of stale ones.
 */
export function usePreview(engine: RestyleEngine, clip: { file: File; info: VideoInfo }, wanted: PreviewOptions): Preview {
  const [state, setState] = useState<Preview>({ still: null, status: 'working', shown: null });
  const pump = useRef<{ clip: typeof clip | null; next: PreviewOptions | null; busy: boolean }>({ clip: null, next: null, busy: false });
  const { atSec, backgroundId, blurSigma, colourMatch, longSide } = wanted;

  useEffect(() => {
    const p = pump.current;
    p.clip = clip;
    p.next = { atSec, backgroundId, blurSigma, colourMatch, longSide };
    if (p.busy) return;
    p.busy = true;
    void (async () => {
      while (p.clip && p.next) {
        const asked = p.next;
        const of = p.clip;
        p.next = null;
        setState((s) => ({ ...s, status: 'working' }));
        try {
          const still = await engine.preview(of.file, of.info, asked);
          // Made for a clip since put down (a new pick, or the step left): not shown.
          if (p.clip !== of) {
            still.close();
            continue;
          }
          setState((s) => {
            s.still?.close();
            return { still, status: p.next && !sameRequest(p.next, asked) ? 'working' : 'ready', shown: asked };
          });
        } catch (err) {
          console.warn('the preview could not be made:', err);
          if (p.clip === of) setState((s) => ({ ...s, status: 'failed' }));
        }
      }
      p.busy = false;
    })();
  }, [engine, clip, atSec, backgroundId, blurSigma, colourMatch, longSide]);

  // Leaving (or a new clip): the pump stops taking requests for this clip; its last still is let go of.
  useEffect(() => {
    const p = pump.current;
    return () => {
      if (p.clip === clip) p.clip = null;
      p.next = null;
    };
  }, [clip]);

  return state;
}
