// The eval's drawing maths, in plain Node: where the cut-out photo lands in a frame (an affine
// transform), how much of each frame pixel its outline covers (the TRUE alpha) and the photo's
// colour there. The composite uses exactly this alpha, so the truth file and the video agree.

/** Affine map photo -> frame: x = a*u + b*v + e, y = c*u + d*v + f (continuous pixel coords). */
export function affine({ scale = 1, angleDeg = 0, pivot = [0, 0], at = [0, 0] }) {
  // Rotate and scale about `pivot` (photo coords), then put the pivot at `at` (frame coords).
  const r = (angleDeg * Math.PI) / 180;
  const a = scale * Math.cos(r);
  const b = -scale * Math.sin(r);
  const c = scale * Math.sin(r);
  const d = scale * Math.cos(r);
  return { a, b, c, d, e: at[0] - (a * pivot[0] + b * pivot[1]), f: at[1] - (c * pivot[0] + d * pivot[1]) };
}

export function invert(m) {
  const det = m.a * m.d - m.b * m.c;
  const a = m.d / det;
  const b = -m.b / det;
  const c = -m.c / det;
  const d = m.a / det;
  return { a, b, c, d, e: -(a * m.e + b * m.f), f: -(c * m.e + d * m.f) };
}

export function apply(m, [u, v]) {
  return [m.a * u + m.b * v + m.e, m.c * u + m.d * v + m.f];
}

/**
 * Area coverage (0..255) of a polygon (even-odd rule) on a width x height grid, pixel (i, j)
 * being the square [i, i+1) x [j, j+1): exact along x, `sub` sample rows per pixel along y.
 * Returns the covered row range so callers can skip the empty rest.
 */
