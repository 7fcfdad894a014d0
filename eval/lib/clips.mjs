// The eval's clips: recipes, and rendering each one to an H.264 MP4 plus its TRUE alpha (every
// frame at full resolution, 8-bit, frames concatenated, gzipped), both from the same per-frame
// transform and the same alpha array. A clip is remade only when its recipe hash changes.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { openBackground } from './backgrounds.mjs';
import { affine, drawCutout, drawPerson } from './raster.mjs';

// Bump when rendering changes in a way the hashed sources below don't show.
const RENDER_VERSION = 1;
const HASHED_SOURCES = ['raster.mjs', 'backgrounds.mjs', 'items.mjs'];

const L = { width: 1280, height: 720, fps: 30 };
const P = { width: 720, height: 1280, fps: 30 };
const TALL = { width: 1080, height: 1920, fps: 30 };
const SAGE = { kind: 'wall', top: 'b4cbb9', bottom: '7f9c8b' };

/**
 * Matte clips: 3 s each, people moving over mostly busy, moving backgrounds. `size`: the photo's
 * height as a share of the frame's (at zoom 1; capped at 90% of the width). `motion`: sway
 * [x amplitude px, period s, y amplitude px, period s]; zoom [scale at start, at end] (eased);
 * gesture: a fast lean of dx px (rise s, hold s) with a tilt; camera: handheld shake amplitude px
 * and a pan of the background in px/s; shutter: motion-blur samples over the
 * exposure (shutter angle in degrees).
 */
export const MATTE_CLIPS = [
  { name: 'grace-wall-sway', ...L, seconds: 3, person: 'grace', size: 0.92,
    motion: { sway: [8, 3, 3, 2] }, background: SAGE,
    about: 'Reference: gentle sway over a clean painted wall.' },
  { name: 'grace-busy-still', ...L, seconds: 3, person: 'grace', size: 0.9,
    motion: {}, background: { kind: 'ffmpeg-busy' },
    about: 'Person still, background a busy moving pattern (all flicker is the matte\'s own).' },
  { name: 'grace-shelves-shake', ...L, seconds: 3, person: 'grace', size: 0.9, x: 0.55,
    motion: { sway: [5, 2.5, 2, 1.5] }, camera: { shake: 10 }, background: { kind: 'shelves', seed: 3 },
    about: 'Handheld shake (10 px) in front of a full bookcase.' },
  { name: 'astronaut-brick-zoom', ...L, seconds: 3, person: 'astronaut', size: 0.78, x: 0.45,
    motion: { zoom: [0.85, 1.14], sway: [4, 2, 2, 1.5] }, camera: { shake: 4 },
    background: { kind: 'tiled', texture: 'brick.png', zoom: 1.5, tint: 'e8a888' },
    about: 'Stepping towards the camera (scale x1.34) in front of a brick wall.' },
  { name: 'astronaut-passers-gesture', ...L, seconds: 3, person: 'astronaut', size: 0.85,
    motion: { gesture: { at: 0.9, rise: 0.22, hold: 0.6, dx: -260, tilt: -6 }, sway: [3, 2, 2, 1.5] },
    shutter: { samples: 5, angle: 120 }, background: { kind: 'room', top: 'd9d2c5', bottom: 'c4bba9', floor: '7a6552', light: 0.2, vignette: 0.4,
      overlays: [{ kind: 'passers', count: 5, seed: 11 }] },
    about: 'A fast lean (260 px in 0.22 s, motion-blurred) while people pass behind.' },
  { name: 'grace-portrait-grass', ...P, seconds: 3, person: 'grace', size: 0.58,
    motion: { zoom: [1, 1.2], sway: [10, 2.5, 4, 1.7] }, camera: { shake: 6, pan: [0, -40] },
    background: { kind: 'tiled', texture: 'grass.png', zoom: 1.5, tint: 'a8d890' },
    about: 'Portrait 720x1280: zooming in, handheld, over panning grass.' },
];

