/**
 * AssemblyScript, compiled to WebAssembly with SIMD by scripts/kernels.mjs (`npm run build`; Vite
 * imports it as `virtual:pixel-kernels`). The per-pixel loops of the CPU compositor and the matte
 * worker, each the same arithmetic as its JS twin (named beside it), which stays the fallback
 * where a browser has no wasm SIMD. The caller owns the memory: every pointer is a byte offset
 * into the imported memory, laid out by src/workers/shared/wasmKernels.ts.
 */

// ---- blend: src/core/yuvComposite.ts blendI420 -------------------------------------------------

/** fg * a + bg * (256 - a) + 128, >> 8, on 8 u16 lanes: equal to bg + (((fg - bg) * a + 128) >> 8). */
@inline
function mix8(fg: v128, bg: v128, a: v128): v128 {
  const inv = i16x8.sub(i16x8.splat(256), a);
  const sum = i16x8.add(i16x8.add(i16x8.mul(fg, a), i16x8.mul(bg, inv)), i16x8.splat(128));
  return i16x8.shr_u(sum, 8);
}

/** a8 (0..255) to 0..256, so 0 and 255 are exact: a8 + (a8 >> 7). */
@inline
function weight(a8: v128): v128 {
  return i16x8.add(a8, i16x8.shr_u(a8, 7));
}

export function blendI420(frame: usize, background: usize, alpha: usize, w: i32, h: i32): void {
  const n = w * h;
  let i = 0;
  const all = i8x16.splat(-1);
  for (; i + 16 <= n; i += 16) {
    const a = v128.load(alpha + i);
    if (i8x16.all_true(i8x16.eq(a, all))) continue;
    const bg = v128.load(background + i);
    if (!v128.any_true(a)) {
      v128.store(frame + i, bg);
      continue;
    }
    const fg = v128.load(frame + i);
    const lo = mix8(i16x8.extend_low_i8x16_u(fg), i16x8.extend_low_i8x16_u(bg), weight(i16x8.extend_low_i8x16_u(a)));
    const hi = mix8(i16x8.extend_high_i8x16_u(fg), i16x8.extend_high_i8x16_u(bg), weight(i16x8.extend_high_i8x16_u(a)));
    v128.store(frame + i, i8x16.narrow_i16x8_u(lo, hi));
  }
  for (; i < n; i++) {
    const a8 = <i32>load<u8>(alpha + i);
    if (a8 == 255) continue;
    const fg = <i32>load<u8>(frame + i);
    const bg = <i32>load<u8>(background + i);
    store<u8>(frame + i, bg + (((fg - bg) * (a8 + (a8 >> 7)) + 128) >> 8));
  }
  // Chroma: each sample takes the mean alpha of its 2x2 block, (sum + 2) >> 2.
  const cw = w >> 1;
  const ch = h >> 1;
  const planeSize = cw * ch;
  const fu = frame + n;
  const bu = background + n;
  const fv = fu + planeSize;
  const bv = bu + planeSize;
  for (let cy = 0; cy < ch; cy++) {
    const top = alpha + 2 * cy * w;
    const bottom = top + w;
    const crow = cy * cw;
    let cx = 0;
    for (; cx + 8 <= cw; cx += 8) {
      const sum = i16x8.add(i16x8.extadd_pairwise_i8x16_u(v128.load(top + 2 * cx)), i16x8.extadd_pairwise_i8x16_u(v128.load(bottom + 2 * cx)));
      if (i16x8.all_true(i16x8.eq(sum, i16x8.splat(1020)))) continue;
      const a = weight(i16x8.shr_u(i16x8.add(sum, i16x8.splat(2)), 2));
      const c = crow + cx;
      const u = mix8(v128.load8x8_u(fu + c), v128.load8x8_u(bu + c), a);
      const v = mix8(v128.load8x8_u(fv + c), v128.load8x8_u(bv + c), a);
      v128.store64_lane(fu + c, i8x16.narrow_i16x8_u(u, u), 0);
      v128.store64_lane(fv + c, i8x16.narrow_i16x8_u(v, v), 0);
    }
    for (; cx < cw; cx++) {
      const x = 2 * cx;
      const sum = <i32>load<u8>(top + x) + <i32>load<u8>(top + x + 1) + <i32>load<u8>(bottom + x) + <i32>load<u8>(bottom + x + 1);
      if (sum == 1020) continue;
      const a8 = (sum + 2) >> 2;
      const a = a8 + (a8 >> 7);
      const c = crow + cx;
      const u = <i32>load<u8>(fu + c);
      const bU = <i32>load<u8>(bu + c);
      const v = <i32>load<u8>(fv + c);
      const bV = <i32>load<u8>(bv + c);
      store<u8>(fu + c, bU + (((u - bU) * a + 128) >> 8));
      store<u8>(fv + c, bV + (((v - bV) * a + 128) >> 8));
    }
  }
}

// ---- tint: src/core/colourMatch.ts applyTint ---------------------------------------------------

/** Adds `shift` to every sample of `n` bytes, clamped to 0..255. */
export function shiftPlane(plane: usize, n: i32, shift: i32): void {
  if (shift == 0) return;
  const s = i8x16.splat(<i8>min(255, abs(shift)));
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const p = v128.load(plane + i);
    v128.store(plane + i, shift > 0 ? i8x16.add_sat_u(p, s) : i8x16.sub_sat_u(p, s));
  }
  for (; i < n; i++) store<u8>(plane + i, <u8>min(255, max(0, <i32>load<u8>(plane + i) + shift)));
}

// ---- refinement's full-resolution apply: src/core/matteRefine.ts applyCoefficients --------------

/** Four bytes at p, as f32 lanes. */
@inline
function bytes4(p: usize): v128 {
  return f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(p))));
}

