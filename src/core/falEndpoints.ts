/**
 * The fal.ai video matting endpoints Restyle can use, kept in ONE place: what to send, where the
 * mask is in the answer, how many frames one job takes, and what it costs. Pure.
 *
 * Schemas are from @fal-ai/client 1.10.1's generated types (src/types/endpoints.d.ts:
 * BirefnetV2VideoInput/Output, BenV2VideoInput/Output) and fal's model pages.
 *
 * Prices (checked against fal's published pages; they change, so the UI says "about"):
 * - fal-ai/birefnet/v2/video: fal lists no fixed per-output price. Its llms.txt page
 *   (https://fal.ai/models/fal-ai/birefnet/v2/video/llms.txt) says "Price: $0 per compute seconds",
 *   i.e. billed by GPU time; fal's pricing docs (https://fal.ai/docs/documentation/model-apis/pricing)
 *   say such models "fall back to per-second billing based on the GPU machine type". The estimate
 *   therefore uses the top of the range published for these endpoints (project platform notes:
 *   30 s of 720p roughly $0.45 to $1.26): $1.26 per 30 s = $0.042 per second of 720p at 30 fps.
 *   BiRefNet resizes every frame to its operating resolution (1024x1024 by default), so GPU time
 *   follows the number of frames, not the pixel count: scaled by frames.
 * - fal-ai/ben/v2/video: "$0.001 per megapixels" (https://fal.ai/models/fal-ai/ben/v2/video/llms.txt),
 *   read as megapixels of video processed (width x height x frames). 1280x720 is 0.9216 MP per
 *   frame, so 30 s at 30 fps = 829 MP = about $0.83 ($0.0276 per second of 720p30).
 */
import { isRecord } from './guards';

export type FalEndpointId = 'fal-ai/birefnet/v2/video' | 'fal-ai/ben/v2/video';

export const DEFAULT_FAL_ENDPOINT: FalEndpointId = 'fal-ai/birefnet/v2/video';

/** What we know about the clip before sending it. */
export interface FalClipInfo {
  durationSec: number;
  width: number;
  height: number;
  fps: number;
  /** Exact frame count when known; otherwise durationSec x fps, rounded up. */
  frames?: number;
}

/** Where the mask video is, as fal described it. */
export interface FalMaskRef {
  url: string;
  contentType?: string;
  fileName?: string;
  fileSize?: number;
  width?: number;
  height?: number;
  fps?: number;
  numFrames?: number;
  /**
   * 'luma': a grey video, white = person (BiRefNet's mask_video).
   * 'alpha': the person is in the video's alpha channel (BEN's transparent VP9 webm); the caller
   * must read the alpha plane.
   */
  kind: 'luma' | 'alpha';
}

export interface FalPricing {
  unit: 'frame-720p-second' | 'megapixel';
  /** USD per unit: per second of 720p at 30 fps (scaled by frames), or per megapixel of video. */
  usd: number;
  /** True when fal publishes no fixed price and this is our upper estimate. */
  estimated: boolean;
  source: string;
}

export interface FalEndpoint {
  id: FalEndpointId;
  label: string;
  /** The JSON input for a job, given the uploaded video's URL. */
  buildInput(videoUrl: string): Record<string, unknown>;
  /** Finds the mask video in the job's output (`data` of the queue result). */
  findMask(output: unknown): FalMaskRef | undefined;
  /** Which plane of that video holds the person (see FalMaskRef.kind). */
  maskChannel: 'luma' | 'alpha';
  /** Most frames one job takes, or null when fal publishes no limit. */
  maxFrames: number | null;
  pricing: FalPricing;
}

const ENDPOINTS: Record<FalEndpointId, FalEndpoint> = {
  'fal-ai/birefnet/v2/video': {
    id: 'fal-ai/birefnet/v2/video',
    label: 'BiRefNet (fal.ai)',
    buildInput: (videoUrl) => ({
      video_url: videoUrl,
      // The mask is what we composite with; the cut-out video itself is not used.
      output_mask: true,
      model: 'Portrait',
      operating_resolution: '1024x1024',
      refine_foreground: false,
      video_output_type: 'X264 (.mp4)',
      video_quality: 'high',
      video_write_mode: 'balanced',
    }),
    findMask: (output) => fileRef(isRecord(output) ? output.mask_video : undefined, 'luma'),
    maskChannel: 'luma',
    // Reported limit of one BiRefNet video job (project platform notes: "about 512"); fal's schema
    // does not publish it. Clips over it are refused before upload rather than paid for and failed.
    maxFrames: 512,
    pricing: {
      unit: 'frame-720p-second',
      usd: 1.26 / 30,
      estimated: true,
      source: 'fal bills this model by GPU time (fal.ai/models/fal-ai/birefnet/v2/video/llms.txt); upper end of $0.45-$1.26 per 30 s of 720p',
    },
  },
  'fal-ai/ben/v2/video': {
    id: 'fal-ai/ben/v2/video',
    label: 'BEN v2 (fal.ai)',
    // No background_color: the background stays transparent, which needs webm (VP9 with alpha);
    // mp4 would turn it black and lose the soft edges.
    buildInput: (videoUrl) => ({ video_url: videoUrl, output_format: 'webm' }),
    findMask: (output) => fileRef(isRecord(output) ? output.video : undefined, 'alpha'),
    maskChannel: 'alpha',
    // fal publishes no per-job frame limit for BEN; Restyle's own clip limit applies.
    maxFrames: null,
    pricing: {
      unit: 'megapixel',
      usd: 0.001,
      estimated: false,
      source: '$0.001 per megapixel (fal.ai/models/fal-ai/ben/v2/video/llms.txt)',
    },
  },
};

