// Backgrounds for the eval's clips, clean and busy, still and moving, as rgb24 frames. Stills are
// drawn once in Node (walls, a soft-lit room, shelves, tiled CC0 textures) a little larger than
// the frame, so camera shake and pans are crops; moving ones are drawn per frame (people passing,
// sensor noise) or come from ffmpeg's generators (the fixtures' busy pattern).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { decodeRgb } from './people.mjs';

/** Small deterministic PRNG (mulberry32): the same recipe always draws the same picture. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp8 = (v) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
const hex = (s) => [0, 2, 4].map((i) => parseInt(s.slice(i, i + 2), 16));

function fillRect(img, W, H, x0, y0, x1, y1, rgb) {
  const xa = Math.max(0, Math.round(x0));
  const xb = Math.min(W, Math.round(x1));
  for (let y = Math.max(0, Math.round(y0)); y < Math.min(H, Math.round(y1)); y++) {
    for (let x = xa; x < xb; x++) {
      const o = (y * W + x) * 3;
      img[o] = rgb[0];
      img[o + 1] = rgb[1];
      img[o + 2] = rgb[2];
    }
  }
}

/**
 * A painted wall: vertical gradient `top` -> `bottom`, optional soft light pool and vignette, and
 * flat `boxes` ([x0, y0, x1, y1] in 0..1 of the picture, colour): a framed picture, a door.
 */
function wall(W, H, { top, bottom, light = 0, vignette = 0, boxes = [] }) {
  const img = Buffer.alloc(W * H * 3);
  const a = hex(top);
  const b = hex(bottom);
  for (let y = 0; y < H; y++) {
    const t = y / (H - 1);
    for (let x = 0; x < W; x++) {
      const dx = x / W - 0.3;
      const dy = y / H - 0.25;
      const r2 = dx * dx + dy * dy;
      const cx = x / W - 0.5;
      const cy = y / H - 0.5;
      const gain = 1 + light * Math.exp(-r2 / 0.08) - vignette * (cx * cx + cy * cy);
      const o = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) img[o + c] = clamp8((a[c] + (b[c] - a[c]) * t) * gain);
    }
  }
  for (const [x0, y0, x1, y1, col] of boxes) fillRect(img, W, H, x0 * W, y0 * H, x1 * W, y1 * H, hex(col));
  return img;
}

/** A plain room: lit wall over a darker floor, a soft skirting shadow between them. */
function room(W, H, spec) {
  const img = wall(W, H, spec);
  const floorY = H * (spec.floorAt ?? 0.8);
  const f = hex(spec.floor);
  for (let y = Math.floor(floorY - 12); y < H; y++) {
    const k = Math.min(1, Math.max(0, (y - floorY + 12) / 24));
    const shade = 1 - 0.12 * Math.exp(-(((y - floorY) / 6) ** 2));
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 3;
      const fade = 1 - 0.25 * (y - floorY) / H;
      for (let c = 0; c < 3; c++) img[o + c] = clamp8((img[o + c] * (1 - k) + f[c] * fade * k) * shade);
    }
  }
  return img;
}

/** A bookcase: boards, uprights and book spines of random widths, heights and colours. */
function shelves(W, H, { seed = 3 }) {
  const rand = rng(seed);
  const wood = [112, 78, 48];
  const img = Buffer.alloc(W * H * 3);
  fillRect(img, W, H, 0, 0, W, H, [58, 40, 26]);
  const shelfH = Math.round(H / 4.2);
  const palette = ['8c2f39', '2f4b7c', 'd8c99b', '3c6e47', 'e0a458', '5b3a7a', 'c94f4f', 'f2efe6', '1d3557', 'a8dadc', '6d597a', 'b56576'].map(hex);
  for (let top = 0; top < H; top += shelfH) {
    fillRect(img, W, H, 0, top, W, top + 10, wood);
    let x = 8;
    while (x < W) {
      if (rand() < 0.06) {
        x += 30 + rand() * 80; // a gap with a small box or plant pot
        continue;
      }
      const w = 12 + rand() * 26;
      const h = shelfH * (0.55 + rand() * 0.38);
      const col = palette[Math.floor(rand() * palette.length)];
      const lean = rand() < 0.1 ? 1 : 0;
      fillRect(img, W, H, x, top + shelfH - h, x + w - 2, top + shelfH, col);
      // a light title band and a dark edge: spines have detail
      fillRect(img, W, H, x + 2, top + shelfH - h * 0.7, x + w - 4, top + shelfH - h * 0.62, col.map((c) => Math.min(255, c + 70)));
      fillRect(img, W, H, x + w - 3, top + shelfH - h, x + w - 2, top + shelfH, [20, 14, 10]);
      x += w + lean * 6;
    }
  }
  for (let x = 0; x < W; x += Math.round(W / 3)) fillRect(img, W, H, x, 0, x + 14, H, wood);
  return img;
}

