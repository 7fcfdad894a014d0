/**
 * Pure I420 helpers for the WebCodecs path: plane layout, RGBA <-> I420 (limited range), NV12 to
 * I420, quarter-turn rotation, and the area downscale to the segmenter's RGBA input. Plain loops
 * over typed arrays: on a GPU-less device this beats any canvas round trip by an order of magnitude.
 */

/** A frame as three tightly packed planes (Y, then U, then V), even sides. */
export interface I420 {
  width: number;
  height: number;
  data: Uint8Array;
}

export type YuvMatrix = 'bt601' | 'bt709';

export function i420Bytes(width: number, height: number): number {
  return width * height + 2 * (width >> 1) * (height >> 1);
}

export function newI420(width: number, height: number): I420 {
  return { width, height, data: new Uint8Array(i420Bytes(width, height)) };
}

export interface Planes {
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
  /** Chroma plane width and height. */
  cw: number;
  ch: number;
}

export function planesOf(f: I420): Planes {
  const ySize = f.width * f.height;
  const cw = f.width >> 1;
  const ch = f.height >> 1;
  const cSize = cw * ch;
  return {
    y: f.data.subarray(0, ySize),
    u: f.data.subarray(ySize, ySize + cSize),
    v: f.data.subarray(ySize + cSize, ySize + 2 * cSize),
    cw,
    ch,
  };
}

/** Limited-range coefficients: Kr/Kb per matrix (BT.601 is what ffmpeg assumes for untagged video). */
const KR: Record<YuvMatrix, number> = { bt601: 0.299, bt709: 0.2126 };
const KB: Record<YuvMatrix, number> = { bt601: 0.114, bt709: 0.0722 };

export interface Coefficients {
  /** RGB -> Y', Cb, Cr (limited range, scaled). */
  yr: number; yg: number; yb: number;
  ur: number; ug: number; ub: number;
  vr: number; vg: number; vb: number;
  /** Y'CbCr -> RGB. */
  ry: number; rv: number; gu: number; gv: number; bu: number;
}

export function coefficients(m: YuvMatrix): Coefficients {
  const kr = KR[m];
  const kb = KB[m];
  const kg = 1 - kr - kb;
  const ys = 219 / 255;
  const cs = 224 / 255;
  return {
    yr: kr * ys, yg: kg * ys, yb: kb * ys,
    ur: (-kr / (2 * (1 - kb))) * cs, ug: (-kg / (2 * (1 - kb))) * cs, ub: 0.5 * cs,
    vr: 0.5 * cs, vg: (-kg / (2 * (1 - kr))) * cs, vb: (-kb / (2 * (1 - kr))) * cs,
    ry: 255 / 219, rv: (2 * (1 - kr) * 255) / 224,
    gu: (-(2 * (1 - kb) * kb) / kg) * (255 / 224), gv: (-(2 * (1 - kr) * kr) / kg) * (255 / 224),
    bu: (2 * (1 - kb) * 255) / 224,
  };
}

const clamp255 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** RGBA (alpha ignored) to I420; chroma is the mean of each 2x2 block. Width and height even. */
export function rgbaToI420(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, matrix: YuvMatrix, out = newI420(width, height)): I420 {
  const c = coefficients(matrix);
  const { y, u, v, cw } = planesOf(out);
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const i = (py * width + px) * 4;
      y[py * width + px] = clamp255(16 + c.yr * (rgba[i] ?? 0) + c.yg * (rgba[i + 1] ?? 0) + c.yb * (rgba[i + 2] ?? 0));
    }
  }
  for (let cy = 0; cy < height >> 1; cy++) {
    for (let cx = 0; cx < cw; cx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const i = ((2 * cy + dy) * width + 2 * cx + dx) * 4;
          r += rgba[i] ?? 0;
          g += rgba[i + 1] ?? 0;
          b += rgba[i + 2] ?? 0;
        }
      }
      r /= 4;
      g /= 4;
      b /= 4;
      u[cy * cw + cx] = clamp255(128 + c.ur * r + c.ug * g + c.ub * b);
      v[cy * cw + cx] = clamp255(128 + c.vr * r + c.vg * g + c.vb * b);
    }
  }
  return out;
}