/**
 * Whole-body clips, 3 s each: people from head to feet (photos with their own alpha, from
 * eval/people/), walking across the frame and turning (the pose photo changes at the given
 * times: front, side, bowing with the face hidden). `size`: the first pose's person height as a
 * share of the frame's (later poses keep that scale: the same person at the same distance);
 * `floor`: where the feet are, as a share of the frame height; `walk`: the person's centre x
 * (share of the width) at the start and the end; `bob`: the step's vertical bounce in px.
 */
export const BODY_CLIPS = [
  { name: 'body-wall-walk', ...L, seconds: 3, poses: [['dm_pop_stand', 0], ['dm_pop_left', 1], ['dm_pop_right', 2]],
    size: 0.8, floor: 0.95, walk: [0.32, 0.62], bob: 5, background: { kind: 'wall', top: '8f8f8c', bottom: '7b7b78' },
    about: 'Walking and turning over a plain grey wall, feet near the bottom.' },
  { name: 'body-shelves-walk', ...L, seconds: 3, poses: [['anina_pop_stand', 0], ['anina_pop_left', 1.2], ['anina_top_R_step', 2.1]],
    size: 0.72, floor: 0.93, walk: [0.64, 0.36], bob: 4, camera: { shake: 5 }, background: { kind: 'shelves', seed: 5 },
    about: 'Walking and turning in front of a full bookcase, handheld.' },
  { name: 'body-small-room', ...L, seconds: 3, poses: [['AZ_top_R_step', 0], ['AZ_pop_right', 1.5]],
    size: 0.25, floor: 0.86, walk: [0.2, 0.72], bob: 2, camera: { shake: 6 },
    background: { kind: 'room', top: 'd9d2c5', bottom: 'c4bba9', floor: '7a6552', light: 0.2, vignette: 0.4, floorAt: 0.8,
      overlays: [{ kind: 'noise', sigma: 5, seed: 7 }] },
    about: 'Far away (a quarter of the frame height), walking across a dim, grainy room, handheld.' },
  { name: 'body-small-brick', ...L, seconds: 3, poses: [['lb_top_R_cross', 0], ['lb_pop_left', 1.4]],
    size: 0.27, floor: 0.9, walk: [0.78, 0.42], bob: 2, background: { kind: 'tiled', texture: 'brick.png', zoom: 1.2, tint: 'e8a888' },
    about: 'Far away in front of a brick wall, side view.' },
  { name: 'body-bow-gravel', ...L, seconds: 3, poses: [['dm_pop_stand', 0], ['dm_pop_down', 0.8], ['dm_pop_stand', 2.2]],
    size: 0.62, floor: 0.92, walk: [0.5, 0.5], bob: 0, camera: { shake: 4 },
    background: { kind: 'tiled', texture: 'gravel.png', zoom: 1.25, tint: 'd8d0c0' },
    about: 'Bowing with the face hidden (top of the head to the camera), over gravel.' },
  { name: 'body-busy-champ', ...L, seconds: 3, poses: [['champ99-a', 0]], size: 0.66, floor: 0.94, walk: [0.45, 0.55], bob: 3,
    background: { kind: 'ffmpeg-busy' },
    about: 'Arms up, cap and sunglasses, over a busy moving pattern.' },
  { name: 'body-tall-bars', ...TALL, seconds: 3, poses: [['dm_pop_stand', 0], ['dm_top_R_leg', 1], ['dm_pop_left', 2]],
    size: 0.84, floor: 0.96, walk: [0.48, 0.54], bob: 6, background: { kind: 'bars', speed: 0.004 },
    about: 'Phone upright (1080x1920), filling the frame, over scrolling colour bars.' },
  { name: 'body-tall-small-grass', ...TALL, seconds: 3, poses: [['anina_pop_stand', 0], ['anina_pop_left', 1.5]],
    size: 0.26, floor: 0.84, walk: [0.3, 0.68], bob: 4, camera: { shake: 6, pan: [0, -40] },
    background: { kind: 'tiled', texture: 'grass.png', zoom: 2, tint: 'a8d890' },
    about: 'Phone upright, far away (a quarter of the height) over panning grass.' },
  { name: 'body-tall-room-dress', ...TALL, seconds: 3, poses: [['catherine-a', 0]], size: 0.6, floor: 0.93, walk: [0.42, 0.58], bob: 4,
    background: { kind: 'room', top: 'dfe6ea', bottom: 'c8d2d8', floor: '6b5a4a', light: 0.2, vignette: 0.4, floorAt: 0.85,
      overlays: [{ kind: 'passers', count: 3, seed: 4 }] },
    about: 'Phone upright, a dress, in a room with people passing.' },
  { name: 'body-tall-bow', ...TALL, seconds: 3, poses: [['jo_pop_down', 0]], size: 0.4, floor: 0.9, walk: [0.5, 0.45], bob: 0,
    background: { kind: 'shelves', seed: 9 },
    about: 'Phone upright, bowing with the face hidden, in front of shelves.' },
].map((c) => ({ set: 'body', ...c }));

