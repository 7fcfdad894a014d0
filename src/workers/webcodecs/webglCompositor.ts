/**
 * The compositor on WebGL2, for devices with a real GPU. The low-resolution half of the matte
 * (MatteRefiner.coefficients) stays on the CPU; the full-resolution half and the blend run on the
 * GPU, and the frame goes up in ONE upload and comes back in ONE readPixels, in place:
 *
 * - an I420 buffer whose width is a multiple of 8 is, byte for byte, an RGBA8UI texture W/4 texels
 *   wide and 1.5H rows high (Y rows, then U and V, every texel inside one plane row), so the frame
 *   and the background are textures as they are, and the output target is the buffer itself;
 *   other widths are padded to a multiple of 8 on the CPU (a row copy each way);
 * - pass 1 interpolates the coefficients (a, b, light wrap) vertically to mask width x H, as
 *   MatteRefiner.apply does per row (kept exact as float bits in an RGBA32UI target, which every
 *   WebGL2 can render to, unlike float targets);
 * - pass 2 writes the alpha, four pixels a texel (two coefficient fetches a pixel; with the colour
 *   guide a second set of rows for the chroma coefficients and the pixels' U and V);
 * - pass 3 mixes four bytes a texel in blendI420's integer arithmetic: Y with its pixel's alpha,
 *   U and V with the mean alpha of their 2x2 block (the person's samples tinted first, when
 *   colour matching is on, as applyTint does on the CPU).
 *
 * Creation throws when there is no WebGL2 or a step fails (the chooser then keeps the CPU one).
 */
import type { Size } from '../../core/geometry';
import { MatteRefiner, type RefineSettings } from '../../core/matteRefine';
import { newI420, planesOf, type I420 } from '../../core/yuv';
import { NO_TINT, type Tint } from '../../core/colourMatch';
import type { Compositor, MaskInput } from './compositor';

const VERTEX = `#version 300 es
void main() {
  // One triangle covering the viewport; no buffers needed.
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}`;

const HEADER = `#version 300 es
precision highp float;
precision highp int;
precision highp usampler2D;
`;

/** Pass 1: one texel per mask column and frame row; pixel centres aligned as matteRefine's axis(). */
const ROWS = `${HEADER}
uniform highp sampler2D uCoef; // mask size: a, b, wrap
uniform float uScale;          // mask height / frame height
uniform int uMax;              // mask height - 1
out uvec4 outRow;
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  float s = clamp((float(p.y) + 0.5) * uScale - 0.5, 0.0, float(uMax));
  int i0 = int(s);
  float w = s - float(i0);
  vec4 c = texelFetch(uCoef, ivec2(p.x, i0), 0) * (1.0 - w) + texelFetch(uCoef, ivec2(p.x, min(i0 + 1, uMax)), 0) * w;
  outRow = floatBitsToUint(c);
}`;

/**
 * Pass 2: alpha of four pixels a texel, as MatteRefiner.apply (with its rounding). With the colour
 * guide (COLOUR) a second rows texture holds the chroma coefficients, and each texel's four pixels
 * read their two U and two V samples from the frame's chroma planes.
 */
