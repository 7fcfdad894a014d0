/** Types for raster.mjs (the eval's drawing maths), for its unit test. */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}
export type Point = readonly [number, number];
export function affine(opts: { scale?: number; angleDeg?: number; pivot?: Point; at?: Point }): Affine;
export function invert(m: Affine): Affine;
export function apply(m: Affine, p: Point): [number, number];
export function polygonCoverage(
  poly: readonly Point[],
  width: number,
  height: number,
  out?: Uint8Array,
  sub?: number,
): { out: Uint8Array; y0: number; y1: number };
export function drawPerson(
  frame: Uint8Array,
  width: number,
  height: number,
  photo: Uint8Array,
  pw: number,
  ph: number,
  outline: readonly Point[],
  shutter: readonly Affine[],
): Uint8Array;