export function polygonCoverage(poly, width, height, out = new Uint8Array(width * height), sub = 16) {
  out.fill(0);
  const n = poly.length;
  const px = Float64Array.from(poly, (p) => p[0]);
  const py = Float64Array.from(poly, (p) => p[1]);
  let top = Infinity;
  let bottom = -Infinity;
  for (let i = 0; i < n; i++) {
    top = Math.min(top, py[i]);
    bottom = Math.max(bottom, py[i]);
  }
  const y0 = Math.max(0, Math.floor(top));
  const y1 = Math.min(height, Math.ceil(bottom));
  const acc = new Float64Array(width + 1);
  const xs = new Float64Array(n);
  for (let y = y0; y < y1; y++) {
    acc.fill(0);
    for (let s = 0; s < sub; s++) {
      const sy = y + (s + 0.5) / sub;
      let count = 0;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const yi = py[i];
        const yj = py[j];
        if ((yi > sy) !== (yj > sy)) {
          // insertion sort as we go: a row crosses the outline only a few times
          const x = px[i] + ((sy - yi) * (px[j] - px[i])) / (yj - yi);
          let k = count++;
          while (k > 0 && xs[k - 1] > x) {
            xs[k] = xs[k - 1];
            k--;
          }
          xs[k] = x;
        }
      }
      for (let k = 0; k + 1 < count; k += 2) addSpan(acc, width, xs[k], xs[k + 1]);
    }
    // acc holds partial coverage at span ends plus +1/-1 steps for whole pixels: integrate.
    const row = y * width;
    let run = 0;
    for (let x = 0; x < width; x++) {
      run += acc[x];
      const v = Math.round((run * 255) / sub);
      out[row + x] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return { out, y0, y1 };
}

/** Adds [xa, xb) to one sample row, in "difference" form: run-length steps and end fractions. */
function addSpan(acc, width, xa, xb) {
  const a = Math.max(0, Math.min(width, xa));
  const b = Math.max(0, Math.min(width, xb));
  if (b <= a) return;
  const ia = Math.floor(a);
  const ib = Math.floor(b);
  if (ia === ib) {
    acc[ia] += b - a;
    acc[ia + 1] -= b - a;
    return;
  }
  acc[ia] += ia + 1 - a;
  acc[ia + 1] -= ia + 1 - a;
  acc[ia + 1] += 1;
  acc[ib] -= 1;
  if (ib < width) {
    acc[ib] += b - ib;
    acc[ib + 1] -= b - ib;
  }
}

/**
 * Puts the cut-out photo (rgb24, pw x ph, outline in photo coords) over `frame` (rgb24, width x
 * height, the background) at each transform of `shutter` (several = motion blur over the
 * exposure), and returns the TRUE alpha (0..255) that was used:
 *   truth = mean coverage;  frame = bg + (C - bg) * truth / 255,
 * with C the coverage-weighted mean photo colour (bilinear at each pixel centre). So the video is
 * exactly "colour C over the background with alpha = truth", up to the encoder.
 */
export function drawPerson(frame, width, height, photo, pw, ph, outline, shutter) {
  const n = width * height;
  const truth = new Uint8Array(n);
  const cov = new Float32Array(n);
  const premul = new Float32Array(n * 3);
  const alpha = new Uint8Array(n);
  let y0 = height;
  let y1 = 0;
  for (const m of shutter) {
    const r = polygonCoverage(outline.map((p) => apply(m, p)), width, height, alpha);
    y0 = Math.min(y0, r.y0);
    y1 = Math.max(y1, r.y1);
    const inv = invert(m);
    for (let y = r.y0; y < r.y1; y++) {
      for (let x = 0, i = y * width; x < width; x++, i++) {
        const al = alpha[i];
        if (al === 0) continue;
        const w = al / 255;
        cov[i] += w;
        const cx = x + 0.5;
        const cy = y + 0.5;
        // photo pixel centres sit at i + 0.5
        const u = Math.max(0, Math.min(pw - 1, inv.a * cx + inv.b * cy + inv.e - 0.5));
        const v = Math.max(0, Math.min(ph - 1, inv.c * cx + inv.d * cy + inv.f - 0.5));
        const u0 = Math.floor(u);
        const v0 = Math.floor(v);
        const u1 = Math.min(pw - 1, u0 + 1);
        const v1 = Math.min(ph - 1, v0 + 1);
        const fu = u - u0;
        const fv = v - v0;
        const q00 = (v0 * pw + u0) * 3;
        const q01 = (v0 * pw + u1) * 3;
        const q10 = (v1 * pw + u0) * 3;
        const q11 = (v1 * pw + u1) * 3;
        for (let ch = 0; ch < 3; ch++) {
          const top = photo[q00 + ch] * (1 - fu) + photo[q01 + ch] * fu;
          const bot = photo[q10 + ch] * (1 - fu) + photo[q11 + ch] * fu;
          premul[i * 3 + ch] += w * (top * (1 - fv) + bot * fv);
        }
      }
    }
  }
  const k = shutter.length;
  for (let i = y0 * width; i < y1 * width; i++) {
    if (cov[i] === 0) continue;
    const t = Math.round((cov[i] * 255) / k);
    truth[i] = t;
    if (t === 0) continue;
    for (let ch = 0; ch < 3; ch++) {
      const bg = frame[i * 3 + ch];
      const c = premul[i * 3 + ch] / cov[i];
      frame[i * 3 + ch] = Math.round(bg + ((c - bg) * t) / 255);
    }
  }
  return truth;
}

/**
 * Puts a photo with its own alpha (rgba, pw x ph) over `frame` (rgb24, width x height) at each
 * transform of `shutter`, and returns the TRUE alpha (0..255) used: each frame pixel averages
 * s x s bilinear samples (premultiplied) over its area, s growing with the downscale, so
 *   truth = mean sampled alpha;  frame = bg * (1 - truth / 255) + mean premultiplied colour.
 */
export function drawCutout(frame, width, height, rgba, pw, ph, shutter) {
  const n = width * height;
  const acc = new Float32Array(n * 4);
  let y0 = height;
  let y1 = 0;
  const sampleAt = (u, v, out) => {
    // photo pixel centres at i + 0.5; outside the photo is transparent
    const x = u - 0.5;
    const y = v - 0.5;
    if (x < -1 || y < -1 || x > pw || y > ph) return false;
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    const fx = x - xi;
    const fy = y - yi;
    out.fill(0);
    for (const [dx, dy, w] of [[0, 0, (1 - fx) * (1 - fy)], [1, 0, fx * (1 - fy)], [0, 1, (1 - fx) * fy], [1, 1, fx * fy]]) {
      const px = xi + dx;
      const py = yi + dy;
      if (px < 0 || py < 0 || px >= pw || py >= ph || w === 0) continue;
      const q = (py * pw + px) * 4;
      const a = (rgba[q + 3] / 255) * w;
      out[0] += rgba[q] * a;
      out[1] += rgba[q + 1] * a;
      out[2] += rgba[q + 2] * a;
      out[3] += a;
    }
    return true;
  };
  const s4 = new Float64Array(4);
  for (const m of shutter) {
    const inv = invert(m);
    const corners = [[0, 0], [pw, 0], [0, ph], [pw, ph]].map((p) => apply(m, p));
    const bx0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[0]))) - 1);
    const bx1 = Math.min(width, Math.ceil(Math.max(...corners.map((c) => c[0]))) + 1);
    const by0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[1]))) - 1);
    const by1 = Math.min(height, Math.ceil(Math.max(...corners.map((c) => c[1]))) + 1);
    if (bx1 <= bx0 || by1 <= by0) continue;
    y0 = Math.min(y0, by0);
    y1 = Math.max(y1, by1);
    const scale = Math.hypot(m.a, m.c);
    const s = Math.max(2, Math.min(4, Math.ceil(2 / scale)));
    const w = 1 / (s * s);
    for (let y = by0; y < by1; y++) {
      for (let x = bx0; x < bx1; x++) {
        const i = (y * width + x) * 4;
        for (let sy = 0; sy < s; sy++) {
          const cy = y + (sy + 0.5) / s;
          for (let sx = 0; sx < s; sx++) {
            const cx = x + (sx + 0.5) / s;
            if (!sampleAt(inv.a * cx + inv.b * cy + inv.e, inv.c * cx + inv.d * cy + inv.f, s4)) continue;
            acc[i] += s4[0] * w;
            acc[i + 1] += s4[1] * w;
            acc[i + 2] += s4[2] * w;
            acc[i + 3] += s4[3] * w;
          }
        }
      }
    }
  }
  const k = shutter.length;
  const truth = new Uint8Array(n);
  for (let p = y0 * width; p < y1 * width; p++) {
    const a = acc[p * 4 + 3] / k;
    if (a <= 0) continue;
    const t = Math.round(a * 255);
    truth[p] = t;
    if (t === 0) continue;
    // the frame is exactly "the photo's colour over the background with alpha = truth"
    const at = t / 255;
    for (let ch = 0; ch < 3; ch++) {
      const c = acc[p * 4 + ch] / k / a;
      frame[p * 3 + ch] = Math.round(frame[p * 3 + ch] * (1 - at) + c * at);
    }
  }
  return truth;
}