/** A CC0 texture tiled over the frame, scaled by `zoom` (bilinear, wrapping) and tinted. */
function tiled(W, H, { texture, zoom = 1, tint = 'ffffff' }, dataDir) {
  const tex = decodeRgb(join(dataDir, texture));
  const tw = tex.width;
  const th = tex.height;
  const t = hex(tint).map((c) => c / 255);
  const img = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) {
    const v = (y + 0.5) / zoom - 0.5 + th;
    const v0 = Math.floor(v) % th;
    const v1 = (v0 + 1) % th;
    const fv = v - Math.floor(v);
    for (let x = 0; x < W; x++) {
      const u = (x + 0.5) / zoom - 0.5 + tw;
      const u0 = Math.floor(u) % tw;
      const u1 = (u0 + 1) % tw;
      const fu = u - Math.floor(u);
      const o = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = tex.rgb[(v0 * tw + u0) * 3 + c] * (1 - fu) + tex.rgb[(v0 * tw + u1) * 3 + c] * fu;
        const bot = tex.rgb[(v1 * tw + u0) * 3 + c] * (1 - fu) + tex.rgb[(v1 * tw + u1) * 3 + c] * fu;
        img[o + c] = clamp8((top * (1 - fv) + bot * fv) * t[c]);
      }
    }
  }
  return img;
}

/** Wallpaper: a dense two-colour ornament (a moiré-prone pattern, like many real wallpapers). */
function wallpaper(W, H, { a, b, period = 22 }) {
  const ca = hex(a);
  const cb = hex(b);
  const img = Buffer.alloc(W * H * 3);
  const k = (2 * Math.PI) / period;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const m = 0.5 + 0.5 * Math.sin(k * x + 2 * Math.sin(k * y * 0.5)) * Math.cos(k * y);
      const o = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) img[o + c] = clamp8(ca[c] + (cb[c] - ca[c]) * m);
    }
  }
  return img;
}

const STILLS = { wall, room, shelves, tiled, wallpaper };

/**
 * People passing behind the subject: head-and-shoulders silhouettes (a head disc over a body
 * with rounded shoulders), soft-shaded, walking across the frame at different speeds.
 */
function passers(img, W, H, t, { count = 5, seed = 11 }) {
  const rand = rng(seed);
  for (let i = 0; i < count; i++) {
    const w = W * (0.08 + rand() * 0.08);
    const h = H * (0.5 + rand() * 0.3);
    const speed = (rand() < 0.5 ? -1 : 1) * W * (0.2 + rand() * 0.3);
    const x0 = rand() * (W + 2 * w);
    const col = [rand() * 200 + 30, rand() * 200 + 30, rand() * 200 + 30];
    const cx = ((((x0 + speed * t) % (W + 2 * w)) + W + 2 * w) % (W + 2 * w)) - w;
    const top = H - h + Math.abs(Math.sin(t * 6 + i)) * 6; // a walking bob
    const headR = w * 0.3;
    const headY = top + headR;
    const bodyTop = top + headR * 2.3;
    for (let y = Math.max(0, Math.floor(top)); y < H; y++) {
      for (let x = Math.max(0, Math.floor(cx - w / 2)); x < Math.min(W, Math.ceil(cx + w / 2)); x++) {
        const dx = x - cx;
        const inHead = dx * dx + (y - headY) ** 2 <= headR * headR;
        // shoulders: a half-ellipse cap of height 0.6w on a body w wide
        const sy = (y - bodyTop - w * 0.3) / (w * 0.3);
        const inBody = y >= bodyTop && (sy >= 0 || (dx / (w / 2)) ** 2 + sy * sy <= 1);
        if (!inHead && !inBody) continue;
        const shade = 0.7 + 0.3 * (1 - Math.abs(dx) / (w / 2));
        const o = (y * W + x) * 3;
        for (let c = 0; c < 3; c++) img[o + c] = clamp8(col[c] * (inHead ? 0.9 : shade));
      }
    }
  }
}