const alphaShader = (colour: boolean) => `${HEADER}${colour ? '#define COLOUR\n' : ''}
uniform usampler2D uRows;  // pass 1
uniform usampler2D uFrame; // the I420 bytes
uniform float uScale;      // mask width / frame width
uniform int uMax;          // mask width - 1
#ifdef COLOUR
uniform usampler2D uRows2; // pass 1 on the chroma coefficients
uniform int uH;            // luma rows
uniform int uW;            // (padded) width: bytes a row
uniform int uChroma;       // bytes of one chroma plane
#endif
out uvec4 outAlpha;
uint alphaAt(int x, int y, uint luma, float u, float v) {
  float s = clamp((float(x) + 0.5) * uScale - 0.5, 0.0, float(uMax));
  int i0 = int(s);
  int i1 = min(i0 + 1, uMax);
  float t = s - float(i0);
  vec4 c0 = uintBitsToFloat(texelFetch(uRows, ivec2(i0, y), 0));
  vec4 c1 = uintBitsToFloat(texelFetch(uRows, ivec2(i1, y), 0));
  vec4 c = c0 + (c1 - c0) * t;
  float value = c.x * float(luma) + c.y;
#ifdef COLOUR
  vec4 d0 = uintBitsToFloat(texelFetch(uRows2, ivec2(i0, y), 0));
  vec4 d1 = uintBitsToFloat(texelFetch(uRows2, ivec2(i1, y), 0));
  vec4 d = d0 + (d1 - d0) * t;
  value += d.x * u + d.y * v;
#endif
  return value <= 0.0 ? 0u : min(255u, uint(min(value, 255.0) * (1.0 - c.z) + 0.5));
}
#ifdef COLOUR
// Two chroma samples (columns 2 * tx and 2 * tx + 1 of chroma row cy) of the plane starting at byte base:
// the row's bytes are a multiple of 4, so both sit in one texel.
vec2 chromaPair(int base, int cy, int tx) {
  int off = base + cy * (uW >> 1) + tx * 2;
  uvec4 q = texelFetch(uFrame, ivec2((off % uW) >> 2, off / uW), 0);
  return (off & 3) == 0 ? vec2(q.rg) : vec2(q.ba);
}
#endif
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  uvec4 luma = texelFetch(uFrame, p, 0);
  int x = p.x * 4;
  vec2 u = vec2(0.0);
  vec2 v = vec2(0.0);
#ifdef COLOUR
  // An odd last luma row shares the chroma row above.
  int cy = min(p.y >> 1, (uChroma / (uW >> 1)) - 1);
  u = chromaPair(uH * uW, cy, p.x);
  v = chromaPair(uH * uW + uChroma, cy, p.x);
#endif
  outAlpha = uvec4(alphaAt(x, p.y, luma.r, u.x, v.x), alphaAt(x + 1, p.y, luma.g, u.x, v.x),
    alphaAt(x + 2, p.y, luma.b, u.y, v.y), alphaAt(x + 3, p.y, luma.a, u.y, v.y));
}`;

/** Pass 3: the output bytes, four a texel, in the I420 layout. */
const BLEND = `${HEADER}
uniform usampler2D uFrame;
uniform usampler2D uBg;
uniform usampler2D uAlpha;
uniform int uH;        // luma rows
uniform int uW;        // (padded) width: bytes a row
uniform int uChroma;   // bytes of one chroma plane
uniform ivec3 uTint;   // colour matching: added to the person's Y, U, V
out vec4 outBytes;
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  uvec4 a8;
  int tint;
  if (p.y < uH) {
    a8 = texelFetch(uAlpha, p, 0);
    tint = uTint.x;
  } else {
    int c = (p.y - uH) * uW + p.x * 4;
    tint = uTint.y;
    if (c >= uChroma) { c -= uChroma; tint = uTint.z; }
    int cw = uW >> 1;
    // c / cw and c % cw, exactly: float estimate, integer fix-up.
    int cy = int((float(c) + 0.5) / float(cw));
    int cx = c - cy * cw;
    if (cx < 0) { cy -= 1; cx += cw; } else if (cx >= cw) { cy += 1; cx -= cw; }
    // Chroma cx..cx+3 cover luma columns 2cx..2cx+7: two alpha texels, on two rows.
    ivec2 t = ivec2(cx >> 1, cy * 2);
    uvec4 l0 = texelFetch(uAlpha, t, 0);
    uvec4 r0 = texelFetch(uAlpha, t + ivec2(1, 0), 0);
    uvec4 l1 = texelFetch(uAlpha, t + ivec2(0, 1), 0);
    uvec4 r1 = texelFetch(uAlpha, t + ivec2(1, 1), 0);
    uvec4 sum = uvec4(l0.r + l0.g + l1.r + l1.g, l0.b + l0.a + l1.b + l1.a, r0.r + r0.g + r1.r + r1.g, r0.b + r0.a + r1.b + r1.a);
    a8 = (sum + 2u) >> 2u;
  }
  ivec4 a = ivec4(a8 + (a8 >> 7u));
  ivec4 f = clamp(ivec4(texelFetch(uFrame, p, 0)) + tint, 0, 255);
  ivec4 b = ivec4(texelFetch(uBg, p, 0));
  outBytes = vec4(b + (((f - b) * a + 128) >> 8)) / 255.0;
}`;