/**
 * Hard cases over plain walls, where the background alone looks clean: they test that the Check
 * step warns from the matte's own signals. Scored apart from the whole-body set.
 */
export const HARD_CLIPS = [
  { name: 'hard-wall-exit', ...L, seconds: 3, poses: [['AZ_pop_right', 0]], size: 0.7, floor: 0.94, walk: [0.3, -0.02], bob: 3,
    background: { kind: 'wall', top: 'a39e94', bottom: '8d887f' },
    about: 'Walking out of the picture at its left edge, over a plain wall.' },
  { name: 'hard-two-people', ...L, seconds: 3, poses: [['anina_pop_stand', 0], ['anina_pop_left', 1.5]], size: 0.7, floor: 0.94,
    walk: [0.3, 0.36], bob: 3, also: [{ poses: [['dm_pop_stand', 0], ['dm_pop_right', 1.2]], size: 0.66, floor: 0.92, walk: [0.72, 0.66], bob: 4 }],
    background: { kind: 'wall', top: 'b7b2a6', bottom: 'a19c91' },
    about: 'Two people, head to feet, side by side over a plain wall.' },
  { name: 'hard-tall-wall-bow', ...TALL, seconds: 3, poses: [['jo_pop_down', 0], ['dm_pop_down', 1.5]], size: 0.45, floor: 0.9, walk: [0.5, 0.5], bob: 0,
    background: { kind: 'wall', top: 'c9c4ba', bottom: 'b0aa9f' },
    about: 'Phone upright, bowing with the face hidden, over a plain light wall.' },
  { name: 'hard-tall-two-people', ...TALL, seconds: 3, poses: [['anina_pop_stand', 0], ['anina_pop_left', 1.5]], size: 0.46, floor: 0.92,
    walk: [0.27, 0.31], bob: 3, also: [{ poses: [['dm_pop_stand', 0], ['dm_pop_right', 1.2]], size: 0.44, floor: 0.9, walk: [0.74, 0.7], bob: 4 }],
    background: { kind: 'wall', top: 'bdb8ad', bottom: 'a8a397' },
    about: 'Phone upright, two people side by side over a plain wall.' },
].map((c) => ({ set: 'hard', ...c }));

/**
 * Things carried (a tote bag and a phone in the hands, a backpack): whole-body clips whose photos
 * get items painted in (eval/lib/items.mjs; `carry`: pose name -> items), so the truth includes
 * them. Scored apart, with the share of the items' own pixels the cut-out keeps.
 */
