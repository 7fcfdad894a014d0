/** Outcome checks on real files with Debian's ffprobe/ffmpeg (test side only, never in the app). */
import type { Page } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Probe {
  durationSec: number;
  /** width/height as stored; rotation from the display matrix (degrees). */
  video: { codec: string; width: number; height: number; fps: number; frames: number; rotation: number } | null;
  audio: { codec: string } | null;
}

export function ffprobe(path: string): Probe {
  const out = execFileSync('ffprobe', ['-v', 'error', '-count_packets', '-show_streams', '-show_format', '-of', 'json', path], {
    encoding: 'utf8',
  });
  const json = JSON.parse(out) as {
    streams: {
      codec_type: string;
      codec_name: string;
      width?: number;
      height?: number;
      avg_frame_rate?: string;
      nb_read_packets?: string;
      side_data_list?: { rotation?: number }[];
    }[];
    format: { duration: string };
  };
  const v = json.streams.find((s) => s.codec_type === 'video');
  const a = json.streams.find((s) => s.codec_type === 'audio');
  const [n, d] = (v?.avg_frame_rate ?? '0/1').split('/').map(Number);
  return {
    durationSec: Number(json.format.duration),
    video: v
      ? {
          codec: v.codec_name,
          width: v.width ?? 0,
          height: v.height ?? 0,
          fps: (n ?? 0) / (d || 1),
          frames: Number(v.nb_read_packets ?? 0),
          rotation: v.side_data_list?.find((sd) => sd.rotation !== undefined)?.rotation ?? 0,
        }
      : null,
    audio: a ? { codec: a.codec_name } : null,
  };
}

export interface Frame {
  width: number;
  height: number;
  rgb: Buffer;
}

/** One decoded frame as RGB24, at time t (accurate seek), upright as a player shows it. */
export function frameAt(path: string, t: number): Frame {
  const { video } = ffprobe(path);
  if (!video) throw new Error(`${path} has no video`);
  const quarter = Math.abs(Math.round(video.rotation / 90)) % 2 === 1;
  const rgb = execFileSync('ffmpeg', ['-v', 'error', '-ss', String(t), '-i', path, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return quarter ? { width: video.height, height: video.width, rgb } : { width: video.width, height: video.height, rgb };
}

/** Mean RGB of a small square around a point given in 0..1 of the frame. */
export function meanRgb(f: Frame, [nx, ny]: readonly [number, number], radius = 4): [number, number, number] {
  const cx = Math.round(nx * (f.width - 1));
  const cy = Math.round(ny * (f.height - 1));
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.max(0, cy - radius); y <= Math.min(f.height - 1, cy + radius); y++) {
    for (let x = Math.max(0, cx - radius); x <= Math.min(f.width - 1, cx + radius); x++) {
      const i = (y * f.width + x) * 3;
      for (let c = 0; c < 3; c++) sum[c] = (sum[c] ?? 0) + (f.rgb[i + c] ?? 0);
      n++;
    }
  }
  return [(sum[0] ?? 0) / n, (sum[1] ?? 0) / n, (sum[2] ?? 0) / n];
}

export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - (b[i] ?? 0))));
}

export interface ClipInfo {
  name: string;
  path: string;
  width: number;
  height: number;
  fps: number;
  durationSec: number;
  hasAudio: boolean;
  personPoints: [number, number][];
  backgroundPoints: [number, number][];
}

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'out');

export function clip(name: string): ClipInfo {
  const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as { clips: ClipInfo[] };
  const c = manifest.clips.find((x) => x.name === name);
  if (!c) throw new Error(`fixture ${name} missing: run npm run fixtures`);
  return { ...c, path: join(FIXTURES, name) };
}

/**
 * The outcome that matters: at several moments, the person's pixels are still the person's and
 * the old background's pixels are gone. Returns the worst numbers seen, for the assertion message.
 */
export function compareRestyle(input: ClipInfo, output: string, times: number[]): { personMaxDiff: number; backgroundMinDiff: number } {
  let personMaxDiff = 0;
  let backgroundMinDiff = Infinity;
  for (const t of times) {
    const a = frameAt(input.path, t);
    const b = frameAt(output, t);
    for (const p of input.personPoints) personMaxDiff = Math.max(personMaxDiff, colourDistance(meanRgb(a, p), meanRgb(b, p)));
    for (const p of input.backgroundPoints) backgroundMinDiff = Math.min(backgroundMinDiff, colourDistance(meanRgb(a, p), meanRgb(b, p)));
  }
  return { personMaxDiff, backgroundMinDiff };
}

/**
 * A clip of the person (person-720p-10s.mp4 looped, 640x360) with one marked moment: a white
 * square on the person (at `at`, 0..1 of the frame, so the cut-out keeps it) and a 1 kHz tone,
 * together from `markSec` for half a second (silence elsewhere). Where the two land in a made
 * video says which part was made and whether its sound kept in step.
 */
export function makeMarkedClip(path: string, durationSec: number, markSec: number, at: readonly [number, number]): string {
  const on = `between(t\\,${markSec}\\,${markSec + 0.5})`;
  const [x, y] = [Math.round(at[0] * 640) - 20, Math.round(at[1] * 360) - 20];
  execFileSync('ffmpeg', [
    '-v', 'error', '-y',
    '-stream_loop', '-1', '-i', join(FIXTURES, 'person-720p-10s.mp4'),
    '-f', 'lavfi', '-i', `sine=frequency=1000:sample_rate=48000:d=${durationSec},volume=0:enable='not(${on})'`,
    '-map', '0:v:0', '-map', '1:a:0', '-t', String(durationSec),
    '-vf', `scale=640:360,drawbox=x=${x}:y=${y}:w=40:h=40:c=white:t=fill:enable='${on}'`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '30', '-c:a', 'aac', '-b:a', '96k', path,
  ]);
  return path;
}

/** When the square at `at` (0..1 of the frame) first turns white (s), to the frame. */
export function flashStartSec(path: string, at: readonly [number, number]): number {
  const { video } = ffprobe(path);
  if (!video) throw new Error(`${path} has no video`);
  const crop = `crop=iw*0.04:ih*0.06:iw*${at[0]}-iw*0.02:ih*${at[1]}-ih*0.03`;
  const px = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-vf', `${crop},scale=4:4,format=gray`, '-f', 'rawvideo', '-'], { maxBuffer: 64 * 1024 * 1024 });
  for (let i = 0; i * 16 < px.length; i++) {
    let sum = 0;
    for (let j = 0; j < 16; j++) sum += px[i * 16 + j]!;
    if (sum / 16 > 220) return i / video.fps;
  }
  return NaN;
}

/** When the sound first starts after silence (s), by ffmpeg's silencedetect. */
export function toneStartSec(path: string): number {
  const r = spawnSync('ffmpeg', ['-v', 'info', '-i', path, '-af', 'silencedetect=n=-40dB:d=0.2', '-f', 'null', '-'], { encoding: 'utf8' });
  const m = /silence_end: ([\d.]+)/.exec(r.stderr);
  return m ? Number(m[1]) : NaN;
}

/** Clicks the Done step's Download link and saves the video it hands over at `target`; returns `target`. */
export async function downloadVideo(page: Page, target: string): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download' }).click();
  await (await download).saveAs(target);
  return target;
}
