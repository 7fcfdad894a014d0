/** A built file's name without the content hash the build put in it: ffmpeg-core-AbC12_-9.wasm -> ffmpeg-core.wasm. */
export function unhashedName(url: string): string {
  const name = url.split(/[?#]/)[0]?.split('/').pop() ?? '';
  return name.replace(/-[\w-]{8}(\.[a-z0-9]+)$/i, '$1');
}