/** The chroma of four pixels from `px`: samples px >> 1 .. (px + 3) >> 1 of the row at `c`. */
@inline
function chroma4(c: usize, odd: bool): v128 {
  const raw = v128.load32_zero(c);
  const pick = odd ? i8x16(0, 1, 1, 2, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1) : i8x16(0, 0, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  return f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(i8x16.swizzle(raw, pick))));
}

/** Row scratch (f32, mask width each): a, b, wrap, lo, hi, au, av. */
const A: usize = 0;
const B: usize = 1;
const W: usize = 2;
const LO: usize = 3;
const HI: usize = 4;
const AU: usize = 5;
const AV: usize = 6;

/**
 * alpha = (a * Y + au * U + av * V + b) * (1 - wrap) at full resolution, the coefficients
 * bilinear between mask cells; spans whose result is 0 or 255 whatever the picture are filled.
 * a, b, wrap, au, av: f32 planes of mw x mh (au = av = 0: no colour guide); need: u8, mw x mh.
 * The frame-height axis (ayI0, ayI1: i32; ayW: f32, h each), the frame-width axis (axI1: i32;
 * axW: f32, w each), the span starts (i32, mw + 1); rows: 7 x mw f32 of scratch. Frame: I420.
 */
export function applyCoefficients(
  mw: i32,
  w: i32,
  h: i32,
  ca: usize,
  cb: usize,
  cwr: usize,
  cau: usize,
  cav: usize,
  need: usize,
  ayI0: usize,
  ayI1: usize,
  ayW: usize,
  axI1: usize,
  axW: usize,
  starts: usize,
  rows: usize,
  frame: usize,
  out: usize,
): void {
  const colour = cau != 0;
  const rowStride = <usize>mw << 2;
  const cw = w >> 1;
  const u = frame + <usize>(w * h);
  const v = u + <usize>(cw * (h >> 1));
  let lastKey: i32 = -1;
  for (let py = 0; py < h; py++) {
    const r0 = load<i32>(ayI0 + (<usize>py << 2)) * mw;
    const r1 = load<i32>(ayI1 + (<usize>py << 2)) * mw;
    const wy = load<f32>(ayW + (<usize>py << 2));
    const key = r0 * 4096 + <i32>Mathf.round(wy * 4095);
    if (key != lastKey) {
      for (let x = 0; x < mw; x++) {
        const j0 = <usize>(r0 + x) << 2;
        const j1 = <usize>(r1 + x) << 2;
        const xo = <usize>x << 2;
        if (load<u8>(need + r0 + x) == 0) {
          const b = load<f32>(cb + j0);
          store<f32>(rows + LO * rowStride + xo, b);
          store<f32>(rows + HI * rowStride + xo, b);
          store<f32>(rows + W * rowStride + xo, 0);
          continue;
        }
        const a = load<f32>(ca + j0) * (1 - wy) + load<f32>(ca + j1) * wy;
        const b = load<f32>(cb + j0) * (1 - wy) + load<f32>(cb + j1) * wy;
        store<f32>(rows + A * rowStride + xo, a);
        store<f32>(rows + B * rowStride + xo, b);
        store<f32>(rows + W * rowStride + xo, load<f32>(cwr + j0) * (1 - wy) + load<f32>(cwr + j1) * wy);
        let neg: f32 = a < 0 ? a : 0;
        let pos: f32 = a < 0 ? 0 : a;
        if (colour) {
          const au = load<f32>(cau + j0) * (1 - wy) + load<f32>(cau + j1) * wy;
          const av = load<f32>(cav + j0) * (1 - wy) + load<f32>(cav + j1) * wy;
          store<f32>(rows + AU * rowStride + xo, au);
          store<f32>(rows + AV * rowStride + xo, av);
          if (au < 0) neg += au;
          else pos += au;
          if (av < 0) neg += av;
          else pos += av;
        }
        store<f32>(rows + LO * rowStride + xo, b + 255 * neg);
        store<f32>(rows + HI * rowStride + xo, b + 255 * pos);
      }
      lastKey = key;
    }
    const row = out + <usize>(py * w);
    const yRow = frame + <usize>(py * w);
    const crow = <usize>(min(py >> 1, (h >> 1) - 1) * cw);
    let runValue = -1;
    let runStart = 0;
    for (let i = 0; i < mw; i++) {
      const s = load<i32>(starts + (<usize>i << 2));
      const e = load<i32>(starts + (<usize>(i + 1) << 2));
      if (s == e) continue;
      const j = i + 1 < mw ? i + 1 : i;
      const io = <usize>i << 2;
      const jo = <usize>j << 2;
      const wi = load<f32>(rows + W * rowStride + io);
      const wj = load<f32>(rows + W * rowStride + jo);
      const value =
        load<f32>(rows + LO * rowStride + io) >= 254.5 && load<f32>(rows + LO * rowStride + jo) >= 254.5 && wi == 0 && wj == 0
          ? 255
          : load<f32>(rows + HI * rowStride + io) < 0.5 && load<f32>(rows + HI * rowStride + jo) < 0.5
            ? 0
            : -1;
      if (value != runValue) {
        if (runValue >= 0) memory.fill(row + runStart, <u8>runValue, s - runStart);
        runValue = value;
        runStart = s;
      }
      if (value >= 0) continue;
      // Within a span the left cell is i and the right one is the same for every pixel.
      const x1 = <usize>load<i32>(axI1 + (<usize>s << 2)) << 2;
      const a0 = load<f32>(rows + A * rowStride + io);
      const da = load<f32>(rows + A * rowStride + x1) - a0;
      const b0 = load<f32>(rows + B * rowStride + io);
      const db = load<f32>(rows + B * rowStride + x1) - b0;
      const w0 = wi;
      const dw = load<f32>(rows + W * rowStride + x1) - w0;
      let u0: f32 = 0;
      let du: f32 = 0;
      let v0: f32 = 0;
      let dv: f32 = 0;
      if (colour) {
        u0 = load<f32>(rows + AU * rowStride + io);
        du = load<f32>(rows + AU * rowStride + x1) - u0;
        v0 = load<f32>(rows + AV * rowStride + io);
        dv = load<f32>(rows + AV * rowStride + x1) - v0;
      }
      let px = s;
      const A0 = f32x4.splat(a0);
      const DA = f32x4.splat(da);
      const B0 = f32x4.splat(b0);
      const DB = f32x4.splat(db);
      const W0 = f32x4.splat(w0);
      const DW = f32x4.splat(dw);
      const U0 = f32x4.splat(u0);
      const DU = f32x4.splat(du);
      const V0 = f32x4.splat(v0);
      const DV = f32x4.splat(dv);
      for (; px + 4 <= e; px += 4) {
        const wx = v128.load(axW + (<usize>px << 2));
        let value = f32x4.add(f32x4.mul(f32x4.add(A0, f32x4.mul(DA, wx)), bytes4(yRow + px)), f32x4.add(B0, f32x4.mul(DB, wx)));
        if (colour) {
          const c = crow + (<usize>px >> 1);
          const odd = (px & 1) != 0;
          value = f32x4.add(value, f32x4.mul(f32x4.add(U0, f32x4.mul(DU, wx)), chroma4(u + c, odd)));
          value = f32x4.add(value, f32x4.mul(f32x4.add(V0, f32x4.mul(DV, wx)), chroma4(v + c, odd)));
        }
        const keep = f32x4.sub(f32x4.splat(1), f32x4.add(W0, f32x4.mul(DW, wx)));
        const clamped = f32x4.min(f32x4.max(value, f32x4.splat(0)), f32x4.splat(255));
        const q = i32x4.trunc_sat_f32x4_u(f32x4.add(f32x4.mul(clamped, keep), f32x4.splat(0.5)));
        const q16 = i16x8.narrow_i32x4_s(q, q);
        v128.store32_lane(row + px, i8x16.narrow_i16x8_u(q16, q16), 0);
      }
      for (; px < e; px++) {
        const wx = load<f32>(axW + (<usize>px << 2));
        let value = (a0 + da * wx) * <f32>load<u8>(yRow + px) + (b0 + db * wx);
        if (colour) {
          const c = crow + (<usize>px >> 1);
          value += (u0 + du * wx) * <f32>load<u8>(u + c) + (v0 + dv * wx) * <f32>load<u8>(v + c);
        }
        const keep: f32 = 1 - (w0 + dw * wx);
        store<u8>(row + px, value <= 0 ? 0 : <u8>(<u32>((value >= 255 ? <f32>255 : value) * keep + 0.5)));
      }
    }
    if (runValue >= 0) memory.fill(row + runStart, <u8>runValue, w - runStart);
  }
}