export const CARRY_CLIPS = [
  { name: 'carry-tote-shelves', ...L, seconds: 3, poses: [['dm_pop_stand', 0]], size: 0.78, floor: 0.95, walk: [0.38, 0.58], bob: 4,
    camera: { shake: 5 }, background: { kind: 'shelves', seed: 12 },
    carry: { dm_pop_stand: [
      { kind: 'tote', at: [0.2, 0.565], size: [0.2, 0.17], offset: -0.03, colour: 'c8a26b' },
      { kind: 'phone', at: [0.74, 0.585], size: [0.045, 0.09], angle: 8, colour: '4a6fa5' }] },
    about: 'A paper tote bag in one hand and a phone in the other, walking in front of shelves, handheld.' },
  { name: 'carry-tall-backpack-room', ...TALL, seconds: 3, poses: [['AZ_pop_right', 0]], size: 0.62, floor: 0.93, walk: [0.4, 0.58], bob: 5,
    background: { kind: 'room', top: 'e2ddd3', bottom: 'cdc6b8', floor: '74604e', light: 0.2, vignette: 0.4, floorAt: 0.85,
      overlays: [{ kind: 'passers', count: 3, seed: 8 }] },
    carry: { AZ_pop_right: [
      { kind: 'backpack', under: true, at: [-0.02, 0.3], size: [0.17, 0.3], colour: '2f5d50', strap: [[0.22, 0.12], [0.3, 0.4]] },
      { kind: 'phone', at: [0.96, 0.09], size: [0.05, 0.1], angle: 80 }] },
    about: 'Phone upright, side view: a backpack, and a phone held out at arm\'s length, in a room with people passing.' },
  { name: 'carry-small-backpack-gravel', ...L, seconds: 3, poses: [['anina_pop_left', 0]], size: 0.3, floor: 0.88, walk: [0.7, 0.36], bob: 2,
    camera: { shake: 4 }, background: { kind: 'tiled', texture: 'gravel.png', zoom: 1.25, tint: 'd8d0c0' },
    carry: { anina_pop_left: [
      { kind: 'backpack', under: true, at: [0.93, 0.27], size: [0.17, 0.3], colour: '9c2f3a', strap: [[0.8, 0.1], [0.72, 0.38]] }] },
    about: 'Far away (a third of the height) with a backpack, side view, over gravel, handheld.' },
].map((c) => ({ set: 'carry', ...c }));

const GENTLE = { sway: [6, 3, 2, 2] };

/** Precheck clips: 2 s each, labelled by what the person filmed in front of. */
export const PRECHECK_CLIPS = [
  { name: 'pc-clean-wall', label: 'clean', background: SAGE, person: 'grace' },
  { name: 'pc-clean-beige', label: 'clean', background: { kind: 'wall', top: 'e6dccb', bottom: 'e6dccb' }, person: 'astronaut' },
  { name: 'pc-clean-room', label: 'clean', person: 'grace',
    background: { kind: 'room', top: 'e4e0d8', bottom: 'cfc8bb', floor: '8a7560', light: 0.25, vignette: 0.5 } },
  { name: 'pc-clean-noisy-wall', label: 'clean', person: 'astronaut',
    background: { kind: 'wall', top: '9aa8b8', bottom: '6d7a8a', overlays: [{ kind: 'noise', sigma: 4, seed: 5 }] } },
  { name: 'pc-clean-studio-shake', label: 'clean', person: 'grace', camera: { shake: 6 },
    background: { kind: 'wall', top: '5a5a5e', bottom: '3a3a3e', light: 0.35, vignette: 0.8 } },
  { name: 'pc-clean-room-portrait', label: 'clean', portrait: true, person: 'astronaut',
    background: { kind: 'room', top: 'dfe6ea', bottom: 'c8d2d8', floor: '6b5a4a', light: 0.2, vignette: 0.4, floorAt: 0.85 } },
  { name: 'pc-clean-picture-wall', label: 'clean', person: 'astronaut',
    background: { kind: 'wall', top: 'e8e4da', bottom: 'd6d0c2', boxes: [
      [0.05, 0.12, 0.25, 0.5, '4a3b2c'], [0.065, 0.15, 0.235, 0.47, '8fa6b8'], // a framed picture
      [0.78, 0.08, 0.95, 1, 'b9ad98'], [0.79, 0.1, 0.94, 1, 'efe9dd'] ] } }, // a door in its frame
  { name: 'pc-busy-brick', label: 'busy', person: 'astronaut', background: { kind: 'tiled', texture: 'brick.png', zoom: 1, tint: 'f0b090' } },
  { name: 'pc-busy-shelves', label: 'busy', person: 'grace', background: { kind: 'shelves', seed: 8 } },
  { name: 'pc-busy-gravel', label: 'busy', person: 'astronaut', background: { kind: 'tiled', texture: 'gravel.png', zoom: 1.25, tint: 'd8d0c0' } },
  { name: 'pc-busy-pattern', label: 'busy', person: 'grace', background: { kind: 'ffmpeg-busy' } },
  { name: 'pc-busy-passers', label: 'busy', person: 'astronaut',
    background: { kind: 'wall', top: 'd9d2c5', bottom: 'c4bba9', overlays: [{ kind: 'passers', count: 6, seed: 21 }] } },
  { name: 'pc-busy-grass-moving', label: 'busy', person: 'grace', camera: { pan: [90, 0] },
    background: { kind: 'tiled', texture: 'grass.png', zoom: 2, tint: 'b0d898' } },
  { name: 'pc-busy-wallpaper-portrait', label: 'busy', portrait: true, person: 'grace',
    background: { kind: 'wallpaper', a: '2d4a3e', b: 'd9c58f', period: 22 } },
].map((c) => ({
  ...(c.portrait ? P : L),
  seconds: 2,
  size: c.portrait ? 0.58 : c.person === 'grace' ? 0.9 : 0.82,
  motion: GENTLE,
  ...c,
}));

