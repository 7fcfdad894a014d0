/** The compiled pixel kernels (src/kernels/pixels.ts), made by scripts/kernels.mjs at build time. */
declare module 'virtual:pixel-kernels' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