// ---- downscale for the model: src/core/yuv.ts downscaleI420ToRgba ---------------------------

/** cols[x] = the sum of rows [y0, y1) of a plane `w` wide, column by column (u32). */
function sumRows(plane: usize, w: i32, y0: i32, y1: i32, cols: usize): void {
  let x = 0;
  for (; x + 16 <= w; x += 16) {
    let a0 = i32x4.splat(0);
    let a1 = i32x4.splat(0);
    let a2 = i32x4.splat(0);
    let a3 = i32x4.splat(0);
    for (let y = y0; y < y1; y++) {
      const p = v128.load(plane + <usize>(y * w + x));
      const lo = i16x8.extend_low_i8x16_u(p);
      const hi = i16x8.extend_high_i8x16_u(p);
      a0 = i32x4.add(a0, i32x4.extend_low_i16x8_u(lo));
      a1 = i32x4.add(a1, i32x4.extend_high_i16x8_u(lo));
      a2 = i32x4.add(a2, i32x4.extend_low_i16x8_u(hi));
      a3 = i32x4.add(a3, i32x4.extend_high_i16x8_u(hi));
    }
    const c = cols + (<usize>x << 2);
    v128.store(c, a0);
    v128.store(c, a1, 16);
    v128.store(c, a2, 32);
    v128.store(c, a3, 48);
  }
  for (; x < w; x++) {
    let s: u32 = 0;
    for (let y = y0; y < y1; y++) s += load<u8>(plane + <usize>(y * w + x));
    store<u32>(cols + (<usize>x << 2), s);
  }
}

/** The sum of cols[x0, x1). */
@inline
function sumCols(cols: usize, x0: i32, x1: i32): u32 {
  let s: u32 = 0;
  for (let x = x0; x < x1; x++) s += load<u32>(cols + (<usize>x << 2));
  return s;
}

@inline
function clamp255(v: f64): u8 {
  return v < 0 ? 0 : v > 255 ? 255 : <u8>Math.floor(v + 0.5);
}

/**
 * The frame (I420, w x h) averaged into ow x oh cells, to RGBA (`ry`..`bu`: the matrix's
 * Y'CbCr -> RGB), and when `guide` is not 0 the cells' mean Y (0..1, f32), then with `chroma`
 * their mean U and V. Cell bounds in frame pixels: xs, ys (luma), cxs, cys (chroma), i32, one
 * more than cells; `cols`: scratch of w + 2 x (w >> 1) u32. Chroma boxes lie inside the planes.
 */
