/** Test frames shared by the unit tests. */
import { newI420, planesOf, type I420 } from '../../src/core/yuv';

/** An I420 frame of one colour. */
export function flat(width: number, height: number, y: number, u: number, v: number): I420 {
  const f = newI420(width, height);
  const p = planesOf(f);
  p.y.fill(y);
  p.u.fill(u);
  p.v.fill(v);
  return f;
}
