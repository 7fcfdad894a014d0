/** The restyle command drives the real pipeline in headless Chromium; check what it writes. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { restyle } from './cliRun';
import { clip, colourDistance, compareRestyle, ffprobe, FIXTURES, flashStartSec, frameAt, makeMarkedClip, meanRgb, toneStartSec } from './media';

const out = mkdtempSync(join(tmpdir(), 'restyle-cli-'));
// Independent of each other: the two workers share them out (the file is one of the suite's longest).
test.describe.configure({ mode: 'parallel' });

test('turns a 720p clip of a person into an H.264+AAC MP4 of the same size and length, background replaced', () => {
  const input = clip('person-720p.mp4');
  const target = join(out, 'dusk.mp4');
  const r = restyle([input.path, '--background', 'builtin:city-dusk', '--out', target, '--json']);
  expect(r.status, r.stderr).toBe(0);
  // The default (auto) takes the WebCodecs path for this clip in this browser.
  expect(r.json).toMatchObject({ ok: true, output: target, width: 1280, height: 720, hasAudio: true, matting: 'local', pipeline: 'webcodecs' });
  expect(r.json.bgVerdict).toMatchObject({ clean: true });
  const timings = r.json.timingsSec as Record<string, number>;
  for (const k of ['precheck', 'matte', 'composite', 'mux', 'total']) expect(timings[k]).toBeGreaterThan(0);

  const probe = ffprobe(target);
  expect(probe.video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
  expect(probe.video?.fps).toBeCloseTo(input.fps, 1);
  expect(probe.audio?.codec).toBe('aac');
  expect(Math.abs(probe.durationSec - input.durationSec)).toBeLessThanOrEqual(0.1);
  // Progress went to stderr, not stdout.
  expect(r.stderr).toMatch(/composite/);

  const { personMaxDiff, backgroundMinDiff } = compareRestyle(input, target, [0.5, 1.5, 2.5]);
  expect(personMaxDiff, 'person pixels should stay the person').toBeLessThan(40);
  expect(backgroundMinDiff, 'old background pixels should be replaced').toBeGreaterThan(40);
});

/** Standard deviation of luma over a square (half-width r) around a point given in 0..1 of the frame. */
function lumaStd(f: { width: number; height: number; rgb: Buffer }, [nx, ny]: readonly [number, number], r = 24): number {
  const cx = Math.round(nx * (f.width - 1));
  const cy = Math.round(ny * (f.height - 1));
  const ys: number[] = [];
  for (let y = cy - r; y <= cy + r; y++) {
    for (let x = cx - r; x <= cx + r; x++) {
      const i = (y * f.width + x) * 3;
      ys.push(0.299 * f.rgb[i]! + 0.587 * f.rgb[i + 1]! + 0.114 * f.rgb[i + 2]!);
    }
  }
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  return Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / ys.length);
}

