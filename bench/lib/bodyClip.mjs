// The bench's whole-body clip: a person head to feet walking and turning in front of a full
// bookcase, 30 s at 1280x720, drawn by the matte eval's clip renderer from its photos
// (eval/people/, with their own alpha) and given an AAC track like the other bench clips.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clipFiles, recipeHash, renderClip } from '../../eval/lib/clips.mjs';
import { loadCutout } from '../../eval/lib/people.mjs';

const POSES = ['anina_pop_stand', 'anina_pop_left', 'anina_top_R_step'];

export const BODY_CLIP = {
  name: 'bench-720p-body-30s',
  width: 1280, height: 720, fps: 30, seconds: 30,
  // the pose photo changes every 2.5 s: front, side, a step, ...
  poses: Array.from({ length: 12 }, (_, i) => [POSES[i % POSES.length], i * 2.5]),
  size: 0.72, floor: 0.93, walk: [0.3, 0.7], bob: 4, camera: { shake: 4 },
  background: { kind: 'shelves', seed: 5 },
};

/** Makes (or keeps, when its recipe is unchanged) the clip; returns what the bench needs of it. */
export async function ensureBodyClip(root, outDir, log) {
  const work = join(outDir, '.work');
  mkdirSync(work, { recursive: true });
  const person = { poses: new Map(POSES.map((p) => [p, loadCutout(p)])) };
  const hash = recipeHash(BODY_CLIP, person, join(root, 'eval/lib'));
  const files = clipFiles(work, BODY_CLIP, hash);
  const file = join(outDir, `${BODY_CLIP.name}.mp4`);
  const tag = join(work, `${BODY_CLIP.name}.hash`);
  if (!files.fresh || !existsSync(file) || !existsSync(tag) || readFileSync(tag, 'utf8') !== hash) {
    const t0 = Date.now();
    log(`making ${BODY_CLIP.name} (1280x720, 30 s, a whole body walking in front of a bookcase)…`);
    const F = await import(pathToFileURL(join(root, 'test/fixtures/make-fixtures.mjs')).href);
    await renderClip(BODY_CLIP, person, files, hash, { F, dataDir: work });
    // An AAC track, as phone clips have (the bench checks that it is kept).
    const tmp = `${file}.tmp.mp4`;
    const r = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', files.video, '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${BODY_CLIP.seconds}`,
      '-map', '0:v', '-map', '1:a', '-c:v', 'copy', '-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-shortest', tmp]);
    if (r.status !== 0) throw new Error(`ffmpeg could not add audio to ${BODY_CLIP.name}: ${r.stderr}`);
    renameSync(tmp, file);
    rmSync(files.truth, { force: true });
    writeFileSync(tag, hash);
    log(`made ${BODY_CLIP.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { file, frames: BODY_CLIP.fps * BODY_CLIP.seconds, durationSec: BODY_CLIP.seconds, width: BODY_CLIP.width, height: BODY_CLIP.height, fps: BODY_CLIP.fps };
}