export const FAL_ENDPOINTS: readonly FalEndpoint[] = Object.values(ENDPOINTS);

export function isFalEndpointId(id: string): id is FalEndpointId {
  return Object.prototype.hasOwnProperty.call(ENDPOINTS, id);
}

export function getFalEndpoint(id: string): FalEndpoint | undefined {
  return isFalEndpointId(id) ? ENDPOINTS[id] : undefined;
}

/** Frames in the clip: the exact count when given, else duration x fps rounded up. */
export function clipFrames(info: FalClipInfo): number {
  if (info.frames !== undefined && Number.isFinite(info.frames) && info.frames > 0) return Math.round(info.frames);
  return Math.ceil(info.durationSec * info.fps - 1e-6);
}

function validInfo(info: FalClipInfo): boolean {
  return (
    [info.durationSec, info.width, info.height, info.fps].every((n) => typeof n === 'number' && Number.isFinite(n) && n > 0) &&
    (info.frames === undefined || (Number.isFinite(info.frames) && info.frames > 0))
  );
}

/** USD per second of 1280x720 video at 30 fps, for showing a rate. */
export function falUsdPer720pSecond(endpointId: FalEndpointId): number {
  const p = ENDPOINTS[endpointId].pricing;
  return p.unit === 'megapixel' ? p.usd * ((1280 * 720) / 1e6) * 30 : p.usd;
}

/**
 * What a job should cost, before spending the person's money. `text` is for people, e.g.
 * "about $0.13" or "up to about $0.13" when fal bills by GPU time and this is our upper estimate.
 */
export function estimateFalCost(endpointId: string, info: FalClipInfo): { usd: number; text: string } {
  const ep = getFalEndpoint(endpointId);
  if (!ep || !validInfo(info)) return { usd: NaN, text: "Restyle can't estimate the fal.ai cost for this clip." };
  const frames = clipFrames(info);
  const p = ep.pricing;
  const usd =
    p.unit === 'megapixel'
      ? ((info.width * info.height * frames) / 1e6) * p.usd
      : (frames / 30) * p.usd;
  const rounded = Math.round(usd * 100) / 100;
  const amount = usd < 0.01 ? 'less than $0.01' : `about $${rounded.toFixed(2)}`;
  const text = `${p.estimated && usd >= 0.01 ? 'up to ' : ''}${amount} on your fal.ai account (an estimate; fal.ai bills the final amount)`;
  return { usd, text };
}

/**
 * Whether fal can take this clip in one job. Refuses, before anything is uploaded or paid for, a
 * clip over the endpoint's frame limit, with words saying how to go on.
 */
export function planFalJob(endpointId: string, info: FalClipInfo): { ok: true } | { ok: false; message: string } {
  const ep = getFalEndpoint(endpointId);
  if (!ep) {
    return { ok: false, message: "Restyle doesn't know this fal.ai model. Pick another one in settings, or use on-device matting instead." };
  }
  if (!validInfo(info)) {
    return { ok: false, message: "Restyle couldn't read this clip's length or size, so it won't send it to fal.ai. Use on-device matting instead." };
  }
  const frames = clipFrames(info);
  if (ep.maxFrames !== null && frames > ep.maxFrames) {
    const maxSec = Math.floor((ep.maxFrames / info.fps) * 10) / 10;
    return {
      ok: false,
      message:
        `This clip has ${frames} frames, but ${ep.label} takes at most ${ep.maxFrames} in one job ` +
        `(about ${formatSec(maxSec)} at ${formatFps(info.fps)} fps). ` +
        `Trim the clip to ${formatSec(maxSec)} or less, or use on-device matting instead.`,
    };
  }
  return { ok: true };
}

function formatSec(s: number): string {
  const v = Number.isInteger(s) ? String(s) : s.toFixed(1);
  return `${v} second${v === '1' ? '' : 's'}`;
}

function formatFps(fps: number): string {
  return Number.isInteger(fps) ? String(fps) : fps.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}

function fileRef(v: unknown, kind: FalMaskRef['kind']): FalMaskRef | undefined {
  if (!isRecord(v) || typeof v.url !== 'string' || v.url.length === 0) return undefined;
  const ref: FalMaskRef = { url: v.url, kind };
  if (typeof v.content_type === 'string') ref.contentType = v.content_type;
  if (typeof v.file_name === 'string') ref.fileName = v.file_name;
  if (typeof v.file_size === 'number' && Number.isFinite(v.file_size)) ref.fileSize = v.file_size;
  if (typeof v.width === 'number') ref.width = v.width;
  if (typeof v.height === 'number') ref.height = v.height;
  if (typeof v.fps === 'number') ref.fps = v.fps;
  if (typeof v.num_frames === 'number') ref.numFrames = v.num_frames;
  return ref;
}