test('takes an image file as background: transparency comes out white, the blur shows (sigma 14 vs --blur 0), a silent clip stays silent', () => {
  const input = clip('person-noaudio.mp4');
  // 1280x720 RGBA: the left third fully transparent (black underneath), the rest a 32 px checkerboard.
  const [W, H] = [1280, 720];
  const rgba = Buffer.alloc(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      if (x < W / 3) continue;
      const v = ((x >> 5) + (y >> 5)) % 2 ? 255 : 0;
      rgba.fill(v, i, i + 3);
      rgba[i + 3] = 255;
    }
  }
  const image = join(out, 'bg.png');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${W}x${H}`, '-i', '-', image], { input: rgba });
  const LEFT: [number, number][] = [[0.06, 0.08], [0.06, 0.5], [0.15, 0.3]];
  const RIGHT: [number, number][] = [[0.94, 0.08], [0.94, 0.5], [0.85, 0.3]];

  const made: Record<string, string> = {};
  for (const [name, blur] of [['sharp', ['--blur', '0']], ['blurred', []]] as const) {
    const target = join(out, `silent-${name}.mp4`);
    const r = restyle([input.path, '--background', image, '--out', target, ...blur, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true, hasAudio: false });
    const probe = ffprobe(target);
    expect(probe.audio).toBeNull();
    expect(probe.video).toMatchObject({ codec: 'h264', width: input.width, height: input.height });
    const { personMaxDiff, backgroundMinDiff } = compareRestyle(input, target, [1]);
    expect(personMaxDiff).toBeLessThan(40);
    expect(backgroundMinDiff).toBeGreaterThan(40);
    made[name] = target;
  }
  const sharp = frameAt(made.sharp!, 1);
  const blurred = frameAt(made.blurred!, 1);
  for (const f of [sharp, blurred]) {
    // Transparent was laid on white (not left black).
    for (const p of LEFT) for (const c of meanRgb(f, p)) expect(c, `white at ${p}`).toBeGreaterThan(235);
  }
  for (const p of RIGHT) {
    // The checkerboard's squares, sharp without blur (luma 0 and 255: std about 127), smoothed away by sigma 14.
    expect(lumaStd(sharp, p), `sharp at ${p}`).toBeGreaterThan(90);
    expect(lumaStd(blurred, p), `blurred at ${p}`).toBeLessThan(25);
  }
});

test('keeps a portrait clip portrait', () => {
  const input = clip('person-portrait.mp4');
  const target = join(out, 'portrait.mp4');
  const r = restyle([input.path, '--background', 'builtin:city-dusk', '--out', target, '--json']);
  expect(r.status, r.stderr).toBe(0);
  expect(r.json).toMatchObject({ ok: true, pipeline: 'webcodecs', width: 720, height: 1280 });
  const probe = ffprobe(target);
  expect(probe.video).toMatchObject({ width: 720, height: 1280 });
  expect(probe.video?.fps).toBeCloseTo(input.fps, 1);
  expect(Math.abs(probe.durationSec - input.durationSec)).toBeLessThanOrEqual(0.1);
  const { personMaxDiff, backgroundMinDiff } = compareRestyle(input, target, [1]);
  expect(personMaxDiff).toBeLessThan(40);
  expect(backgroundMinDiff).toBeGreaterThan(40);
});

test('a MOV with 90° rotation metadata comes out upright, as a player shows the input', () => {
  const source = clip('person-720p.mp4');
  const rotated = join(out, 'rotated.mov');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', source.path, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated]);
  expect(ffprobe(rotated).video?.rotation).not.toBe(0);
  const target = join(out, 'rotated.mp4');
  const r = restyle([rotated, '--background', 'builtin:city-dusk', '--out', target, '--json']);
  expect(r.status, r.stderr).toBe(0);
  const probe = ffprobe(target);
  expect(probe.video).toMatchObject({ width: 720, height: 1280, rotation: 0 });
  // A 90° display rotation turns the landscape frame's point (x, y) into (y, 1 - x) on screen.
  const turn = (ps: [number, number][]): [number, number][] => ps.map(([x, y]) => [y, 1 - x]);
  const upright = { ...source, path: rotated, personPoints: turn(source.personPoints), backgroundPoints: turn(source.backgroundPoints) };
  const { personMaxDiff, backgroundMinDiff } = compareRestyle(upright, target, [1]);
  expect(personMaxDiff).toBeLessThan(40);
  expect(backgroundMinDiff).toBeGreaterThan(40);
});

/** The video packets' presentation times, in seconds, sorted. */
function videoTimes(file: string): number[] {
  const csv = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  return csv.split('\n').filter(Boolean).map(Number).sort((a, b) => a - b);
}

test('a variable-frame-rate clip keeps its own frame times (and its audio) on the WebCodecs path', () => {
  const source = clip('person-720p.mp4');
  const vfr = join(out, 'vfr.mp4');
  // Every third frame dropped and the gaps kept: 30 fps with holes, as a phone under load records.
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', source.path, '-vf', "select='not(eq(mod(n\\,3)\\,2))'", '-fps_mode', 'vfr', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'copy', vfr]);
  const inputTimes = videoTimes(vfr);
  expect(inputTimes.length).toBe(60);
  expect((inputTimes[2] ?? 0) - (inputTimes[1] ?? 0)).toBeCloseTo(2 / 30, 3);
  const target = join(out, 'vfr-out.mp4');
  const r = restyle([vfr, '--background', 'builtin:city-dusk', '--out', target, '--json']);
  expect(r.status, r.stderr).toBe(0);
  expect(r.json).toMatchObject({ ok: true, pipeline: 'webcodecs', hasAudio: true });
  const outputTimes = videoTimes(target);
  expect(outputTimes.length).toBe(inputTimes.length);
  const worst = Math.max(...outputTimes.map((t, i) => Math.abs(t - (inputTimes[i] ?? 0))));
  expect(worst, 'largest shift of a frame time, s').toBeLessThan(0.002);
  expect(Math.abs(ffprobe(target).durationSec - ffprobe(vfr).durationSec)).toBeLessThanOrEqual(0.1);
  expect(ffprobe(target).audio?.codec).toBe('aac');
});

test('a clip whose picture size changes part way: WebCodecs gives up mid-run and ffmpeg.wasm makes it (auto)', () => {
  const source = clip('person-720p.mp4');
  // Two recordings spliced: 1.5 s at 1280x720, then the rest at 640x360, in one H.264 stream.
  const first = join(out, 'part1.ts');
  const second = join(out, 'part2.ts');
  const spliced = join(out, 'spliced.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', source.path, '-t', '1.5', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', first]);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', '1.5', '-i', source.path, '-vf', 'scale=640:360', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', second]);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', `concat:${first}|${second}`, '-c', 'copy', spliced]);
  const target = join(out, 'spliced-out.mp4');
  const r = restyle([spliced, '--background', 'builtin:city-dusk', '--out', target, '--json']);
  expect(r.status, r.stderr).toBe(0);
  // The WebCodecs path was chosen (the first frames say it can), failed on the new size, and the
  // engine made the video again with ffmpeg.wasm.
  expect(r.json).toMatchObject({ ok: true, pipeline: 'ffmpeg', width: 1280, height: 720, hasAudio: true });
  const probe = ffprobe(target);
  expect(probe.video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
  expect(probe.video?.frames ?? 0).toBeGreaterThanOrEqual(88);
  expect(Math.abs(probe.durationSec - source.durationSec)).toBeLessThanOrEqual(0.1);
  // Both parts are cut out: the person stays, the old background is gone, before and after the splice.
  const { personMaxDiff, backgroundMinDiff } = compareRestyle(source, target, [0.5, 2.5]);
  expect(personMaxDiff).toBeLessThan(40);
  expect(backgroundMinDiff).toBeGreaterThan(40);
});

test('a WebM clip (VP8 + Opus) becomes H.264 + AAC', () => {
  const source = clip('person-720p.mp4');
  const webm = join(out, 'clip.webm');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', source.path, '-t', '2', '-c:v', 'libvpx', '-b:v', '2M', '-c:a', 'libopus', webm]);
  const target = join(out, 'webm.mp4');
  const r = restyle([webm, '--background', 'builtin:city-dusk', '--out', target, '--json']);
  expect(r.status, r.stderr).toBe(0);
  // Opus has to become AAC, which WebCodecs can't encode here: auto falls back to ffmpeg.wasm.
  expect(r.json).toMatchObject({ ok: true, pipeline: 'ffmpeg' });
  const probe = ffprobe(target);
  expect(probe.video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
  expect(probe.audio?.codec).toBe('aac');
  expect(Math.abs(probe.durationSec - ffprobe(webm).durationSec)).toBeLessThanOrEqual(0.1);
  const { personMaxDiff, backgroundMinDiff } = compareRestyle({ ...source, path: webm }, target, [1]);
  expect(personMaxDiff).toBeLessThan(40);
  expect(backgroundMinDiff).toBeGreaterThan(40);
});

/** MD5 of the first audio stream's packets, as stored: equal only when the AAC was copied untouched. */
function audioPacketsMd5(path: string): string {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:a:0', '-c', 'copy', '-f', 'md5', '-'], { encoding: 'utf8' }).trim();
}

test('both pipelines, forced, make the same kind of file from the same clip (WebCodecs and ffmpeg.wasm)', () => {
  const input = clip('person-720p.mp4');
  for (const pipeline of ['webcodecs', 'ffmpeg'] as const) {
    const target = join(out, `forced-${pipeline}.mp4`);
    const r = restyle([input.path, '--background', 'builtin:city-dusk', '--out', target, '--pipeline', pipeline, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true, pipeline, matting: 'local', width: 1280, height: 720, fps: 30, hasAudio: true });
    const timings = r.json.timingsSec as Record<string, number>;
    for (const k of ['matte', 'composite', 'mux', 'total']) expect(timings[k], `${pipeline} ${k}`).toBeGreaterThan(0);

    const probe = ffprobe(target);
    expect(probe.video, pipeline).toMatchObject({ codec: 'h264', width: 1280, height: 720, rotation: 0 });
    expect(probe.video?.fps).toBeCloseTo(input.fps, 1);
    expect(probe.video?.frames).toBe(Math.round(input.fps * input.durationSec));
    expect(probe.audio?.codec).toBe('aac');
    expect(audioPacketsMd5(target), `${pipeline}: AAC copied as is`).toBe(audioPacketsMd5(input.path));
    expect(Math.abs(probe.durationSec - input.durationSec)).toBeLessThanOrEqual(0.1);
    const { personMaxDiff, backgroundMinDiff } = compareRestyle(input, target, [0.5, 1.5, 2.5]);
    expect(personMaxDiff, `${pipeline}: person pixels should stay the person`).toBeLessThan(40);
    expect(backgroundMinDiff, `${pipeline}: old background pixels should be replaced`).toBeGreaterThan(40);
  }
});

test('segmentation on the GPU delegate, forced, cuts out the person like the CPU one; auto keeps the CPU on a software GPU', () => {
  const input = clip('person-720p.mp4');
  for (const segmenter of ['auto', 'gpu'] as const) {
    const target = join(out, `segmenter-${segmenter}.mp4`);
    const r = restyle([input.path, '--background', 'builtin:city-dusk', '--out', target, '--segmenter', segmenter, '--json']);
    expect(r.status, r.stderr).toBe(0);
    // This machine's WebGL is SwiftShader (the CPU pretending): auto must not pick it.
    expect(r.json).toMatchObject({ ok: true, pipeline: 'webcodecs', segmenter: segmenter === 'auto' ? 'cpu' : 'gpu' });
    const probe = ffprobe(target);
    expect(probe.video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
    expect(probe.video?.frames).toBe(Math.round(input.fps * input.durationSec));
    const { personMaxDiff, backgroundMinDiff } = compareRestyle(input, target, [0.5, 1.5, 2.5]);
    expect(personMaxDiff, `${segmenter}: person pixels should stay the person`).toBeLessThan(40);
    expect(backgroundMinDiff, `${segmenter}: old background pixels should be replaced`).toBeGreaterThan(40);
  }
});

test('--match-colour on tints the person towards the background, without repainting them', () => {
  const input = clip('person-720p.mp4');
  const made: Record<'on' | 'off', string> = { on: join(out, 'colour-on.mp4'), off: join(out, 'colour-off.mp4') };
  for (const m of ['on', 'off'] as const) {
    const r = restyle([input.path, '--background', 'builtin:seaside', '--out', made[m], '--match-colour', m, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true, pipeline: 'webcodecs' });
  }
  const mean = (cs: [number, number, number][]) => [0, 1, 2].map((k) => cs.reduce((s, c) => s + c[k]!, 0) / cs.length);
  for (const t of [1, 2.5]) {
    const off = frameAt(made.off, t);
    const on = frameAt(made.on, t);
    const bgMean = mean(input.backgroundPoints.map((p) => meanRgb(off, p)));
    const personOff = mean(input.personPoints.map((p) => meanRgb(off, p)));
    const personOn = mean(input.personPoints.map((p) => meanRgb(on, p)));
    // Closer to the background's colour than without matching, by a visible amount...
    expect(colourDistance(personOff, bgMean) - colourDistance(personOn, bgMean), `at ${t}s`).toBeGreaterThan(5);
    // ...but only tinted: the person stays near their own colours, and the background is untouched.
    expect(colourDistance(personOn, personOff), `at ${t}s`).toBeLessThan(45);
    expect(colourDistance(mean(input.backgroundPoints.map((p) => meanRgb(on, p))), bgMean), `at ${t}s`).toBeLessThan(3);
  }
});

test('a clip WebCodecs cannot decode here (HEVC) falls back to ffmpeg.wasm under auto, same kind of file', () => {
  const source = clip('person-720p.mp4');
  const hevc = join(out, 'hevc.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', source.path, '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-c:a', 'copy', hevc]);
  const target = join(out, 'hevc-out.mp4');
  const r = restyle([hevc, '--background', 'builtin:city-dusk', '--out', target, '--json']);
  expect(r.status, r.stderr).toBe(0);
  expect(r.json).toMatchObject({ ok: true, pipeline: 'ffmpeg', width: 1280, height: 720 });
  const probe = ffprobe(target);
  expect(probe.video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
  expect(probe.audio?.codec).toBe('aac');
  // Forcing WebCodecs on it says why it can't, instead of making a broken file.
  const forced = restyle([hevc, '--background', 'builtin:city-dusk', '--out', join(out, 'no.mp4'), '--pipeline', 'webcodecs', '--json']);
  expect(forced.status).toBe(1);
  expect(String(forced.json.message)).toMatch(/WebCodecs/);
});

test('a 45 s clip: its first 30 s by default; --start and --length choose the part, its sound in step, on both pipelines', () => {
  // The mark (a flash and a tone together) is at 20 s of the clip.
  const spot = clip('person-720p-10s.mp4').personPoints[0]!;
  const marked = makeMarkedClip(join(out, 'marked-45s.mp4'), 45, 20, spot);
  const first = restyle([marked, '--background', 'builtin:city-dusk', '--out', join(out, 'first30.mp4'), '--json']);
  expect(first.status, first.stderr).toBe(0);
  expect(first.json).toMatchObject({ durationSec: 30, startSec: 0 });
  const whole = ffprobe(join(out, 'first30.mp4'));
  expect(Math.abs(whole.durationSec - 30)).toBeLessThanOrEqual(0.1);
  expect(flashStartSec(join(out, 'first30.mp4'), spot)).toBeCloseTo(20, 1);
  expect(toneStartSec(join(out, 'first30.mp4'))).toBeCloseTo(20, 1);

  for (const pipeline of ['webcodecs', 'ffmpeg']) {
    const target = join(out, `part-${pipeline}.mp4`);
    const r = restyle([marked, '--background', 'builtin:city-dusk', '--start', '12.5', '--length', '10', '--pipeline', pipeline, '--out', target, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ durationSec: 10, startSec: 12.5, pipeline });
    const probe = ffprobe(target);
    expect(Math.abs(probe.durationSec - 10), pipeline).toBeLessThanOrEqual(0.1);
    expect(probe.audio?.codec).toBe('aac');
    // The mark, 20 s into the clip, is 7.5 s into the part: the picture's and the sound's.
    const flash = flashStartSec(target, spot);
    const tone = toneStartSec(target);
    console.log(`${pipeline}: part 12.5 s + 10 s: ${probe.durationSec.toFixed(3)} s long, flash at ${flash.toFixed(3)} s, tone at ${tone.toFixed(3)} s (both 7.5 s in the clip's part)`);
    expect(Math.abs(flash - 7.5), `${pipeline}: flash at ${flash} s`).toBeLessThanOrEqual(1 / 30 + 0.001);
    expect(Math.abs(tone - flash), `${pipeline}: tone at ${tone} s, flash at ${flash} s`).toBeLessThanOrEqual(0.05);
  }

  // A part outside the clip or over the cap: plain words, exit code 3.
  const late = restyle([marked, '--background', 'builtin:city-dusk', '--start', '50', '--out', join(out, 'no.mp4'), '--json']);
  expect(late.status).toBe(3);
  expect(String(late.json.message)).toBe('--start must be between 0 and 45 s: this clip is 45 s long.');
  const long = restyle([marked, '--background', 'builtin:city-dusk', '--length', '31', '--out', join(out, 'no.mp4'), '--json']);
  expect(long.status).toBe(3);
  expect(String(long.json.message)).toBe('--length must be between 1 and 30 s.');
});

