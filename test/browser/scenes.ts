/** Synthetic frames for the compositor tests: a textured person-like ellipse, moved by `shift` px, and a soft mask with ragged edges. */
import type { I420 } from '../../src/core/yuv';

export function fillScene(f: I420, shift: number, person: boolean): void {
  const { width: W, height: H, data: d } = f;
  const cw = W >> 1;
  const ch = H >> 1;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const inside = ((x - W / 2 - shift) / (W * 0.25)) ** 2 + ((y - H / 2) / (H * 0.4)) ** 2 < 1;
      const tex = ((x * 7 + y * 13 + shift * 3) % 97) + ((x ^ y) & 31);
      d[y * W + x] = person ? (inside ? 60 + tex : 170 + (tex >> 1)) : 16 + ((x + 2 * y) % 219);
    }
  }
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      d[W * H + y * cw + x] = person ? 90 + ((x + shift) % 60) : 200 - (y % 80);
      d[W * H + cw * ch + y * cw + x] = person ? 160 - (y % 50) : 60 + (x % 90);
    }
  }
}

export function sceneMask(mw: number, mh: number, frameWidth: number, shift: number): Uint8Array {
  const m = new Uint8Array(mw * mh);
  for (let y = 0; y < mh; y++) {
    for (let x = 0; x < mw; x++) {
      const r = Math.hypot((x + 0.5 - mw / 2 - (shift * mw) / frameWidth) / (mw * 0.25), (y + 0.5 - mh / 2) / (mh * 0.4));
      const ragged = 0.04 * Math.sin(x * 1.7 + y * 2.3);
      m[y * mw + x] = Math.max(0, Math.min(255, Math.round(255 * (1 - (r + ragged - 0.9) / 0.2))));
    }
  }
  return m;
}