function yuvToRgb(c: Coefficients, Y: number, U: number, V: number, out: Uint8Array | Uint8ClampedArray, i: number): void {
  const yy = c.ry * (Y - 16);
  const uu = U - 128;
  const vv = V - 128;
  out[i] = clamp255(yy + c.rv * vv);
  out[i + 1] = clamp255(yy + c.gu * uu + c.gv * vv);
  out[i + 2] = clamp255(yy + c.bu * uu);
  out[i + 3] = 255;
}

/** I420 to opaque RGBA, chroma by nearest sample (used for checks and small frames). */
export function i420ToRgba(f: I420, matrix: YuvMatrix): Uint8ClampedArray {
  const c = coefficients(matrix);
  const { y, u, v, cw } = planesOf(f);
  const out = new Uint8ClampedArray(f.width * f.height * 4);
  for (let py = 0; py < f.height; py++) {
    for (let px = 0; px < f.width; px++) {
      const ci = (py >> 1) * cw + (px >> 1);
      yuvToRgb(c, y[py * f.width + px] ?? 0, u[ci] ?? 128, v[ci] ?? 128, out, (py * f.width + px) * 4);
    }
  }
  return out;
}

/** NV12 (Y plane, then interleaved UV) to I420, both tightly packed. */
export function nv12ToI420(nv12: Uint8Array, width: number, height: number, out = newI420(width, height)): I420 {
  const { y, u, v } = planesOf(out);
  const ySize = width * height;
  y.set(nv12.subarray(0, ySize));
  for (let i = 0; i < u.length; i++) {
    u[i] = nv12[ySize + 2 * i] ?? 128;
    v[i] = nv12[ySize + 2 * i + 1] ?? 128;
  }
  return out;
}

/** Clockwise quarter turns, as containers store them (0, 90, 180, 270). */
export type Rotation = 0 | 90 | 180 | 270;

export function rotatedSize(width: number, height: number, rotation: Rotation): { width: number; height: number } {
  return rotation === 90 || rotation === 270 ? { width: height, height: width } : { width, height };
}

function rotatePlane(src: Uint8Array, w: number, h: number, rotation: Rotation, dst: Uint8Array): void {
  if (rotation === 0) {
    dst.set(src.subarray(0, w * h));
    return;
  }
  if (rotation === 180) {
    const n = w * h;
    for (let i = 0; i < n; i++) dst[i] = src[n - 1 - i] ?? 0;
    return;
  }
  // Output is h wide and w tall.
  for (let oy = 0; oy < w; oy++) {
    const row = oy * h;
    if (rotation === 90) {
      // out(x', y') = src(x = y', y = h - 1 - x')
      for (let ox = 0; ox < h; ox++) dst[row + ox] = src[(h - 1 - ox) * w + oy] ?? 0;
    } else {
      // 270: out(x', y') = src(x = w - 1 - y', y = x')
      for (let ox = 0; ox < h; ox++) dst[row + ox] = src[ox * w + (w - 1 - oy)] ?? 0;
    }
  }
}

/** The upright frame: the coded frame turned clockwise by `rotation`. */
export function rotateI420(src: I420, rotation: Rotation, out?: I420): I420 {
  const size = rotatedSize(src.width, src.height, rotation);
  const dst = out ?? newI420(size.width, size.height);
  const s = planesOf(src);
  const d = planesOf(dst);
  rotatePlane(s.y, src.width, src.height, rotation, d.y);
  rotatePlane(s.u, s.cw, s.ch, rotation, d.u);
  rotatePlane(s.v, s.cw, s.ch, rotation, d.v);
  return dst;
}

/** [start, end) source index of each destination cell when n source cells are shared out among m. */
export function boxBounds(n: number, m: number): Int32Array {
  const b = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) b[i] = Math.min(n, Math.round((i * n) / m));
  for (let i = 0; i < m; i++) if ((b[i + 1] ?? 0) <= (b[i] ?? 0)) b[i + 1] = Math.min(n, (b[i] ?? 0) + 1);
  return b;
}

/**
 * The pose model's input: a square region of the frame (`left`, `top`, `side` in frame pixels; it
 * may reach past the frame, which reads as black) resampled to size x size RGBA. Each output
 * pixel averages an n x n grid of samples over its footprint (n up to 3), so a large crop is
 * averaged down rather than aliased.
 */