test('refuses a file that is not a video, and says so without --json too', () => {
  const r = restyle([clip('not-a-video.mp4').path, '--background', 'builtin:city-dusk', '--out', join(out, 'no.mp4')]);
  expect(r.status).toBe(3);
  expect(r.stderr).toContain("isn't a video");
});

test('usage errors exit 2', () => {
  expect(restyle([]).status).toBe(2);
  expect(restyle([clip('person-720p.mp4').path, '--out', join(out, 'x.mp4')]).status).toBe(2);
  expect(restyle([clip('person-720p.mp4').path, '--background', 'builtin:city-dusk', '--out', join(out, 'x.mp4'), '--blur', 'lots']).status).toBe(2);
  expect(restyle([clip('person-720p.mp4').path, '--background', 'builtin:city-dusk', '--out', join(out, 'x.mp4'), '--pipeline', 'gpu']).status).toBe(2);
  const badSegmenter = restyle([clip('person-720p.mp4').path, '--background', 'builtin:city-dusk', '--out', join(out, 'x.mp4'), '--segmenter', 'GPU']);
  expect(badSegmenter.status).toBe(2);
  expect(badSegmenter.stderr).toContain('--segmenter must be auto, cpu or gpu');
});

/** The whole-body fixture (test/fixtures/make-body.mjs): a person head to feet over a busy, moving background. */
function bodyClip(): { path: string; feetPoints: [number, number][]; legPoints: [number, number][]; personPoints: [number, number][]; backgroundPoints: [number, number][] } {
  const manifest = JSON.parse(readFileSync(join(FIXTURES, 'body-manifest.json'), 'utf8')) as { clips: ReturnType<typeof bodyClip>[] };
  const c = manifest.clips[0];
  if (!c) throw new Error('body fixture missing: run npm run fixtures');
  return { ...c, path: join(FIXTURES, 'person-body.mp4') };
}

