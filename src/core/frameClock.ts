/**
 * Output timing for the WebCodecs path: each frame keeps its own presentation time from the input
 * (so a variable-frame-rate phone clip keeps its rhythm and its sync with the copied audio),
 * shifted to start at 0 and kept strictly increasing, which the encoder and the MP4 need.
 */
export interface FrameTime {
  timestampUs: number;
  durationUs: number;
}

export class FrameClock {
  /** The first frame's input time (µs): output time 0. Null before the first frame. */
  origin: number | null = null;
  private last = -1;

  /** fallbackUs: a frame's duration when the container gives none (1e6 / fps). */
  constructor(private readonly fallbackUs: number) {}

  next(timestampUs: number, durationUs: number): FrameTime {
    this.origin ??= timestampUs;
    let t = Math.round(timestampUs - this.origin);
    // Equal or backward times (a muxer's rounding, a broken file) would be refused downstream.
    if (!Number.isFinite(t) || t <= this.last) t = this.last + 1;
    this.last = t;
    const d = Number.isFinite(durationUs) && durationUs > 0 ? Math.round(durationUs) : Math.round(this.fallbackUs);
    return { timestampUs: t, durationUs: d };
  }
}
