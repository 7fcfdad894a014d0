/**
 * The ffmpeg command lines of the pipeline, built as pure data so they can be read and tested
 * without running ffmpeg. Both passes decode the input the same way (fps filter from the same
 * start, same crop), so frame N of the mask pass is frame N of the composite pass.
 */
import { coverCrop, type Size } from './geometry';

export type AudioPlan = 'copy' | 'encode' | 'none';

/** Frames, upright (ffmpeg applies rotation metadata when decoding), at a constant rate from t=0. */
function normalisedVideo(fps: string, output: Size, source: Size): string {
  const { width: W, height: H } = output;
  // A clip whose picture size changes part way (spliced recordings) is brought back to its first
  // size (with -reinit_filter 0 on the input, so the graph and its timestamps run on); for the
  // usual clip this does nothing.
  const steps = [`fps=${fps}`, 'setpts=PTS-STARTPTS', `scale=${source.width}:${source.height}`];
  // Odd sizes: drop the last row/column so 4:2:0 H.264 can hold it.
  if (source.width !== W || source.height !== H) steps.push(`crop=${W}:${H}:0:0`);
  return steps.join(',');
}

/** The part of the clip to read, when not all of it (core/trim): seconds from its start. */
export interface ClipRange {
  startSec: number;
  lengthSec: number;
}

/** Where the part starts and how long it lasts, as input options (the decoder starts there; its times begin at 0). */
function rangeInput(range: ClipRange | undefined): string[] {
  return range ? ['-ss', range.startSec.toFixed(3), '-t', range.lengthSec.toFixed(3)] : [];
}

/** Input options for the clip itself: keep one filter graph if its picture size changes part way; read only the part made. */
function clipInput(range: ClipRange | undefined): string[] {
  return ['-reinit_filter', '0', ...rangeInput(range)];
}

export interface ExtractPlan {
  inputPath: string;
  fps: string;
  source: Size;
  output: Size;
  /** The matte's frame size (matteFrameFor). */
  frames: Size;
  outputPath: string;
  range?: ClipRange | undefined;
}

/**
 * Small I420 frames for the matte (BT.601, limited range: how the matte worker reads them), one
 * raw file.
 */
export function extractArgs(p: ExtractPlan): string[] {
  const { width, height } = p.frames;
  return [
    '-nostdin', '-hide_banner', '-y',
    ...clipInput(p.range), '-i', p.inputPath,
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vf', `${normalisedVideo(p.fps, p.output, p.source)},scale=${width}:${height}:flags=area:out_color_matrix=bt601:out_range=tv,format=yuv420p`,
    '-f', 'rawvideo',
    p.outputPath,
  ];
}

/**
 * Where the person's alpha comes from: raw 8-bit frames at the segmenter's size (on-device), or
 * a mask video (fal.ai) whose luma is the alpha. Both go through the same graph below.
 */
export type MaskSource =
  | { kind: 'raw'; width: number; height: number }
  /** luma: a grey mask video (white = person); alpha: a transparent VP9 WebM whose alpha plane is the person. */
  | { kind: 'video'; channel: 'luma' | 'alpha' };

export interface CompositePlan {
  inputPath: string;
  maskPath: string;
  mask: MaskSource;
  backgroundPath: string;
  background: Size;
  fps: string;
  source: Size;
  output: Size;
  blurSigma: number;
  outputPath: string;
  range?: ClipRange | undefined;
}

function maskInputOptions(p: CompositePlan): string[] {
  if (p.mask.kind === 'raw') {
    return ['-f', 'rawvideo', '-pix_fmt', 'gray', '-video_size', `${p.mask.width}x${p.mask.height}`, '-framerate', p.fps];
  }
  // ffmpeg's built-in VP9 decoder drops the alpha plane; libvpx keeps it.
  return p.mask.channel === 'alpha' ? ['-c:v', 'libvpx-vp9'] : [];
}

/** A mask video is decoded like the input (same rate, from t=0) so its frame N is frame N. */
function maskSteps(p: CompositePlan): string {
  if (p.mask.kind === 'raw') return '';
  const timing = `fps=${p.fps},setpts=PTS-STARTPTS,`;
  return p.mask.channel === 'alpha' ? `${timing}format=yuva420p,alphaextract,` : timing;
}

/**
 * One ffmpeg run: the person (input + mask as alpha) over the background, which is fitted
 * ("cover"), blurred ONCE and then repeated, encoded as H.264 (video only: the audio is muxed after).
 */
export function compositeArgs(p: CompositePlan): string[] {
  const crop = coverCrop(p.background, p.output);
  const { width: W, height: H } = p.output;
  const blur = p.blurSigma > 0 ? `,gblur=sigma=${p.blurSigma}:steps=3` : '';
  const graph = [
    `[0:v]${normalisedVideo(p.fps, p.output, p.source)},format=yuv420p[person]`,
    // A mask video is decoded like the input (same rate, from t=0) so its frame N is frame N.
    `[1:v]${maskSteps(p)}scale=${W}:${H}:flags=bicubic,format=gray[alpha]`,
    '[person][alpha]alphamerge[cutout]',
    `[2:v]crop=${crop.width}:${crop.height}:${crop.x}:${crop.y},scale=${W}:${H}:flags=lanczos${blur},format=yuv420p,` +
      `loop=loop=-1:size=1:start=0,setpts=N/(${p.fps})/TB[backdrop]`,
    '[backdrop][cutout]overlay=shortest=1:format=yuv420,format=yuv420p[out]',
  ].join(';');
  return [
    '-nostdin', '-hide_banner', '-y',
    ...clipInput(p.range), '-i', p.inputPath,
    ...maskInputOptions(p),
    '-i', p.maskPath,
    '-i', p.backgroundPath,
    '-filter_complex', graph,
    '-map', '[out]', '-an',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '20', '-pix_fmt', 'yuv420p',
    '-r', p.fps,
    '-movflags', '+faststart',
    p.outputPath,
  ];
}

export interface MuxPlan {
  videoPath: string;
  inputPath: string;
  audio: AudioPlan;
  outputPath: string;
  /** The part made: its audio is cut the same way as its frames. */
  range?: ClipRange | undefined;
}

/** The finished video stream with the input's first audio track, AAC copied untouched when it can be. */
export function muxArgs(p: MuxPlan): string[] {
  const audio =
    p.audio === 'none'
      ? ['-an']
      : ['-map', '1:a:0', ...(p.audio === 'copy' ? ['-c:a', 'copy'] : ['-c:a', 'aac', '-b:a', '160k'])];
  return [
    '-nostdin', '-hide_banner', '-y',
    '-i', p.videoPath,
    ...rangeInput(p.range), '-i', p.inputPath,
    '-map', '0:v:0', '-c:v', 'copy',
    ...audio,
    '-movflags', '+faststart',
    p.outputPath,
  ];
}

/** AAC is copied bit for bit; anything else (Opus from WebM, PCM from MOV) becomes AAC. */
export function audioPlanFor(audioCodec: string | null): AudioPlan {
  if (audioCodec === null) return 'none';
  return audioCodec === 'aac' ? 'copy' : 'encode';
}