/** Copies an I420 frame into one with wider rows (or back, with `back`), plane by plane. */
function copyPadded(narrow: I420, wide: I420, back: boolean): void {
  const n = planesOf(narrow);
  const w = planesOf(wide);
  for (const [src, dst, width, height, stride] of [
    [n.y, w.y, narrow.width, narrow.height, wide.width],
    [n.u, w.u, n.cw, n.ch, w.cw],
    [n.v, w.v, n.cw, n.ch, w.cw],
  ] as const) {
    for (let r = 0; r < height; r++) {
      if (back) src.set(dst.subarray(r * stride, r * stride + width), r * width);
      else dst.set(src.subarray(r * width, r * width + width), r * stride);
    }
  }
}

export class WebGl2Compositor implements Compositor {
  readonly kind = 'webgl2';
  private readonly gl: WebGL2RenderingContext;
  private readonly refiner: MatteRefiner;
  private readonly height: number;
  /** Texels a row of the packed frame (4 bytes each), and its rows (1.5 H). */
  private readonly texW: number;
  private readonly texH: number;
  /** The frame padded to a width that is a multiple of 8, when it is not one already. */
  private readonly padded: I420 | null;
  private readonly coef: Float32Array;
  /** The colour guide's chroma coefficients (au, av, 0, 0 per cell), or null without it. */
  private readonly chromaCoef: Float32Array | null;
  private readonly textures: WebGLTexture[] = [];
  private readonly framebuffers: WebGLFramebuffer[] = [];
  private readonly programs: WebGLProgram[] = [];
  private readonly passes: { program: WebGLProgram; framebuffer: WebGLFramebuffer; width: number; height: number }[] = [];
  private closed = false;
  private tintLocation: WebGLUniformLocation | null = null;