// ------------------------------------------------------------------ motion

const smooth = (x) => (x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x));

/** Handheld shake: two incommensurate sines per axis, amplitude `a` px. */
function shake(a, t) {
  return [
    a * (0.7 * Math.sin(2 * Math.PI * 1.1 * t + 0.3) + 0.3 * Math.sin(2 * Math.PI * 2.9 * t + 1.7)),
    a * (0.6 * Math.sin(2 * Math.PI * 1.7 * t + 2.1) + 0.4 * Math.sin(2 * Math.PI * 3.3 * t + 0.5)),
  ];
}

/** The person's own motion at time t: offset (px), scale factor and tilt (degrees). */
function personMotion(motion, t, seconds) {
  let dx = 0;
  let dy = 0;
  let zoom = 1;
  let tilt = 0;
  if (motion.sway) {
    const [ax, px, ay, py] = motion.sway;
    dx += ax * Math.sin((2 * Math.PI * t) / px);
    dy += ay * Math.sin((2 * Math.PI * t) / py);
  }
  if (motion.zoom) zoom = motion.zoom[0] + (motion.zoom[1] - motion.zoom[0]) * smooth(t / seconds);
  if (motion.gesture) {
    const g = motion.gesture;
    const k = smooth((t - g.at) / g.rise) - smooth((t - g.at - g.rise - g.hold) / g.rise);
    dx += g.dx * k;
    tilt += g.tilt * k;
  }
  return { dx, dy, zoom, tilt };
}

/** How far below the frame the photo's bottom edge sits, so it never lifts into view. */
function bottomMargin(clip, person, base) {
  const m = clip.motion;
  const zmax = m.zoom ? Math.max(...m.zoom) : 1;
  const tilt = Math.abs(m.gesture?.tilt ?? 0);
  const lift = (person.width * base * zmax * Math.sin((tilt * Math.PI) / 180)) / 2;
  return Math.ceil((m.sway?.[2] ?? 0) + (clip.camera?.shake ?? 0) + lift) + 2;
}