export function downscaleI420(
  frame: usize,
  w: i32,
  h: i32,
  ow: i32,
  oh: i32,
  xs: usize,
  ys: usize,
  cxs: usize,
  cys: usize,
  cols: usize,
  ry: f64,
  rv: f64,
  gu: f64,
  gv: f64,
  bu: f64,
  rgba: usize,
  guide: usize,
  chroma: bool,
): void {
  const cw = w >> 1;
  const ch = h >> 1;
  const u = frame + <usize>(w * h);
  const v = u + <usize>(cw * ch);
  const colY = cols;
  const colU = colY + (<usize>w << 2);
  const colV = colU + (<usize>cw << 2);
  const cells = ow * oh;
  for (let oy = 0; oy < oh; oy++) {
    const y0 = load<i32>(ys + (<usize>oy << 2));
    const y1 = load<i32>(ys + (<usize>(oy + 1) << 2));
    const cy0 = load<i32>(cys + (<usize>oy << 2));
    const cy1 = max(cy0 + 1, load<i32>(cys + (<usize>(oy + 1) << 2)));
    sumRows(frame, w, y0, y1, colY);
    sumRows(u, cw, cy0, cy1, colU);
    sumRows(v, cw, cy0, cy1, colV);
    for (let ox = 0; ox < ow; ox++) {
      const x0 = load<i32>(xs + (<usize>ox << 2));
      const x1 = load<i32>(xs + (<usize>(ox + 1) << 2));
      const cx0 = load<i32>(cxs + (<usize>ox << 2));
      const cx1 = max(cx0 + 1, load<i32>(cxs + (<usize>(ox + 1) << 2)));
      const sy = <f64>sumCols(colY, x0, x1);
      const su = <f64>sumCols(colU, cx0, cx1);
      const sv = <f64>sumCols(colV, cx0, cx1);
      const cn = <f64>((cy1 - cy0) * (cx1 - cx0));
      const meanY = sy / <f64>((y1 - y0) * (x1 - x0));
      const cell = oy * ow + ox;
      if (guide != 0) {
        store<f32>(guide + (<usize>cell << 2), <f32>(meanY / 255));
        if (chroma) {
          store<f32>(guide + (<usize>(cells + cell) << 2), <f32>(su / (cn * 255)));
          store<f32>(guide + (<usize>(2 * cells + cell) << 2), <f32>(sv / (cn * 255)));
        }
      }
      const yy = ry * (meanY - 16);
      const uu = su / cn - 128;
      const vv = sv / cn - 128;
      const o = rgba + (<usize>cell << 2);
      store<u8>(o, clamp255(yy + rv * vv));
      store<u8>(o, clamp255(yy + gu * uu + gv * vv), 1);
      store<u8>(o, clamp255(yy + bu * uu), 2);
      store<u8>(o, 255, 3);
    }
  }
}

// ---- upright copy: src/core/yuv.ts rotatePlane, nv12ToI420 ------------------------------------

