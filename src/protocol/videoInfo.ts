import type { VideoContainer } from '../core/sniff';

/** What the pipeline needs to know about an input clip, read from its container. */
export interface VideoInfo {
  name: string;
  bytes: number;
  container: VideoContainer;
  durationSec: number;
  /** Upright size, rotation applied. */
  width: number;
  height: number;
  rotation: number;
  fps: number;
  frameCount: number;
  videoCodec: string | null;
  audioCodec: string | null;
}