/** Per-frame sensor noise, strength in 8-bit levels (a clean wall filmed in dim light). */
function noise(img, W, H, frameIndex, { sigma = 3, seed = 5 }) {
  const rand = rng(seed * 100003 + frameIndex);
  for (let i = 0; i < W * H; i++) {
    const n = (rand() + rand() + rand() - 1.5) * 2 * sigma;
    const o = i * 3;
    img[o] = clamp8(img[o] + n);
    img[o + 1] = clamp8(img[o + 1] + n);
    img[o + 2] = clamp8(img[o + 2] + n);
  }
}

const OVERLAYS = { passers, noise };

/** Reads fixed-size frames from a stream, one at a time, holding at most a few in memory. */
function frameReader(stream, bytes) {
  let chunks = [];
  let have = 0;
  let ended = false;
  let wake = null;
  stream.on('data', (d) => {
    chunks.push(d);
    have += d.length;
    if (have >= 3 * bytes) stream.pause();
    wake?.();
  });
  stream.on('end', () => {
    ended = true;
    wake?.();
  });
  return async () => {
    while (have < bytes) {
      if (ended) throw new Error('background source ended early');
      stream.resume();
      await new Promise((r) => (wake = r));
      wake = null;
    }
    const all = Buffer.concat(chunks);
    chunks = [all.subarray(bytes)];
    have -= bytes;
    if (have < 3 * bytes) stream.resume();
    return Buffer.from(all.subarray(0, bytes));
  };
}

/**
 * Opens a background of BW x BH (the frame plus a margin for camera moves): `next(n, t)` gives
 * frame n's rgb24, `close()` ends any ffmpeg it started. `F` is the fixture recipe (its busy graph).
 */
export function openBackground(spec, BW, BH, fps, frames, F, dataDir) {
  if (spec.kind === 'ffmpeg-busy' || spec.kind === 'bars') {
    // ffmpeg-busy: the fixtures' own busy background, a rule-30 automaton blended with testsrc2,
    // both moving; bars: HD colour bars scrolling sideways (`speed`: share of the width a frame)
    const graph = spec.kind === 'bars'
      ? `smptehdbars=s=${BW}x${BH}:r=${fps},scroll=horizontal=${spec.speed ?? 0.004},format=rgb24[out]`
      : `${F.backgroundGraph({ width: BW, height: BH, fps, background: 'busy' })};[bg]format=rgb24[out]`;
    const child = spawn('ffmpeg', ['-v', 'error', '-filter_complex', graph, '-map', '[out]', '-frames:v', String(frames), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const read = frameReader(child.stdout, BW * BH * 3);
    return { next: () => read(), close: () => child.kill() };
  }
  const make = STILLS[spec.kind];
  if (!make) throw new Error(`unknown background kind ${spec.kind}`);
  const still = make(BW, BH, spec, dataDir);
  const overlays = spec.overlays ?? [];
  return {
    next: async (n, t) => {
      const img = Buffer.from(still);
      for (const o of overlays) OVERLAYS[o.kind](img, BW, BH, o.kind === 'noise' ? n : t, o);
      return img;
    },
    close: () => undefined,
  };
}