/** Photo -> frame transforms for frame n (several over the exposure when shutter > 1). */
function transformsAt(clip, person, n, cam) {
  const base = Math.min((clip.size * clip.height) / person.height, (0.9 * clip.width) / person.width);
  const margin = bottomMargin(clip, person, base);
  const { samples, angle } = clip.shutter ?? { samples: 1, angle: 0 };
  const open = angle / 360 / clip.fps;
  const out = [];
  for (let k = 0; k < samples; k++) {
    // the exposure (shutter angle / 360 of the frame interval), centred on the frame's time
    const t = n / clip.fps + (samples > 1 ? (k / (samples - 1) - 0.5) * open : 0);
    const pm = personMotion(clip.motion, t, clip.seconds);
    const [cx, cy] = cam(t);
    out.push(affine({
      scale: base * pm.zoom,
      angleDeg: pm.tilt,
      pivot: [person.width / 2, person.height],
      at: [(clip.x ?? 0.5) * clip.width + pm.dx + cx, clip.height + margin + pm.dy + cy],
    }));
  }
  return out;
}

/**
 * A whole-body clip's frame n: the pose photo of the moment (person = { poses: Map name ->
 * cutout }), scaled so the first pose is `size` of the frame height, feet (the bottom of the
 * alpha box) at `floor`, walking from walk[0] to walk[1] with a step bounce.
 */
function drawPoseAt(frame, clip, person, n, cam) {
  // Others in the clip (`also`: each with its own poses, size, floor, walk, bob) stand behind the
  // main person; the truth is everyone.
  const others = (clip.also ?? []).map((o) => drawOnePose(frame, { ...clip, ...o }, person, n, cam));
  const main = drawOnePose(frame, clip, person, n, cam);
  for (const o of others) {
    for (let i = 0; i < main.truth.length; i++) main.truth[i] = Math.max(main.truth[i], o.truth[i]);
    if (main.item && o.item) for (let i = 0; i < main.item.length; i++) main.item[i] = Math.max(main.item[i], o.item[i]);
  }
  return main;
}

/** One person's pose drawn into the frame: { truth, item } (item: what they carry, or null). */
function drawOnePose(frame, clip, person, n, cam) {
  const t = n / clip.fps;
  const [name] = [...clip.poses].reverse().find(([, from]) => t >= from) ?? clip.poses[0];
  const photo = person.poses.get(name);
  const first = person.poses.get(clip.poses[0][0]);
  const scale = (clip.size * clip.height) / (first.box.y1 - first.box.y0);
  const [cx, cy] = cam(t);
  const x = (clip.walk[0] + (clip.walk[1] - clip.walk[0]) * (t / clip.seconds)) * clip.width;
  const bounce = -Math.abs(Math.sin((Math.PI * t) / 0.5)) * (clip.bob ?? 0);
  const m = affine({
    scale,
    pivot: [(photo.box.x0 + photo.box.x1) / 2, photo.box.y1],
    at: [x + cx, clip.floor * clip.height + bounce + cy],
  });
  const truth = drawCutout(frame, clip.width, clip.height, photo.rgba, photo.width, photo.height, [m]);
  // The items' truth through the same transform, drawn into a frame nobody sees.
  const item = photo.itemRgba ? drawCutout(Buffer.alloc(frame.length), clip.width, clip.height, photo.itemRgba, photo.width, photo.height, [m]) : null;
  return { truth, item };
}

// ------------------------------------------------------------------ rendering

export function recipeHash(clip, person, libDir) {
  const h = createHash('sha256');
  const { about: _about, ...recipe } = clip; // the description is no part of the picture
  const who = person.poses ? [...person.poses.values()].map((p) => p.sha256) : { sha256: person.sha256, outline: person.outline };
  h.update(JSON.stringify({ RENDER_VERSION, recipe, person: who }));
  for (const f of HASHED_SOURCES) h.update(readFileSync(join(libDir, f)));
  return h.digest('hex').slice(0, 16);
}

/** The clip's files in outDir and whether they match the recipe. */
export function clipFiles(outDir, clip, hash) {
  const base = join(outDir, clip.name);
  const files = { video: `${base}.mp4`, truth: `${base}.alpha.gz`, meta: `${base}.json`, ...(clip.carry ? { item: `${base}.item.gz` } : {}) };
  let fresh = false;
  if (existsSync(files.meta) && existsSync(files.video) && existsSync(files.truth) && (!files.item || existsSync(files.item))) {
    try {
      fresh = JSON.parse(readFileSync(files.meta, 'utf8')).hash === hash;
    } catch {
      fresh = false;
    }
  }
  return { ...files, fresh };
}

