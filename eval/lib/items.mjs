// Things people carry (a tote bag in the hand, a backpack, a phone), painted into a whole-body
// photo so that the true alpha includes them, as a viewer would: what a person holds or wears
// moves with them and belongs to the cut-out. Each photo also gets an `itemRgba` layer holding
// only the parts of the items that stick out of the person, for the eval's "item kept" measure.
//
// An item's place is given in shares of the person's box in the photo (x of its width, y of its
// height) and its size in shares of the box height, so one recipe fits any photo scale.
import { polygonCoverage } from './raster.mjs';

const hex = (c) => [0, 2, 4].map((i) => parseInt(c.slice(i, i + 2), 16));

/** A rounded rectangle as a polygon (corner radius r, 6 points per corner). */
function roundedRect(x0, y0, x1, y1, r) {
  const pts = [];
  const corner = (cx, cy, from) => {
    for (let k = 0; k <= 6; k++) {
      const a = ((from + (90 * k) / 6) * Math.PI) / 180;
      pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
    }
  };
  corner(x1 - r, y0 + r, -90);
  corner(x1 - r, y1 - r, 0);
  corner(x0 + r, y1 - r, 90);
  corner(x0 + r, y0 + r, 180);
  return pts;
}

/** A band of width w along the segment a -> b (a strap, a handle). */
function strap([ax, ay], [bx, by], w) {
  const len = Math.hypot(bx - ax, by - ay) || 1;
  const nx = (-(by - ay) / len) * (w / 2);
  const ny = ((bx - ax) / len) * (w / 2);
  return [[ax + nx, ay + ny], [bx + nx, by + ny], [bx - nx, by - ny], [ax - nx, ay - ny]];
}

/**
 * The shapes of one item in photo pixels: [{ poly, rgb, shade }] painted in order, `shade`
 * darkening towards the bottom (0..1) so the item is not a flat block.
 */
function shapesOf(item, box) {
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const X = (f) => box.x0 + f * bw;
  const Y = (f) => box.y0 + f * bh;
  const S = (f) => f * bh;
  const rgb = hex(item.colour ?? '3d5a80');
  const dark = rgb.map((v) => Math.round(v * 0.55));
  const light = rgb.map((v) => Math.round(v + (255 - v) * 0.25));
  if (item.kind === 'tote') {
    // hangs from the hand at `at`: two handles, then a bag a little wider at the bottom
    const [hx, hy] = [X(item.at[0]), Y(item.at[1])];
    const w = S(item.size[0]);
    const h = S(item.size[1]);
    const top = hy + 0.45 * h;
    const cx = hx + S(item.offset ?? 0);
    const handle = Math.max(1.2, S(0.006));
    return [
      { poly: strap([hx, hy], [cx - 0.28 * w, top + 1], handle), rgb: dark },
      { poly: strap([hx, hy], [cx + 0.28 * w, top + 1], handle), rgb: dark },
      { poly: [[cx - 0.46 * w, top], [cx + 0.46 * w, top], [cx + 0.5 * w, top + h], [cx - 0.5 * w, top + h]], rgb, shade: 0.3 },
      { poly: [[cx - 0.46 * w, top], [cx + 0.46 * w, top], [cx + 0.465 * w, top + 0.08 * h], [cx - 0.465 * w, top + 0.08 * h]], rgb: dark },
    ];
  }
  if (item.kind === 'backpack') {
    // a rounded pack centred at `at`, a front pocket, and the strap over the shoulder
    const [cx, cy] = [X(item.at[0]), Y(item.at[1])];
    const w = S(item.size[0]);
    const h = S(item.size[1]);
    const r = 0.22 * w;
    const pocket = [cx - 0.36 * w, cy + 0.08 * h, cx + 0.36 * w, cy + 0.44 * h];
    const shapes = [
      { poly: roundedRect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, r), rgb, shade: 0.35 },
      { poly: roundedRect(...pocket, 0.12 * w), rgb: light, shade: 0.3 },
    ];
    if (item.strap) shapes.push({ poly: strap([X(item.strap[0][0]), Y(item.strap[0][1])], [X(item.strap[1][0]), Y(item.strap[1][1])], S(0.018)), rgb: dark });
    return shapes;
  }
  if (item.kind === 'phone') {
    // a dark slab with a lit screen, tilted by `angle` degrees about its centre
    const [cx, cy] = [X(item.at[0]), Y(item.at[1])];
    const w = S(item.size[0]);
    const h = S(item.size[1]);
    const a = ((item.angle ?? 0) * Math.PI) / 180;
    const rot = (pts) => pts.map(([x, y]) => [cx + (x - cx) * Math.cos(a) - (y - cy) * Math.sin(a), cy + (x - cx) * Math.sin(a) + (y - cy) * Math.cos(a)]);
    return [
      { poly: rot(roundedRect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, 0.15 * w)), rgb: hex('1c1c1f') },
      { poly: rot(roundedRect(cx - 0.4 * w, cy - 0.44 * h, cx + 0.4 * w, cy + 0.44 * h, 0.08 * w)), rgb, shade: 0.4 },
    ];
  }
  throw new Error(`unknown item kind ${item.kind}`);
}

