/** This device's WebGL2 renderer, unmasked where the browser tells it; null without WebGL2. Asked once a worker. */
let known: string | null | undefined;

export function webglRenderer(): string | null {
  if (known !== undefined) return known;
  known = null;
  if (typeof OffscreenCanvas === 'undefined') return known;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return known;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name: unknown = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  known = typeof name === 'string' ? name : null;
  return known;
}