/** The two-people fixture (test/fixtures/make-body.mjs): two people side by side over a plain wall. */
function twoClip(): { path: string; leftPoints: [number, number][]; rightPoints: [number, number][]; backgroundPoints: [number, number][] } {
  const manifest = JSON.parse(readFileSync(join(FIXTURES, 'body-manifest.json'), 'utf8')) as { clips: (ReturnType<typeof twoClip> & { name: string })[] };
  const c = manifest.clips.find((m) => m.name === 'person-two.mp4');
  if (!c) throw new Error('two-people fixture missing: run npm run fixtures');
  return { ...c, path: join(FIXTURES, 'person-two.mp4') };
}

/** Worst colour change over the points at the given times, input against output. */
function worstChange(input: string, output: string, points: [number, number][], times: number[], pick: typeof Math.max): number {
  let worst = pick === Math.max ? 0 : Infinity;
  for (const t of times) {
    const a = frameAt(input, t);
    const b = frameAt(output, t);
    for (const p of points) worst = pick(worst, colourDistance(meanRgb(a, p, 2), meanRgb(b, p, 2)));
  }
  return worst;
}

test('the whole-body matte (the default) cuts out a whole body down to the feet on both pipelines; --matte selfie does not pass the same check', () => {
  const input = bodyClip();
  const times = [0.3, 1.0, 1.7];
  const runs = [
    { name: 'webcodecs', args: ['--pipeline', 'webcodecs'] },
    { name: 'ffmpeg', args: ['--pipeline', 'ffmpeg'] },
    { name: 'selfie', args: ['--pipeline', 'webcodecs', '--matte', 'selfie'] },
  ];
  const made: Record<string, string> = {};
  for (const run of runs) {
    made[run.name] = join(out, `body-${run.name}.mp4`);
    const r = restyle([input.path, '--background', 'builtin:studio-grey', '--out', made[run.name]!, ...run.args, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true, pipeline: run.name === 'ffmpeg' ? 'ffmpeg' : 'webcodecs', width: 1280, height: 720 });
  }
  for (const pipeline of ['webcodecs', 'ffmpeg']) {
    const body = made[pipeline]!;
    expect(worstChange(input.path, body, input.feetPoints, times, Math.max), `${pipeline}: feet should stay the person`).toBeLessThan(40);
    expect(worstChange(input.path, body, input.legPoints, times, Math.max), `${pipeline}: legs should stay the person`).toBeLessThan(40);
    expect(worstChange(input.path, body, input.personPoints, times, Math.max), `${pipeline}: the upper body should stay the person`).toBeLessThan(40);
    expect(worstChange(input.path, body, input.backgroundPoints, times, Math.min), `${pipeline}: the old background should be replaced`).toBeGreaterThan(40);
  }
  // The selfie model alone on the same clip: parts of the person are replaced by background.
  const person = [...input.feetPoints, ...input.legPoints, ...input.personPoints];
  expect(worstChange(input.path, made.selfie!, person, times, Math.max), 'selfie model alone').toBeGreaterThan(40);
});

