import { describe, expect, it } from 'vitest';
import {
  audioPlanFor,
  compositeArgs,
  type CompositePlan,
  extractArgs,
  type ExtractPlan,
  muxArgs,
} from '../../src/core/ffmpegPlan';
import { coverCrop, evenSize, modelFor } from '../../src/core/geometry';

/** The value following a flag (the first occurrence, or the n-th). */
function valueOf(args: string[], flag: string, nth = 0): string {
  const at = args.reduce<number[]>((acc, a, i) => (a === flag ? [...acc, i] : acc), [])[nth];
  expect(at, `${flag} #${nth} in ${args.join(' ')}`).toBeDefined();
  const v = args[at! + 1];
  expect(v).toBeDefined();
  return v!;
}

function extractPlan(source: { width: number; height: number }): ExtractPlan {
  const output = evenSize(source);
  return { inputPath: 'in.mp4', fps: '30000/1001', source, output, frames: modelFor(output), outputPath: 'frames.yuv' };
}

describe('extractArgs', () => {
  it('decodes the first video stream only, to raw I420 (BT.601) at the matte\'s frame size', () => {
    const args = extractArgs(extractPlan({ width: 1280, height: 720 }));
    expect(valueOf(args, '-i')).toBe('in.mp4');
    expect(valueOf(args, '-map')).toBe('0:v:0');
    expect(args).toEqual(expect.arrayContaining(['-an', '-sn', '-dn', '-nostdin', '-y']));
    expect(valueOf(args, '-f')).toBe('rawvideo');
    expect(args.at(-1)).toBe('frames.yuv');
    const vf = valueOf(args, '-vf').split(',');
    expect(vf[0]).toBe('fps=30000/1001');
    expect(vf).toContain('setpts=PTS-STARTPTS');
    expect(vf).toContain('scale=256:144:flags=area:out_color_matrix=bt601:out_range=tv');
    expect(vf.at(-1)).toBe('format=yuv420p');
  });

  it('has no crop for even sizes, but brings every frame back to the first size in one graph (a clip can change size part way)', () => {
    const args = extractArgs(extractPlan({ width: 1280, height: 720 }));
    const vf = valueOf(args, '-vf');
    expect(vf).not.toContain('crop=');
    expect(vf.split(',')).toContain('scale=1280:720');
    expect(args.indexOf('-reinit_filter')).toBeLessThan(args.indexOf('-i'));
    expect(valueOf(args, '-reinit_filter')).toBe('0');
  });

  it('crops odd sizes to the even output before scaling, and scales portrait to the square model', () => {
    const vf = valueOf(extractArgs(extractPlan({ width: 721, height: 1281 })), '-vf').split(',');
    const crop = vf.indexOf('crop=720:1280:0:0');
    const scale = vf.indexOf('scale=256:256:flags=area:out_color_matrix=bt601:out_range=tv');
    expect(crop).toBeGreaterThan(vf.indexOf('fps=30000/1001'));
    expect(scale).toBeGreaterThan(crop);
  });
});

function compositePlan(over: Partial<CompositePlan> = {}): CompositePlan {
  return {
    inputPath: 'in.mov',
    maskPath: 'mask.gray',
    mask: { kind: 'raw', width: 256, height: 256 },
    backgroundPath: 'bg.png',
    background: { width: 1920, height: 1080 },
    fps: '30/1',
    source: { width: 720, height: 1280 },
    output: { width: 720, height: 1280 },
    blurSigma: 14,
    outputPath: 'video.mp4',
    ...over,
  };
}