export function cropI420ToRgba(f: I420, left: number, top: number, side: number, size: number, matrix: YuvMatrix, out = new Uint8ClampedArray(size * size * 4)): Uint8ClampedArray {
  const c = coefficients(matrix);
  const { y, u, v, cw } = planesOf(f);
  const scale = side / size;
  // Up to 3 x 3 samples: more costs time (9 ms a 720p crop at 4 x 4) without changing the model's answer.
  const n = Math.max(1, Math.min(3, Math.ceil(scale)));
  const step = scale / n;
  // Source columns/rows of every sample (-1 outside the frame), shared by all rows/columns.
  const xs = new Int32Array(size * n);
  const ys = new Int32Array(size * n);
  for (let i = 0; i < size * n; i++) {
    const o = left + (i + 0.5) * step;
    xs[i] = o >= 0 && o < f.width ? Math.floor(o) : -1;
    const p = top + (i + 0.5) * step;
    ys[i] = p >= 0 && p < f.height ? Math.floor(p) : -1;
  }
  const n2 = n * n;
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      let sy = 0;
      let su = 0;
      let sv = 0;
      let inside = 0;
      for (let ty = 0; ty < n; ty++) {
        const py = ys[oy * n + ty] ?? -1;
        if (py < 0) continue;
        const row = py * f.width;
        const crow = (py >> 1) * cw;
        for (let tx = 0; tx < n; tx++) {
          const px = xs[ox * n + tx] ?? -1;
          if (px < 0) continue;
          sy += y[row + px] ?? 0;
          su += u[crow + (px >> 1)] ?? 128;
          sv += v[crow + (px >> 1)] ?? 128;
          inside++;
        }
      }
      // Outside samples count as black (Y 16, no chroma) so the padding looks like the model's.
      const outside = n2 - inside;
      yuvToRgb(c, (sy + 16 * outside) / n2, (su + 128 * outside) / n2, (sv + 128 * outside) / n2, out, (oy * size + ox) * 4);
    }
  }
  return out;
}

/**
 * The segmenter's input: the frame averaged down to width x height RGBA (like ffmpeg's "area"
 * scaler), straight from the YUV planes. `luma`, when given, also gets each cell's mean luma
 * (0..1): the matte refinement's guide, for free; when it holds three planes (3 x width x height),
 * the cells' mean U and V follow (the colour guide).
 */
export function downscaleI420ToRgba(f: I420, width: number, height: number, matrix: YuvMatrix, out = new Uint8ClampedArray(width * height * 4), luma?: Float32Array): Uint8ClampedArray {
  const c = coefficients(matrix);
  const { y, u, v, cw, ch } = planesOf(f);
  const xs = boxBounds(f.width, width);
  const ys = boxBounds(f.height, height);
  const cxs = boxBounds(cw, width);
  const cys = boxBounds(ch, height);
  const cells = width * height;
  const withChroma = luma !== undefined && luma.length >= 3 * cells;
  for (let oy = 0; oy < height; oy++) {
    const y0 = ys[oy] ?? 0;
    const y1 = ys[oy + 1] ?? 0;
    const cy0 = cys[oy] ?? 0;
    const cy1 = Math.max(cy0 + 1, cys[oy + 1] ?? 0);
    for (let ox = 0; ox < width; ox++) {
      const x0 = xs[ox] ?? 0;
      const x1 = xs[ox + 1] ?? 0;
      let sy = 0;
      for (let py = y0; py < y1; py++) {
        const row = py * f.width;
        for (let px = x0; px < x1; px++) sy += y[row + px] ?? 0;
      }
      const cx0 = cxs[ox] ?? 0;
      const cx1 = Math.max(cx0 + 1, cxs[ox + 1] ?? 0);
      let su = 0;
      let sv = 0;
      for (let py = cy0; py < cy1; py++) {
        const row = py * cw;
        for (let px = cx0; px < cx1; px++) {
          su += u[row + px] ?? 128;
          sv += v[row + px] ?? 128;
        }
      }
      const cn = (cy1 - cy0) * (cx1 - cx0);
      const meanY = sy / ((y1 - y0) * (x1 - x0));
      if (luma) {
        const cell = oy * width + ox;
        luma[cell] = meanY / 255;
        if (withChroma) {
          luma[cells + cell] = su / (cn * 255);
          luma[2 * cells + cell] = sv / (cn * 255);
        }
      }
      yuvToRgb(c, meanY, su / cn, sv / cn, out, (oy * width + ox) * 4);
    }
  }
  return out;
}
