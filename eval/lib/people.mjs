// The people in the eval's clips: real photographs whose person region is known exactly, from a
// hand-traced outline in photo coordinates. Grace Hopper comes with the test fixtures (recipe
// reused from test/fixtures/make-fixtures.mjs); Eileen Collins (NASA, public domain) and three
// CC0 textures come from scikit-image's sample data, taken out of Debian's python3-skimage .deb
// at eval time (`apt-get download` + `dpkg -x`, never installed). Nothing binary is committed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIMAGE_DATA = 'usr/lib/python3/dist-packages/skimage/data';

/**
 * Files taken from scikit-image's data. The photo is pinned (sha256 of Debian 12's python3-skimage
 * 0.19.3) because its outline must fit; the CC0 textures are only backgrounds, so any version does.
 */
export const SKIMAGE_FILES = {
  'astronaut.png': '88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5',
  'brick.png': null,
  'grass.png': null,
  'gravel.png': null,
};

// Outline of Eileen Collins (head, hair, suit with neck ring, and the helmet she holds, which a
// viewer counts as part of the subject), in the photo's pixel coordinates (512x512), traced
// slightly inside the true edge so no flag, sky or rocket survives. The suit is cut by the
// photo's bottom border and the helmet ring by its right border.
export const ASTRONAUT_OUTLINE = [
  [31, 512], [30, 483], [29, 459], [28, 436], [27, 416], [27, 396], [28, 376], [30, 349],
  [32, 329], [36, 316], [40, 299], [46, 283], [56, 266], [66, 250], [80, 234], [96, 222],
  [106, 213], [113, 208], [115, 203], [114, 190], [121, 185], [126, 178], [129, 169],
  [134, 163], [141, 157], [149, 152], [163, 150], [179, 150], [183, 149], [183, 140],
  [181, 130], [174, 122], [169, 116], [163, 108], [158, 97], [155, 85], [155, 72], [158, 61],
  [165, 51], [178, 41], [194, 31], [211, 22], [233, 18], [245, 19], [262, 24], [276, 34],
  [287, 47], [295, 61], [299, 75], [297, 90], [292, 104], [287, 116], [279, 125], [272, 134],
  [267, 139], [264, 145], [260, 155], [256, 162], [255, 173], [264, 180], [274, 188],
  [284, 198], [291, 208], [296, 216], [300, 227], [302, 234], [311, 240], [320, 247],
  [331, 257], [339, 268], [344, 280], [347, 289], [353, 299], [357, 314], [359, 329],
  [360, 344], [371, 347], [399, 344], [422, 348], [444, 357], [463, 373], [477, 390],
  [487, 410], [492, 430], [493, 450], [505, 455], [511, 460], [512, 512],
];

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}: ${(r.stderr || '').trim().slice(-600)}`);
  return r;
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Directory holding SKIMAGE_FILES: $RESTYLE_SKIMAGE_DATA, an installed python3-skimage, or a copy
 * extracted once from the downloaded .deb into `workDir` (about 21 MB download, 0.5 s here).
 */
export function skimageData(workDir, log) {
  const dirs = [process.env.RESTYLE_SKIMAGE_DATA, `/${SKIMAGE_DATA}`, join(workDir, 'skimage')].filter(Boolean);
  const has = (d) => Object.keys(SKIMAGE_FILES).every((f) => existsSync(join(d, f)));
  const found = dirs.find(has);
  if (found) return found;
  const debDir = join(workDir, 'deb');
  rmSync(debDir, { recursive: true, force: true });
  mkdirSync(debDir, { recursive: true });
  log('fetching scikit-image sample data: apt-get download python3-skimage (not installed, only unpacked)…');
  try {
    sh('apt-get', ['download', 'python3-skimage'], { cwd: debDir });
  } catch (err) {
    throw new Error(`${err.message}\nThe second person and the textures come from Debian's python3-skimage package. ` +
      'Run `apt-get update` first, or point RESTYLE_SKIMAGE_DATA at a directory holding ' +
      `${Object.keys(SKIMAGE_FILES).join(', ')} (skimage/data).`, { cause: err });
  }
  const deb = readdirSync(debDir).find((f) => f.endsWith('.deb'));
  if (!deb) throw new Error('apt-get download python3-skimage left no .deb');
  sh('dpkg', ['-x', join(debDir, deb), join(debDir, 'x')]);
  const out = join(workDir, 'skimage');
  mkdirSync(out, { recursive: true });
  for (const f of Object.keys(SKIMAGE_FILES)) copyFileSync(join(debDir, 'x', SKIMAGE_DATA, f), join(out, f));
  rmSync(debDir, { recursive: true, force: true });
  return out;
}