/**
 * The photo with its items: a copy padded to fit them (the person's box moved with the pad, so
 * the clip scales and places the person as without items), items `under` the person (a backpack
 * behind the back) or over them (a bag or phone in the hand), and `itemRgba`: the items' pixels
 * outside the person (alpha = item * (1 - person)), the region the "item kept" measure scores.
 */
export function withItems(photo, items) {
  const bh = photo.box.y1 - photo.box.y0;
  const pad = Math.ceil(0.4 * bh);
  const W = photo.width + 2 * pad;
  const H = photo.height + 2 * pad;
  const box = { x0: photo.box.x0 + pad, y0: photo.box.y0 + pad, x1: photo.box.x1 + pad, y1: photo.box.y1 + pad };
  const person = new Float32Array(W * H * 4);
  for (let y = 0; y < photo.height; y++) {
    for (let x = 0; x < photo.width; x++) {
      const s = (y * photo.width + x) * 4;
      const d = ((y + pad) * W + x + pad) * 4;
      // premultiplied, as are the item layers: "over" is then one line
      const a = photo.rgba[s + 3] / 255;
      for (let k = 0; k < 3; k++) person[d + k] = (photo.rgba[s + k] / 255) * a;
      person[d + 3] = a;
    }
  }
  // Items over and under the person, each a layer of its own.
  const layer = (list) => {
    const out = new Float32Array(W * H * 4);
    const cover = new Uint8Array(W * H);
    for (const item of list) {
      for (const { poly, rgb, shade = 0 } of shapesOf(item, box)) {
        polygonCoverage(poly, W, H, cover);
        const ys = poly.map((p) => p[1]);
        const top = Math.min(...ys);
        const span = Math.max(1, Math.max(...ys) - top);
        for (let i = 0; i < W * H; i++) {
          const c = cover[i] / 255;
          if (c === 0) continue;
          const k = 1 - shade * ((Math.floor(i / W) - top) / span);
          const q = i * 4;
          for (let j = 0; j < 3; j++) out[q + j] = (rgb[j] / 255) * k * c + out[q + j] * (1 - c);
          out[q + 3] = c + out[q + 3] * (1 - c);
        }
      }
    }
    return out;
  };
  const under = layer(items.filter((i) => i.under));
  const over = layer(items.filter((i) => !i.under));
  const rgba = Buffer.alloc(W * H * 4);
  const itemRgba = Buffer.alloc(W * H * 4);
  // premultiplied "top over bottom" of the pixel at byte offset ti / bi
  const over4 = (top, ti, bottom, bi) => [0, 1, 2, 3].map((j) => top[ti + j] + bottom[bi + j] * (1 - top[ti + 3]));
  const mid = new Float32Array(4);
  for (let i = 0; i < W * H * 4; i += 4) {
    mid.set(over4(person, i, under, i));
    const [pr, pg, pb, a] = over4(over, i, mid, 0);
    const [r, g, b] = a > 0 ? [pr / a, pg / a, pb / a] : [0, 0, 0];
    rgba[i] = Math.round(r * 255);
    rgba[i + 1] = Math.round(g * 255);
    rgba[i + 2] = Math.round(b * 255);
    rgba[i + 3] = Math.round(a * 255);
    const itemA = 1 - (1 - under[i + 3]) * (1 - over[i + 3]);
    itemRgba[i + 3] = Math.round(itemA * (1 - person[i + 3]) * 255);
  }
  return { ...photo, width: W, height: H, rgba, box, itemRgba };
}