@inline
function zipLo8(a: v128, b: v128): v128 {
  return i8x16.shuffle(a, b, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
}
@inline
function zipHi8(a: v128, b: v128): v128 {
  return i8x16.shuffle(a, b, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
}

/**
 * A 16x16 block of bytes (16 rows of 16 at `block`) transposed in place; `block` + 256 is
 * scratch. Each round interleaves the bytes of rows i and i + 8 into rows 2i and 2i + 1, which
 * rotates each byte's 8-bit (row, column) address left by one bit: after four, (column, row).
 */
function transpose16(block: usize): void {
  let from = block;
  let to = block + 256;
  for (let round = 0; round < 4; round++) {
    for (let i: usize = 0; i < 8; i++) {
      const a = v128.load(from + (i << 4));
      const b = v128.load(from + ((i + 8) << 4));
      v128.store(to + (i << 5), zipLo8(a, b));
      v128.store(to + (i << 5) + 16, zipHi8(a, b));
    }
    const t = from;
    from = to;
    to = t;
  }
}

/**
 * One plane (w x h) turned clockwise by `rotation` (90, 180 or 270) into `dst`; 90 and 270 make it
 * h wide and w tall. `block`: 512 bytes of scratch.
 */
export function rotatePlane(src: usize, w: i32, h: i32, rotation: i32, dst: usize, block: usize): void {
  if (rotation == 180) {
    const n = w * h;
    let i = 0;
    for (; i + 16 <= n; i += 16) {
      const p = v128.load(src + <usize>(n - 16 - i));
      v128.store(dst + <usize>i, i8x16.shuffle(p, p, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
    }
    for (; i < n; i++) store<u8>(dst + <usize>i, load<u8>(src + <usize>(n - 1 - i)));
    return;
  }
  const cw90 = rotation == 90;
  const bw = w & ~15;
  const bh = h & ~15;
  for (let y = 0; y < bh; y += 16) {
    for (let x = 0; x < bw; x += 16) {
      // 90: out(x', y') = src(y', h - 1 - x'): the block's rows bottom-up; 270: top-down, out rows from the end.
      for (let r = 0; r < 16; r++) {
        const row = cw90 ? y + 15 - r : y + r;
        v128.store(block + (<usize>r << 4), v128.load(src + <usize>(row * w + x)));
      }
      transpose16(block);
      for (let j = 0; j < 16; j++) {
        const oy = cw90 ? x + j : w - 1 - (x + j);
        const ox = cw90 ? h - 16 - y : y;
        v128.store(dst + <usize>(oy * h + ox), v128.load(block + (<usize>j << 4)));
      }
    }
  }
  // The edges the blocks left: source rows from bh (every column), then columns from bw.
  for (let sy = bh; sy < h; sy++) {
    for (let sx = 0; sx < w; sx++) rotatedPixel(src, w, h, cw90, dst, sx, sy);
  }
  for (let sy = 0; sy < bh; sy++) {
    for (let sx = bw; sx < w; sx++) rotatedPixel(src, w, h, cw90, dst, sx, sy);
  }
}

/** Source pixel (sx, sy) to where a 90 (or 270) degree turn puts it. */
@inline
function rotatedPixel(src: usize, w: i32, h: i32, cw90: bool, dst: usize, sx: i32, sy: i32): void {
  const oy = cw90 ? sx : w - 1 - sx;
  const ox = cw90 ? h - 1 - sy : sy;
  store<u8>(dst + <usize>(oy * h + ox), load<u8>(src + <usize>(sy * w + sx)));
}

/** NV12's interleaved chroma (n pairs at `uv`) split into the U and V planes. */
export function splitChroma(uv: usize, n: i32, u: usize, v: usize): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const a = v128.load(uv + <usize>(2 * i));
    const b = v128.load(uv + <usize>(2 * i + 16));
    v128.store(u + <usize>i, i8x16.shuffle(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30));
    v128.store(v + <usize>i, i8x16.shuffle(a, b, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31));
  }
  for (; i < n; i++) {
    store<u8>(u + <usize>i, load<u8>(uv + <usize>(2 * i)));
    store<u8>(v + <usize>i, load<u8>(uv + <usize>(2 * i + 1)));
  }
}

// ---- the refinement's mask-resolution half: src/core/matteRefine.ts coefficients() ------------
// A faithful port, in the JS version's own order of f64 arithmetic on f32 arrays, so both give
// the same coefficients to the last bit (the tests compare them). Its inputs live in a block of
// slots the refiner fills once (src/core/matteRefine.ts REFINE_SLOTS names the same slots).

// i32 slots: sizes and flags, then the planes (byte offsets).
const S_MW = 0;
const S_MH = 1;
const S_R = 2;
const S_FLAGS = 3;
const S_MASK = 4;
const S_GUIDE = 5;
const S_GU = 6;
const S_GV = 7;
const S_P = 8;
const S_PREV_P = 9;
const S_PREV_GUIDE_MEAN = 10;
const S_MEAN_I = 11;
const S_MEAN_P = 12;
const S_A = 13;
const S_B = 14;
const S_WRAP = 15;
const S_P_MIN = 16;
const S_P_MAX = 17;
const S_FIT = 18;
const S_PREV_RAW_P = 19;
const S_MASK_MOTION = 20;
const S_UNSURE = 21;
const S_SPARSE_OUT = 22;
const S_PREV_A = 23;
const S_PREV_B = 24;
const S_TMP = 25;
const S_SCRATCH = 26;
const S_COLS = 27;
const S_AU = 28;
const S_AV = 29;
const S_PREV_AU = 30;
const S_PREV_AV = 31;
const S_MEAN_U = 32;
const S_MEAN_V = 33;
const S_PREV_MEAN_U = 34;
const S_PREV_MEAN_V = 35;
const S_LIVE = 36;
const S_NEED = 37;
// f64 slots, from byte 160: the tuning.
const T_BASE: usize = 160;
const T_EPS = 0;
const T_CHROMA_EPS = 1;
const T_GAIN = 2;
const T_PIVOT = 3;
const T_STILL_WEIGHT = 4;
const T_MOTION_FULL = 5;
const T_CHROMA_MOTION = 6;
const T_SURE = 7;
const T_COEF_STILL = 8;
const T_MASK_MOTION_FULL = 9;
const T_FIT_POWER = 10;
const T_LIGHT_WRAP = 11;

const F_TEMPORAL = 1;
const F_GUIDED = 2;
const F_COLOUR = 4;
const F_CHROMA_MOTION = 8;

@inline
function slot(block: usize, s: i32): usize {
  return <usize>load<i32>(block + (<usize>s << 2));
}
@inline
function tune(block: usize, t: i32): f64 {
  return load<f64>(block + T_BASE + (<usize>t << 3));
}
@inline
function f(base: usize, i: i32): f64 {
  return <f64>load<f32>(base + (<usize>i << 2));
}
@inline
function setF(base: usize, i: i32, v: f64): void {
  store<f32>(base + (<usize>i << 2), <f32>v);
}
@inline
function copyF(dst: usize, src: usize, n: i32): void {
  memory.copy(dst, src, <usize>n << 2);
}

/**
 * Running-sum box mean along one row of `len` samples, edges clamped (matteRefine boxLine with
 * step 1): the same f64 sums in the same order; the interior needs no clamping, so it has its own loop.
 */
function boxRow(src: usize, dst: usize, base: i32, len: i32, r: i32, norm: f64): void {
  const last = base + len - 1;
  let sum: f64 = 0;
  for (let k = -r; k <= r; k++) sum += f(src, base + min(len - 1, max(0, k)));
  const lo = min(r, len);
  const hi = max(lo, len - r - 1);
  let k = 0;
  for (; k < lo; k++) {
    const i = base + k;
    setF(dst, i, sum * norm);
    sum += f(src, k + r + 1 < len ? i + r + 1 : last) - f(src, k - r >= 0 ? i - r : base);
  }
  // Interior: add = i + r + 1 < len and sub = i - r >= 0 hold.
  let p = src + (<usize>(base + k) << 2);
  let q = dst + (<usize>(base + k) << 2);
  const ahead = <usize>(r + 1) << 2;
  const behind = <usize>r << 2;
  for (; k < hi; k++) {
    store<f32>(q, <f32>(sum * norm));
    sum += <f64>load<f32>(p + ahead) - <f64>load<f32>(p - behind);
    p += 4;
    q += 4;
  }
  for (; k < len; k++) {
    const i = base + k;
    setF(dst, i, sum * norm);
    sum += f(src, k + r + 1 < len ? i + r + 1 : last) - f(src, k - r >= 0 ? i - r : base);
  }
}

/** f32 pairs at p as f64 lanes, and back: the JS version's arithmetic two samples at a time. */
@inline
function load2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}
@inline
function store2(p: usize, v: v128): void {
  v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

/**
 * Mean over a (2r+1)^2 window, edges clamped, separable running sums (matteRefine boxMean): the
 * vertical pass two columns at a time in f64 lanes, each lane the JS version's own sums.
 */
function boxMean(src: usize, dst: usize, tmp: usize, w: i32, h: i32, r: i32, cols: usize): void {
  const norm: f64 = 1 / <f64>(2 * r + 1);
  for (let y = 0; y < h; y++) boxRow(src, tmp, y * w, w, r, norm);
  memory.fill(cols, 0, <usize>w << 2);
  for (let k = -r; k <= r; k++) {
    const row = min(h - 1, max(0, k)) * w;
    for (let x = 0; x < w; x++) setF(cols, x, f(cols, x) + f(tmp, row + x));
  }
  const pair = w & ~1;
  const n2 = f64x2.splat(norm);
  for (let y = 0; y < h; y++) {
    const out = dst + (<usize>(y * w) << 2);
    const add = tmp + (<usize>(min(h - 1, y + r + 1) * w) << 2);
    const sub = tmp + (<usize>(max(0, y - r) * w) << 2);
    let x = 0;
    for (; x < pair; x += 2) {
      const o = <usize>x << 2;
      const c = load2(cols + o);
      store2(out + o, f64x2.mul(c, n2));
      store2(cols + o, f64x2.sub(f64x2.add(c, load2(add + o)), load2(sub + o)));
    }
    for (; x < w; x++) {
      const o = <usize>x << 2;
      const c = <f64>load<f32>(cols + o);
      store<f32>(out + o, <f32>(c * norm));
      store<f32>(cols + o, <f32>(c + <f64>load<f32>(add + o) - <f64>load<f32>(sub + o)));
    }
  }
}

/**
 * This frame's coefficients from its mask (at S_MASK, u8) and guide planes (S_GUIDE, S_GU, S_GV,
 * already in place), then markNeeded's answer in S_NEED. `hasPrev`: a previous frame was seen.
 */
export function refineCoefficients(block: usize, hasPrev: bool): void {
  const mw = load<i32>(block + (S_MW << 2));
  const mh = load<i32>(block + (S_MH << 2));
  const r = load<i32>(block + (S_R << 2));
  const flags = load<i32>(block + (S_FLAGS << 2));
  const temporal = (flags & F_TEMPORAL) != 0;
  const guided = (flags & F_GUIDED) != 0;
  const colour = (flags & F_COLOUR) != 0;
  const n = mw * mh;
  const p = slot(block, S_P);
  const mask = slot(block, S_MASK);
  const tmp = slot(block, S_TMP);
  const cols = slot(block, S_COLS);
  for (let i = 0; i < n; i++) setF(p, i, <f64>load<u8>(mask + <usize>i) / 255);
  boxMean(slot(block, S_GUIDE), slot(block, S_MEAN_I), tmp, mw, mh, r, cols);
  if (temporal) {
    const prevRaw = slot(block, S_PREV_RAW_P);
    const motion = slot(block, S_MASK_MOTION);
    for (let i = 0; i < n; i++) setF(motion, i, Math.abs(f(p, i) - f(prevRaw, i)));
    copyF(prevRaw, p, n);
    if (colour && (flags & F_CHROMA_MOTION) != 0) {
      boxMean(slot(block, S_GU), slot(block, S_MEAN_U), tmp, mw, mh, r, cols);
      boxMean(slot(block, S_GV), slot(block, S_MEAN_V), tmp, mw, mh, r, cols);
    }
    smoothOverTime(block, n, colour && (flags & F_CHROMA_MOTION) != 0, hasPrev);
  }
  const a = slot(block, S_A);
  const b = slot(block, S_B);
  if (guided) {
    neighbourhoodRange(block, mw, mh);
    fitSparse(block, mw, mh, r, colour);
    const gain = tune(block, T_GAIN);
    const sure = tune(block, T_SURE);
    const offset = 127.5 - 255 * gain * tune(block, T_PIVOT);
    const pMin = slot(block, S_P_MIN);
    const pMax = slot(block, S_P_MAX);
    for (let i = 0; i < n; i++) {
      if (f(pMax, i) < sure) {
        setF(a, i, 0);
        setF(b, i, offset);
      } else if (f(pMin, i) > 1 - sure) {
        setF(a, i, 0);
        setF(b, i, 255 * gain + offset);
      } else {
        setF(a, i, f(a, i) * gain);
        setF(b, i, f(b, i) * 255 * gain + offset);
      }
    }
    if (colour) {
      const au = slot(block, S_AU);
      const av = slot(block, S_AV);
      for (let i = 0; i < n; i++) {
        setF(au, i, f(au, i) * gain);
        setF(av, i, f(av, i) * gain);
      }
    }
    if (temporal) steadyCoefficients(block, n, colour, hasPrev);
  } else {
    memory.fill(a, 0, <usize>n << 2);
    for (let i = 0; i < n; i++) setF(b, i, f(p, i) * 255);
  }
  wrapBand(block, mw, mh, r, guided);
  markNeeded(block, mw, mh, colour);
}

function smoothOverTime(block: usize, n: i32, chroma: bool, hasPrev: bool): void {
  const stillWeight = tune(block, T_STILL_WEIGHT);
  const motionFull = tune(block, T_MOTION_FULL);
  const chromaMotion = tune(block, T_CHROMA_MOTION);
  const p = slot(block, S_P);
  const prevP = slot(block, S_PREV_P);
  const meanI = slot(block, S_MEAN_I);
  const prevMean = slot(block, S_PREV_GUIDE_MEAN);
  const meanU = slot(block, S_MEAN_U);
  const meanV = slot(block, S_MEAN_V);
  const prevU = slot(block, S_PREV_MEAN_U);
  const prevV = slot(block, S_PREV_MEAN_V);
  if (hasPrev) {
    for (let i = 0; i < n; i++) {
      let change = Math.abs(f(meanI, i) - f(prevMean, i));
      if (chroma) change = Math.max(change, chromaMotion * Math.max(Math.abs(f(meanU, i) - f(prevU, i)), Math.abs(f(meanV, i) - f(prevV, i))));
      const motion = change / motionFull;
      const k = motion >= 1 ? 1 : stillWeight + (1 - stillWeight) * motion;
      setF(p, i, f(prevP, i) + k * (f(p, i) - f(prevP, i)));
    }
  }
  copyF(prevP, p, n);
  copyF(prevMean, meanI, n);
  if (chroma) {
    copyF(prevU, meanU, n);
    copyF(prevV, meanV, n);
  }
}

function steadyCoefficients(block: usize, n: i32, colour: bool, hasPrev: bool): void {
  const coefStill = tune(block, T_COEF_STILL);
  const maskMotionFull = tune(block, T_MASK_MOTION_FULL);
  const motionOf = slot(block, S_MASK_MOTION);
  const a = slot(block, S_A);
  const b = slot(block, S_B);
  const prevA = slot(block, S_PREV_A);
  const prevB = slot(block, S_PREV_B);
  const au = slot(block, S_AU);
  const av = slot(block, S_AV);
  const prevAu = slot(block, S_PREV_AU);
  const prevAv = slot(block, S_PREV_AV);
  if (hasPrev) {
    for (let i = 0; i < n; i++) {
      const motion = f(motionOf, i) / maskMotionFull;
      const k = motion >= 1 ? 1 : coefStill + (1 - coefStill) * motion;
      setF(a, i, f(prevA, i) + k * (f(a, i) - f(prevA, i)));
      setF(b, i, f(prevB, i) + k * (f(b, i) - f(prevB, i)));
      if (colour) {
        setF(au, i, f(prevAu, i) + k * (f(au, i) - f(prevAu, i)));
        setF(av, i, f(prevAv, i) + k * (f(av, i) - f(prevAv, i)));
      }
    }
  }
  copyF(prevA, a, n);
  copyF(prevB, b, n);
  if (colour) {
    copyF(prevAu, au, n);
    copyF(prevAv, av, n);
  }
}

function neighbourhoodRange(block: usize, mw: i32, mh: i32): void {
  const p = slot(block, S_P);
  const rowMin = slot(block, S_TMP);
  const rowMax = slot(block, S_SCRATCH);
  const pMin = slot(block, S_P_MIN);
  const pMax = slot(block, S_P_MAX);
  for (let y = 0; y < mh; y++) {
    const row = y * mw;
    for (let x = 0; x < mw; x++) {
      const l = f(p, row + (x > 0 ? x - 1 : 0));
      const c = f(p, row + x);
      const r = f(p, row + (x < mw - 1 ? x + 1 : x));
      setF(rowMin, row + x, Math.min(Math.min(l, c), r));
      setF(rowMax, row + x, Math.max(Math.max(l, c), r));
    }
  }
  for (let y = 0; y < mh; y++) {
    const up = (y > 0 ? y - 1 : 0) * mw;
    const row = y * mw;
    const down = (y < mh - 1 ? y + 1 : y) * mw;
    for (let x = 0; x < mw; x++) {
      setF(pMin, row + x, Math.min(Math.min(f(rowMin, up + x), f(rowMin, row + x)), f(rowMin, down + x)));
      setF(pMax, row + x, Math.max(Math.max(f(rowMax, up + x), f(rowMax, row + x)), f(rowMax, down + x)));
    }
  }
}

function wrapBand(block: usize, mw: i32, mh: i32, r: i32, guided: bool): void {
  const strength = tune(block, T_LIGHT_WRAP);
  const wrap = slot(block, S_WRAP);
  const n = mw * mh;
  if (strength <= 0) {
    memory.fill(wrap, 0, <usize>n << 2);
    return;
  }
  const p = slot(block, S_P);
  const meanP = slot(block, S_MEAN_P);
  if (!guided) boxMean(p, meanP, slot(block, S_TMP), mw, mh, r, slot(block, S_COLS));
  for (let i = 0; i < n; i++) {
    const w = 4 * strength * f(p, i) * (1 - f(meanP, i));
    setF(wrap, i, w < 0.004 ? 0 : w > 1 ? 1 : w);
  }
}

@inline
function clampTo(v: i32, n: i32): i32 {
  return v < 0 ? 0 : v >= n ? n - 1 : v;
}

function fitSparse(block: usize, mw: i32, mh: i32, r: i32, colour: bool): void {
  const eps = tune(block, T_EPS);
  const chromaEps = tune(block, T_CHROMA_EPS);
  const fitPower = tune(block, T_FIT_POWER);
  const sure = tune(block, T_SURE);
  const p = slot(block, S_P);
  const gy = slot(block, S_GUIDE);
  const gu = slot(block, S_GU);
  const gv = slot(block, S_GV);
  const a = slot(block, S_A);
  const b = slot(block, S_B);
  const fitOf = slot(block, S_FIT);
  const au = slot(block, S_AU);
  const av = slot(block, S_AV);
  const meanP = slot(block, S_MEAN_P);
  const pMin = slot(block, S_P_MIN);
  const pMax = slot(block, S_P_MAX);
  const list = slot(block, S_UNSURE);
  const out = slot(block, S_SPARSE_OUT);
  const n = mw * mh;
  boxMean(p, meanP, slot(block, S_TMP), mw, mh, r, slot(block, S_COLS));
  memory.fill(a, 0, <usize>n << 2);
  copyF(b, meanP, n);
  memory.fill(fitOf, 0, <usize>n << 2);
  if (colour) {
    memory.fill(au, 0, <usize>n << 2);
    memory.fill(av, 0, <usize>n << 2);
  }
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (f(pMax, i) >= sure && f(pMin, i) <= 1 - sure) {
      store<i32>(list + (<usize>count << 2), i);
      count++;
    }
  }
  const norm: f64 = 1 / <f64>((2 * r + 1) * (2 * r + 1));
  for (let k = 0; k < count; k++) {
    const i = load<i32>(list + (<usize>k << 2));
    const x = i % mw;
    const y = (i - x) / mw;
    let sy: f64 = 0, sp: f64 = 0, syy: f64 = 0, syp: f64 = 0, spp: f64 = 0;
    let su: f64 = 0, sv: f64 = 0, suu: f64 = 0, svv: f64 = 0, suv: f64 = 0, syu: f64 = 0, syv: f64 = 0, sup: f64 = 0, svp: f64 = 0;
    for (let dy = -r; dy <= r; dy++) {
      const row = clampTo(y + dy, mh) * mw;
      for (let dx = -r; dx <= r; dx++) {
        const j = row + clampTo(x + dx, mw);
        const Y = f(gy, j);
        const P = f(p, j);
        sy += Y;
        sp += P;
        syy += Y * Y;
        syp += Y * P;
        spp += P * P;
        if (colour) {
          const U = f(gu, j);
          const V = f(gv, j);
          su += U;
          sv += V;
          suu += U * U;
          svv += V * V;
          suv += U * V;
          syu += Y * U;
          syv += Y * V;
          sup += U * P;
          svp += V * P;
        }
      }
    }
    const mY = sy * norm;
    const mp = sp * norm;
    const varP = spp * norm - mp * mp;
    const s00 = syy * norm - mY * mY + eps;
    const c0 = syp * norm - mY * mp;
    let fit: f64;
    if (colour) {
      const mU = su * norm;
      const mV = sv * norm;
      const s01 = syu * norm - mY * mU;
      const s02 = syv * norm - mY * mV;
      const s11 = suu * norm - mU * mU + chromaEps;
      const s12 = suv * norm - mU * mV;
      const s22 = svv * norm - mV * mV + chromaEps;
      const c1 = sup * norm - mU * mp;
      const c2 = svp * norm - mV * mp;
      const i00 = s11 * s22 - s12 * s12;
      const i01 = s02 * s12 - s01 * s22;
      const i02 = s01 * s12 - s02 * s11;
      const i11 = s00 * s22 - s02 * s02;
      const i12 = s01 * s02 - s00 * s12;
      const i22 = s00 * s11 - s01 * s01;
      const det = s00 * i00 + s01 * i01 + s02 * i02;
      const inv = det > 1e-20 ? 1 / det : 0;
      const aY = (i00 * c0 + i01 * c1 + i02 * c2) * inv;
      const aU = (i01 * c0 + i11 * c1 + i12 * c2) * inv;
      const aV = (i02 * c0 + i12 * c1 + i22 * c2) * inv;
      setF(a, i, aY);
      setF(au, i, aU);
      setF(av, i, aV);
      setF(b, i, mp - aY * mY - aU * mU - aV * mV);
      fit = (aY * c0 + aU * c1 + aV * c2) / (varP + 1e-4);
    } else {
      const varI = s00 - eps;
      const slope = c0 / s00;
      setF(a, i, slope);
      setF(b, i, mp - slope * mY);
      fit = (c0 * c0) / ((varI + 1e-4) * (varP + 1e-4));
    }
    fit = fit < 0 ? 0 : fit > 1 ? 1 : fit;
    // Only fitPower 1 or 0 comes here (the refiner keeps other powers, an eval sweep's, in JS).
    setF(fitOf, i, fitPower == 0 ? 1 : fit);
  }
  for (let k = 0; k < count; k++) {
    const i = load<i32>(list + (<usize>k << 2));
    const x = i % mw;
    const y = (i - x) / mw;
    let ma: f64 = 0, mb: f64 = 0, mf: f64 = 0, mu: f64 = 0, mv: f64 = 0;
    for (let dy = -r; dy <= r; dy++) {
      const row = clampTo(y + dy, mh) * mw;
      for (let dx = -r; dx <= r; dx++) {
        const j = row + clampTo(x + dx, mw);
        ma += f(a, j);
        mb += f(b, j);
        mf += f(fitOf, j);
        if (colour) {
          mu += f(au, j);
          mv += f(av, j);
        }
      }
    }
    const w = mf * norm;
    setF(out, 4 * k, ma * norm * w);
    setF(out, 4 * k + 1, mb * norm * w + (1 - w) * f(p, i));
    setF(out, 4 * k + 2, mu * norm * w);
    setF(out, 4 * k + 3, mv * norm * w);
  }
  for (let k = 0; k < count; k++) {
    const i = load<i32>(list + (<usize>k << 2));
    setF(a, i, f(out, 4 * k));
    setF(b, i, f(out, 4 * k + 1));
    if (colour) {
      setF(au, i, f(out, 4 * k + 2));
      setF(av, i, f(out, 4 * k + 3));
    }
  }
}

function markNeeded(block: usize, mw: i32, mh: i32, colour: bool): void {
  const a = slot(block, S_A);
  const b = slot(block, S_B);
  const wrap = slot(block, S_WRAP);
  const au = slot(block, S_AU);
  const av = slot(block, S_AV);
  const live = slot(block, S_LIVE);
  const need = slot(block, S_NEED);
  const n = mw * mh;
  // 0: constant 0, 1: constant 255, 2: anything else.
  for (let i = 0; i < n; i++) {
    const flat = f(a, i) == 0 && f(wrap, i) == 0 && (!colour || (f(au, i) == 0 && f(av, i) == 0));
    const bi = f(b, i);
    store<u8>(live + <usize>i, !flat ? 2 : bi <= 0 ? 0 : bi >= 255 ? 1 : 2);
  }
  for (let m = 0; m < mh; m++) {
    const r0 = m * mw;
    const r1 = min(m + 1, mh - 1) * mw;
    for (let x = 0; x < mw; x++) {
      const first = load<u8>(live + <usize>(r0 + x));
      let mixed = first == 2;
      for (let dx = -1; dx <= 1 && !mixed; dx++) {
        const xx = clampTo(x + dx, mw);
        if (load<u8>(live + <usize>(r0 + xx)) != first || load<u8>(live + <usize>(r1 + xx)) != first) mixed = true;
      }
      store<u8>(need + <usize>(r0 + x), mixed ? 1 : 0);
    }
  }
}