describe('compositeArgs', () => {
  it('reads the input, then the mask as raw gray frames of the mask size at the job frame rate, then the background', () => {
    const args = compositeArgs(compositePlan());
    expect(valueOf(args, '-i', 0)).toBe('in.mov');
    expect(valueOf(args, '-i', 1)).toBe('mask.gray');
    expect(valueOf(args, '-i', 2)).toBe('bg.png');
    // The raw options must come right before the mask's -i (they apply to the next input only).
    const maskAt = args.indexOf('mask.gray') - 1;
    const maskOpts = args.slice(args.indexOf('-i') + 2, maskAt);
    expect(maskOpts).toEqual(['-f', 'rawvideo', '-pix_fmt', 'gray', '-video_size', '256x256', '-framerate', '30/1']);
  });

  it('fits the background with the coverCrop rectangle, scaled to the output', () => {
    const p = compositePlan();
    const c = coverCrop(p.background, p.output);
    const graph = valueOf(compositeArgs(p), '-filter_complex');
    expect(graph).toContain(`[2:v]crop=${c.width}:${c.height}:${c.x}:${c.y},scale=720:1280:flags=lanczos`);
    expect(graph).toContain('crop=608:1080:656:0');
  });

  it('blurs with the given sigma when above 0, and not at all at 0', () => {
    expect(valueOf(compositeArgs(compositePlan({ blurSigma: 14 })), '-filter_complex')).toContain('gblur=sigma=14:steps=3');
    expect(valueOf(compositeArgs(compositePlan({ blurSigma: 2.5 })), '-filter_complex')).toContain('gblur=sigma=2.5');
    expect(valueOf(compositeArgs(compositePlan({ blurSigma: 0 })), '-filter_complex')).not.toContain('gblur');
  });

  it('blurs the still background once, then loops it at the job frame rate', () => {
    const graph = valueOf(compositeArgs(compositePlan({ fps: '30000/1001' })), '-filter_complex');
    const backdrop = graph.split(';').find((chain) => chain.startsWith('[2:v]'));
    expect(backdrop).toBeDefined();
    const blurAt = backdrop!.indexOf('gblur');
    const loopAt = backdrop!.indexOf('loop=loop=-1:size=1:start=0');
    expect(blurAt).toBeGreaterThan(0);
    expect(loopAt).toBeGreaterThan(blurAt);
    expect(backdrop).toContain('setpts=N/(30000/1001)/TB');
    expect(backdrop!.endsWith('[backdrop]')).toBe(true);
  });

  it('uses the mask as the alpha of the person and lays the cut-out over the backdrop', () => {
    const graph = valueOf(compositeArgs(compositePlan()), '-filter_complex');
    const chains = graph.split(';');
    expect(chains).toHaveLength(5);
    expect(chains[0]).toBe('[0:v]fps=30/1,setpts=PTS-STARTPTS,scale=720:1280,format=yuv420p[person]');
    expect(chains[1]).toBe('[1:v]scale=720:1280:flags=bicubic,format=gray[alpha]');
    expect(chains[2]).toBe('[person][alpha]alphamerge[cutout]');
    expect(chains[4]).toMatch(/^\[backdrop\]\[cutout\]overlay=shortest=1/);
    expect(chains[4]).toMatch(/\[out\]$/);
  });

  it('crops the person the same way as the extract pass for odd sources', () => {
    const source = { width: 721, height: 1281 };
    const output = evenSize(source);
    const graph = valueOf(compositeArgs(compositePlan({ source, output })), '-filter_complex');
    const extractVf = valueOf(extractArgs({ ...extractPlan(source), fps: '30/1' }), '-vf');
    const person = graph.split(';')[0]!;
    const steps = 'fps=30/1,setpts=PTS-STARTPTS,scale=721:1281,crop=720:1280:0:0';
    expect(person).toBe(`[0:v]${steps},format=yuv420p[person]`);
    expect(extractVf.startsWith(`${steps},`)).toBe(true);
  });

  it('encodes video only as H.264 4:2:0 at the job frame rate', () => {
    const args = compositeArgs(compositePlan({ fps: '25/1' }));
    expect(valueOf(args, '-map')).toBe('[out]');
    expect(args).toContain('-an');
    expect(valueOf(args, '-c:v')).toBe('libx264');
    expect(valueOf(args, '-pix_fmt', 1)).toBe('yuv420p');
    expect(valueOf(args, '-r')).toBe('25/1');
    expect(valueOf(args, '-movflags')).toBe('+faststart');
    expect(args.at(-1)).toBe('video.mp4');
  });
});