test('two people side by side: the Check step says it found both, and the whole-body matte keeps both, on both pipelines', () => {
  const input = twoClip();
  const times = [0.2, 1.0, 1.8];
  for (const pipeline of ['webcodecs', 'ffmpeg']) {
    const made = join(out, `two-${pipeline}.mp4`);
    const r = restyle([input.path, '--background', 'builtin:seaside', '--out', made, '--pipeline', pipeline, '--json']);
    expect(r.status, r.stderr).toBe(0);
    // The Check step says it found both and keeps them.
    expect((r.json.bgVerdict as { notes?: string[] } | null)?.notes).toEqual(['We found 2 people here: the cut-out keeps each of them.']);
    expect(worstChange(input.path, made, input.leftPoints, times, Math.max), `${pipeline}: the person on the left should stay`).toBeLessThan(40);
    expect(worstChange(input.path, made, input.rightPoints, times, Math.max), `${pipeline}: the person on the right should stay`).toBeLessThan(40);
    expect(worstChange(input.path, made, input.backgroundPoints, times, Math.min), `${pipeline}: the wall should be replaced`).toBeGreaterThan(40);
  }
});

test('the Check step warns from the matte itself where the cut-out is known to fail, and promises a clean cut-out where it holds', () => {
  // Someone walking out of the picture over a plain wall: the background alone looks clean, the
  // matte loses them (eval hard-wall-exit: worst frame IoU 0).
  const exit = restyle([join(FIXTURES, 'person-exit.mp4'), '--background', 'builtin:studio-grey', '--out', join(out, 'exit.mp4'), '--json']);
  expect(exit.status, exit.stderr).toBe(0);
  const reasons = (exit.json.bgVerdict as { reasons: string[] } | null)?.reasons ?? [];
  expect(reasons.some((r) => /couldn't find you|outside the picture|frame to frame|may fade/.test(r)), reasons.join(' | ')).toBe(true);
  expect(reasons.some((r) => /Busy background|Moving background/.test(r)), 'not the background: it is plain').toBe(false);
  // A person standing whole in the picture over the same kind of plain wall: no matte warning.
  const fine = restyle([clip('person-720p.mp4').path, '--background', 'builtin:studio-grey', '--out', join(out, 'fine.mp4'), '--json']);
  expect(fine.status, fine.stderr).toBe(0);
  expect((fine.json.bgVerdict as { reasons: string[] } | null)?.reasons).toEqual([]);
});
