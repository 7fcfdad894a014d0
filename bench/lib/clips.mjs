// The bench's input clips, made by the test fixture generator's own recipe code
// (test/fixtures/make-fixtures.mjs, which doubles as a library): the Grace Hopper photo cut out
// by the hand-traced outline, swaying over a plain or busy background, H.264 + AAC.
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync, closeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function loadFixtureRecipe(root) {
  return import(pathToFileURL(join(root, 'test/fixtures/make-fixtures.mjs')).href);
}

/** The bench's clips: the fixture recipe with other sizes and lengths. */
export function benchClips(F) {
  const busy720 = { ...F.base720, background: 'busy' };
  const portrait = {
    ...F.base720, width: 1080, height: 1920, personHeight: 0.62,
    sway: { ax: 6, px: 3, ay: 3, py: 2 }, bgPoints: F.PORTRAIT_BG_POINTS, background: 'plain',
  };
  return {
    '720p-busy-30s': { ...busy720, name: 'bench-720p-busy-30s.mp4', durationSec: 30 },
    '720p-busy-10s': { ...busy720, name: 'bench-720p-busy-10s.mp4', durationSec: 10 },
    '1080x1920-30s': { ...portrait, name: 'bench-1080x1920-30s.mp4', durationSec: 30 },
    '1080x1920-10s': { ...portrait, name: 'bench-1080x1920-10s.mp4', durationSec: 10 },
  };
}

/** Makes (or keeps, when its recipe tag matches) one clip; returns its probed facts. */
export function ensureClip(F, clip, outDir, log) {
  const photo = F.findPhoto();
  const work = join(outDir, '.work');
  mkdirSync(work, { recursive: true });
  const maskFile = join(work, 'person-mask.pgm');
  if (!existsSync(maskFile)) F.writeMask(maskFile);
  const file = join(outDir, clip.name);
  const hash = F.recipeHash(clip, photo.sha256);
  if (!F.isUpToDate(clip, file, hash)) {
    const t0 = Date.now();
    log(`making ${clip.name} (${clip.width}x${clip.height}, ${clip.durationSec} s, ${clip.background} background)…`);
    const tmp = join(work, `tmp-${process.pid}-${clip.name}`);
    try {
      F.makeVideo(clip, photo, maskFile, hash, tmp);
      F.verify(clip, tmp);
      renameSync(tmp, file);
    } finally {
      rmSync(tmp, { force: true });
    }
    log(`made ${clip.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { file, maskPgm: maskFile, ...F.verify(clip, file) };
}

function readPgm(file) {
  const buf = readFileSync(file);
  const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!m) throw new Error(`${file}: not an 8-bit binary PGM`);
  return { width: Number(m[1]), height: Number(m[2]), px: buf.subarray(m[0].length) };
}

/**
 * The ground-truth person mask of every frame at the segmenter's size (raw 8-bit gray, what the
 * app's matte worker hands the composite): the fixture's anti-aliased outline, placed where the
 * fixture recipe places (and sways) the photo in frame n, area-sampled (3x3 per pixel).
 */
export function ensureTruthMask(F, clip, maskPgm, model, frames, outDir) {
  const out = join(outDir, `${clip.name.replace(/\.mp4$/, '')}.mask-${model.width}x${model.height}x${frames}.gray`);
  if (existsSync(out)) return out;
  const pgm = readPgm(maskPgm);
  const L = F.layout(clip);
  const { width: W, height: H, sway, fps } = clip;
  const sx = L.pw / pgm.width;
  const sy = L.ph / pgm.height;
  const fx = W / model.width;
  const fy = H / model.height;
  const S = 3;
  const frame = Buffer.alloc(model.width * model.height);
  const tmp = `${out}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    for (let n = 0; n < frames; n++) {
      const t = n / fps;
      // overlay x/y exactly as the fixture's makeVideo computes them (ffmpeg truncates to whole px)
      const ox = Math.trunc(L.x0 + sway.ax * Math.sin((2 * Math.PI * t) / sway.px));
      const oy = Math.trunc(L.y0 + sway.ay * Math.sin((2 * Math.PI * t) / sway.py));
      for (let v = 0; v < model.height; v++) {
        for (let u = 0; u < model.width; u++) {
          let acc = 0;
          for (let j = 0; j < S; j++) {
            const py = Math.floor(((v + (j + 0.5) / S) * fy - oy) / sy);
            if (py < 0 || py >= pgm.height) continue;
            for (let i = 0; i < S; i++) {
              const px = Math.floor(((u + (i + 0.5) / S) * fx - ox) / sx);
              if (px < 0 || px >= pgm.width) continue;
              acc += pgm.px[py * pgm.width + px];
            }
          }
          frame[v * model.width + u] = Math.round(acc / (S * S));
        }
      }
      writeSync(fd, frame);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, out);
  return out;
}

/**
 * A still background picture at the output size (the same file goes to every variant). The
 * gradient's line is given: its default is random, and the seed does not fix it.
 */
export function ensureBackground(size, outDir) {
  const out = join(outDir, `background-${size.width}x${size.height}.png`);
  if (existsSync(out)) return out;
  const r = spawnSync('ffmpeg', [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `gradients=s=${size.width}x${size.height}:c0=1b1f4b:c1=5b3a7a:c2=e0785a:c3=ffd27a:n=4:x0=0:y0=0:x1=${size.width}:y1=${size.height}`,
    '-frames:v', '1', '-pix_fmt', 'rgb24', out,
  ], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg could not make ${out}: ${r.stderr}`);
  return out;
}