describe('muxArgs', () => {
  const base = { videoPath: 'video.mp4', inputPath: 'in.mov', outputPath: 'out.mp4' };

  it('copies the video stream and the AAC audio untouched', () => {
    const args = muxArgs({ ...base, audio: 'copy' });
    expect(valueOf(args, '-i', 0)).toBe('video.mp4');
    expect(valueOf(args, '-i', 1)).toBe('in.mov');
    expect(valueOf(args, '-map', 0)).toBe('0:v:0');
    expect(valueOf(args, '-c:v')).toBe('copy');
    expect(valueOf(args, '-map', 1)).toBe('1:a:0');
    expect(valueOf(args, '-c:a')).toBe('copy');
    expect(args).not.toContain('-an');
    expect(args.at(-1)).toBe('out.mp4');
  });

  it('re-encodes other audio to AAC', () => {
    const args = muxArgs({ ...base, audio: 'encode' });
    expect(valueOf(args, '-map', 1)).toBe('1:a:0');
    expect(valueOf(args, '-c:a')).toBe('aac');
    expect(valueOf(args, '-b:a')).toBe('160k');
    expect(valueOf(args, '-c:v')).toBe('copy');
  });

  it('leaves audio out when there is none', () => {
    const args = muxArgs({ ...base, audio: 'none' });
    expect(args).toContain('-an');
    expect(args).not.toContain('1:a:0');
    expect(args).not.toContain('-c:a');
    expect(valueOf(args, '-c:v')).toBe('copy');
  });
});

describe('audioPlanFor', () => {
  it('copies AAC, encodes anything else, and has nothing to do without audio', () => {
    expect(audioPlanFor('aac')).toBe('copy');
    expect(audioPlanFor('opus')).toBe('encode');
    expect(audioPlanFor('pcm-s16')).toBe('encode');
    expect(audioPlanFor('unknown')).toBe('encode');
    expect(audioPlanFor(null)).toBe('none');
  });
});

describe('a trimmed clip (core/trim)', () => {
  const range = { startSec: 12.5, lengthSec: 30 };
  /** The options just before the clip's -i. */
  const beforeClip = (args: string[], clipPath: string) => args.slice(0, args.indexOf(clipPath) - 1);

  it('frames, composite and audio all read the same part: -ss and -t on the clip input only', () => {
    const extract = extractArgs({ ...extractPlan({ width: 1280, height: 720 }), range });
    expect(valueOf(beforeClip(extract, 'in.mp4'), '-ss')).toBe('12.500');
    expect(valueOf(beforeClip(extract, 'in.mp4'), '-t')).toBe('30.000');
    const composite = compositeArgs({ ...compositePlan(), range });
    expect(valueOf(beforeClip(composite, 'in.mov'), '-ss')).toBe('12.500');
    // Not on the mask or the background: theirs start at 0 with the part.
    expect(composite.filter((a) => a === '-ss')).toHaveLength(1);
    const mux = muxArgs({ videoPath: 'video.mp4', inputPath: 'in.mov', outputPath: 'out.mp4', audio: 'copy', range });
    const clipAt = mux.indexOf('in.mov');
    expect(mux.slice(mux.indexOf('video.mp4') + 1, clipAt)).toEqual(['-ss', '12.500', '-t', '30.000', '-i']);
  });

  it('a whole clip has no -ss or -t', () => {
    expect(extractArgs(extractPlan({ width: 1280, height: 720 }))).not.toContain('-ss');
    expect(compositeArgs(compositePlan())).not.toContain('-t');
  });
});