async function write(stream, buf) {
  if (!stream.write(buf)) await once(stream, 'drain');
}

/**
 * Renders one clip: background (cropped for camera moves) + the person through this frame's
 * transform -> ffmpeg (libx264, yuv420p) and the truth alpha -> gzip. Writes meta last.
 */
export async function renderClip(clip, person, files, hash, ctx) {
  const { width: W, height: H, fps } = clip;
  const frames = Math.round(clip.seconds * fps);
  const A = clip.camera?.shake ?? 0;
  const [panX, panY] = clip.camera?.pan ?? [0, 0];
  const mx = Math.ceil(A) + 1;
  const my = Math.ceil(A) + 1;
  const spanX = Math.ceil(Math.abs(panX) * clip.seconds);
  const spanY = Math.ceil(Math.abs(panY) * clip.seconds);
  const BW = W + 2 * mx + spanX;
  const BH = H + 2 * my + spanY;
  const cam = (t) => (A ? shake(A, t) : [0, 0]);
  const bg = openBackground(clip.background, BW, BH, fps, frames, ctx.F, ctx.dataDir);

  const tmpVideo = `${files.video}.tmp.mp4`;
  const tmpTruth = `${files.truth}.tmp`;
  const enc = spawn('ffmpeg', [
    '-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${W}x${H}`, '-r', String(fps), '-i', '-',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-profile:v', 'high',
    '-g', String(fps), '-movflags', '+faststart', '-metadata', `comment=restyle-eval ${hash}`, tmpVideo,
  ], { stdio: ['pipe', 'ignore', 'inherit'] });
  const encDone = once(enc, 'close');
  const gz = createGzip({ level: 4 });
  const truthOut = createWriteStream(tmpTruth);
  const truthDone = once(truthOut, 'close');
  gz.pipe(truthOut);
  // The carried items' own truth, when the clip has any, the same way.
  const tmpItem = files.item ? `${files.item}.tmp` : null;
  const itemGz = tmpItem ? createGzip({ level: 4 }) : null;
  const itemOut = tmpItem ? createWriteStream(tmpItem) : null;
  const itemDone = itemOut ? once(itemOut, 'close') : null;
  if (itemGz) itemGz.pipe(itemOut);
  const frame = Buffer.alloc(W * H * 3);
  try {
    for (let n = 0; n < frames; n++) {
      const t = n / fps;
      const big = await bg.next(n, t);
      const [sx, sy] = cam(t);
      const ox = mx + (panX < 0 ? spanX : 0) + Math.round(sx + panX * t);
      const oy = my + (panY < 0 ? spanY : 0) + Math.round(sy + panY * t);
      for (let y = 0; y < H; y++) big.copy(frame, y * W * 3, ((y + oy) * BW + ox) * 3, ((y + oy) * BW + ox + W) * 3);
      const { truth, item } = clip.poses
        ? drawPoseAt(frame, clip, person, n, cam)
        : { truth: drawPerson(frame, W, H, person.rgb, person.width, person.height, person.outline, transformsAt(clip, person, n, cam)), item: null };
      await write(gz, truth);
      if (itemGz) await write(itemGz, item ?? Buffer.alloc(W * H));
      await write(enc.stdin, frame);
    }
  } finally {
    bg.close();
    enc.stdin.end();
    gz.end();
    itemGz?.end();
  }
  const [code] = await encDone;
  await truthDone;
  await itemDone;
  if (code !== 0) throw new Error(`ffmpeg failed encoding ${clip.name} (exit ${code})`);
  renameSync(tmpVideo, files.video);
  renameSync(tmpTruth, files.truth);
  if (tmpItem) renameSync(tmpItem, files.item);
  rmSync(files.meta, { force: true });
  writeFileSync(files.meta, `${JSON.stringify({ hash, name: clip.name, width: W, height: H, fps, frames }, null, 2)}\n`);
  return frames;
}