/** An image file's first frame as raw pixels from ffmpeg: rgb24 (3 bytes a pixel) or rgba (4). */
function decodePixels(file, pixFmt) {
  const probe = JSON.parse(sh('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'json', file]).stdout);
  const { width, height } = probe.streams[0];
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', pixFmt, '-'], { maxBuffer: 256 << 20 });
  if (r.status !== 0 || r.stdout.length !== width * height * (pixFmt === 'rgba' ? 4 : 3)) throw new Error(`ffmpeg could not decode ${file}`);
  return { width, height, data: r.stdout };
}

/** An image file decoded to raw rgb24: { width, height, rgb }. */
export function decodeRgb(file) {
  const { width, height, data } = decodePixels(file, 'rgb24');
  return { width, height, rgb: data };
}

/**
 * The two people: { id, file, sha256, width, height, rgb, outline, licence }. `F` is the fixture
 * recipe module (make-fixtures.mjs), whose Grace Hopper photo and outline are reused as they are.
 */
export function loadPeople(F, skimageDir) {
  const grace = F.findPhoto();
  const astronautFile = join(skimageDir, 'astronaut.png');
  const astronautSha = sha256(astronautFile);
  if (astronautSha !== SKIMAGE_FILES['astronaut.png']) {
    throw new Error(`${astronautFile} is not the expected photo (sha256 ${astronautSha}); the outline would not fit.`);
  }
  return {
    grace: {
      id: 'grace', file: grace.path, sha256: grace.sha256, outline: F.PERSON_OUTLINE, ...decodeRgb(grace.path),
      licence: F.PHOTO.licence,
    },
    astronaut: {
      id: 'astronaut', file: astronautFile, sha256: astronautSha, outline: ASTRONAUT_OUTLINE, ...decodeRgb(astronautFile),
      licence: 'Public domain (NASA photograph of Eileen Collins); scikit-image sample data',
    },
  };
}

/** An image file with its alpha: { width, height, rgba }. */
export function decodeRgba(file) {
  const { width, height, data } = decodePixels(file, 'rgba');
  return { width, height, rgba: data };
}

/** Bounding box of the pixels with alpha >= 128: where the person is in their photo. */
function alphaBox({ width, height, rgba }) {
  let x0 = width;
  let y0 = height;
  let x1 = 0;
  let y1 = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (rgba[(y * width + x) * 4 + 3] < 128) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x + 1);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y + 1);
    }
  }
  return { x0, y0, x1, y1 };
}

const CUTOUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'people');
export const CUTOUT_LICENCE = 'CC BY-SA 2.0, Scratch media library (eval/people/CREDITS.md)';

/**
 * A whole-body photo with its own alpha (eval/people/NAME.png): { id, file, sha256, width,
 * height, rgba, box, licence }, `box` being the person's extent in the photo.
 */
export function loadCutout(name) {
  const file = join(CUTOUT_DIR, `${name}.png`);
  const img = decodeRgba(file);
  return { id: name, file, sha256: sha256(file), ...img, box: alphaBox(img), licence: CUTOUT_LICENCE };
}