  constructor(
    background: I420,
    private readonly maskSize: Size,
    refine: RefineSettings,
  ) {
    const { width, height } = background;
    this.height = height;
    const paddedWidth = Math.ceil(width / 8) * 8;
    this.texW = paddedWidth / 4;
    this.texH = (height * 3) / 2;
    if (typeof OffscreenCanvas === 'undefined') throw new Error('no OffscreenCanvas');
    const colour = refine.guided && refine.colourGuide === true;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2', {
      antialias: false,
      premultipliedAlpha: false,
      preserveDrawingBuffer: false,
      depth: false,
      stencil: false,
    });
    if (!gl) throw new Error('no WebGL2 context');
    this.gl = gl;
    try {
      const maxTex = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
      if (Math.max(this.texW, this.texH, maskSize.width, maskSize.height) > maxTex || paddedWidth * height >= 1 << 24) {
        throw new Error(`frame ${width}x${height} too large for this GPU (textures up to ${maxTex})`);
      }
      this.refiner = new MatteRefiner(maskSize, { width, height }, refine);
      this.coef = new Float32Array(maskSize.width * maskSize.height * 4);
      this.chromaCoef = colour ? new Float32Array(maskSize.width * maskSize.height * 4) : null;
      this.padded = paddedWidth === width ? null : newI420(paddedWidth, height);
      gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
      gl.pixelStorei(gl.PACK_ALIGNMENT, 1);

      // Texture units, fixed for the compositor's life: 0 coefficients, 1 frame, 2 background, 3 rows,
      // 4 alpha, 5 output; with the colour guide 6 chroma coefficients and 7 their rows.
      this.texture(0, gl.RGBA32F, maskSize.width, maskSize.height);
      this.texture(1, gl.RGBA8UI, this.texW, this.texH);
      this.texture(2, gl.RGBA8UI, this.texW, this.texH);
      gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, this.texW, this.texH, gl.RGBA_INTEGER, gl.UNSIGNED_BYTE, this.packed(background, newI420(paddedWidth, height)).data);
      const texRows = this.texture(3, gl.RGBA32UI, maskSize.width, height);
      const texAlpha = this.texture(4, gl.RGBA8UI, this.texW, height);
      const texOut = this.texture(5, gl.RGBA8, this.texW, this.texH);

      const rows = (loc: (name: string) => WebGLUniformLocation | null) => {
        gl.uniform1f(loc('uScale'), maskSize.height / height);
        gl.uniform1i(loc('uMax'), maskSize.height - 1);
      };
      this.pass(ROWS, texRows, maskSize.width, height, { uCoef: 0 }, rows);
      if (colour) {
        this.texture(6, gl.RGBA32F, maskSize.width, maskSize.height);
        this.pass(ROWS, this.texture(7, gl.RGBA32UI, maskSize.width, height), maskSize.width, height, { uCoef: 6 }, rows);
      }
      this.pass(alphaShader(colour), texAlpha, this.texW, height, colour ? { uRows: 3, uFrame: 1, uRows2: 7 } : { uRows: 3, uFrame: 1 }, (loc) => {
        gl.uniform1f(loc('uScale'), maskSize.width / width);
        gl.uniform1i(loc('uMax'), maskSize.width - 1);
        if (colour) {
          gl.uniform1i(loc('uH'), height);
          gl.uniform1i(loc('uW'), paddedWidth);
          gl.uniform1i(loc('uChroma'), (paddedWidth >> 1) * (height >> 1));
        }
      });
      this.pass(BLEND, texOut, this.texW, this.texH, { uFrame: 1, uBg: 2, uAlpha: 4 }, (loc) => {
        this.tintLocation = loc('uTint');
        gl.uniform3i(this.tintLocation, 0, 0, 0);
        gl.uniform1i(loc('uH'), height);
        gl.uniform1i(loc('uW'), paddedWidth);
        gl.uniform1i(loc('uChroma'), (paddedWidth >> 1) * (height >> 1));
      });
      gl.bindVertexArray(gl.createVertexArray());
      const err = gl.getError();
      if (err !== gl.NO_ERROR || gl.isContextLost()) throw new Error(`WebGL2 set-up failed (error 0x${err.toString(16)})`);
    } catch (e) {
      this.close();
      throw e;
    }
  }

  composite(frame: I420, input: MaskInput, tint: Tint = NO_TINT): void {
    if (this.closed) throw new Error('compositor closed');
    const gl = this.gl;
    const { a, b, wrap, au, av } = this.refiner.coefficients(input.mask, frame, input.guide);
    const coef = this.coef;
    for (let i = 0, j = 0; i < a.length; i++, j += 4) {
      coef[j] = a[i]!;
      coef[j + 1] = b[i]!;
      coef[j + 2] = wrap[i]!;
    }
    const chroma = this.chromaCoef;
    if (chroma && au && av) {
      for (let i = 0, j = 0; i < au.length; i++, j += 4) {
        chroma[j] = au[i]!;
        chroma[j + 1] = av[i]!;
      }
    }
    const work = this.padded ? this.packed(frame, this.padded) : frame;
    gl.activeTexture(gl.TEXTURE0);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, this.maskSize.width, this.maskSize.height, gl.RGBA, gl.FLOAT, coef);
    if (chroma) {
      gl.activeTexture(gl.TEXTURE6);
      gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, this.maskSize.width, this.maskSize.height, gl.RGBA, gl.FLOAT, chroma);
    }
    gl.activeTexture(gl.TEXTURE1);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, this.texW, this.texH, gl.RGBA_INTEGER, gl.UNSIGNED_BYTE, work.data);

    const blend = this.passes[this.passes.length - 1]!.program;
    gl.useProgram(blend);
    gl.uniform3i(this.tintLocation, tint.y, tint.u, tint.v);
    for (const p of this.passes) {
      gl.bindFramebuffer(gl.FRAMEBUFFER, p.framebuffer);
      gl.viewport(0, 0, p.width, p.height);
      gl.useProgram(p.program);
      gl.drawArrays(gl.TRIANGLES, 0, 3);
    }

    // The last pass's target is bound: its bytes are the composited I420 buffer.
    gl.readPixels(0, 0, this.texW, this.texH, gl.RGBA, gl.UNSIGNED_BYTE, work.data);
    // A lost context reads nothing and says nothing: never hand on a frame that was not composited.
    if (gl.isContextLost()) throw new Error('WebGL2 context lost');
    if (this.padded) copyPadded(frame, this.padded, true);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const gl = this.gl;
    if (!gl.isContextLost()) {
      for (const f of this.framebuffers) gl.deleteFramebuffer(f);
      for (const t of this.textures) gl.deleteTexture(t);
      for (const p of this.programs) gl.deleteProgram(p);
    }
    // Frees the GPU memory now rather than whenever the canvas is collected.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }

  /** `frame` in the packed layout: itself when its width is a multiple of 8, else copied into `into`. */
  private packed(frame: I420, into: I420): I420 {
    if (frame.width === into.width) return frame;
    copyPadded(frame, into, false);
    return into;
  }

  /** Waits for the GPU to finish what was sent: Chromium's finish() does not wait, a 1-pixel read does. */
  private texture(unit: number, format: GLenum, width: number, height: number): WebGLTexture {
    const gl = this.gl;
    const t = gl.createTexture();
    this.textures.push(t);
    gl.activeTexture(gl.TEXTURE0 + unit);
    gl.bindTexture(gl.TEXTURE_2D, t);
    gl.texStorage2D(gl.TEXTURE_2D, 1, format, width, height);
    // Integer and float textures are only complete with NEAREST; every read is a texelFetch anyway.
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    return t;
  }

  /** A draw into `target`: its program, sampler units and uniforms, set once. */
  private pass(
    fragment: string,
    target: WebGLTexture,
    width: number,
    height: number,
    samplers: Record<string, number>,
    set: (loc: (name: string) => WebGLUniformLocation | null) => void,
  ): void {
    const gl = this.gl;
    const framebuffer = gl.createFramebuffer();
    this.framebuffers.push(framebuffer);
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, target, 0);
    const status = gl.checkFramebufferStatus(gl.FRAMEBUFFER);
    if (status !== gl.FRAMEBUFFER_COMPLETE) throw new Error(`framebuffer incomplete (0x${status.toString(16)})`);
    const program = this.program(fragment);
    gl.useProgram(program);
    for (const [name, unit] of Object.entries(samplers)) gl.uniform1i(gl.getUniformLocation(program, name), unit);
    set((name) => gl.getUniformLocation(program, name));
    this.passes.push({ program, framebuffer, width, height });
  }

  private program(fragment: string): WebGLProgram {
    const gl = this.gl;
    const p = gl.createProgram();
    this.programs.push(p);
    for (const [type, source] of [
      [gl.VERTEX_SHADER, VERTEX],
      [gl.FRAGMENT_SHADER, fragment],
    ] as const) {
      const s = gl.createShader(type);
      if (!s) throw new Error('createShader failed');
      gl.shaderSource(s, source);
      gl.compileShader(s);
      if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`shader: ${gl.getShaderInfoLog(s) ?? 'compile failed'}`);
      gl.attachShader(p, s);
      gl.deleteShader(s);
    }
    gl.linkProgram(p);
    if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(`program: ${gl.getProgramInfoLog(p) ?? 'link failed'}`);
    return p;
  }
}
