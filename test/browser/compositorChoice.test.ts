// The start-up choice on a device with a real graphics chip: this machine's WebGL renderer
// (SwiftShader) is made to name one before anything asks (a file of its own: the worker code
// asks once and keeps the answer), so 'auto' times both compositors as it does on such a device.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pickOn } from './pickOn';

const getContext = OffscreenCanvas.prototype.getContext;

beforeAll(() => {
  const getParameter = WebGL2RenderingContext.prototype.getParameter;
  const RENDERER = 0x1f01;
  const UNMASKED_RENDERER = 0x9246;
  WebGL2RenderingContext.prototype.getParameter = function (this: WebGL2RenderingContext, p: number) {
    return p === RENDERER || p === UNMASKED_RENDERER ? 'NVIDIA GeForce RTX 3060' : (getParameter.call(this, p) as unknown);
  } as typeof getParameter;
});

afterEach(() => {
  OffscreenCanvas.prototype.getContext = getContext;
});

describe('choosing at start-up on a real GPU', () => {
  it('auto measures both and reports the times; forced ones skip the timing', () => {
    const auto = pickOn('auto');
    expect(['cpu', 'webgl2']).toContain(auto.kind);
    expect(auto.measuredMs?.cpu).toBeGreaterThan(0);
    expect(auto.measuredMs?.webgl2).toBeGreaterThan(0);
    expect(pickOn('cpu')).toEqual({ kind: 'cpu', measuredMs: undefined });
    expect(pickOn('webgl2')).toEqual({ kind: 'webgl2', measuredMs: undefined });
  });

  it('without a WebGL2 context: auto keeps the CPU one, a forced WebGL2 fails with the reason', () => {
    OffscreenCanvas.prototype.getContext = (() => null) as typeof getContext;
    const auto = pickOn('auto');
    expect(auto).toMatchObject({ kind: 'cpu', measuredMs: { webgl2: null } });
    expect(auto.measuredMs?.cpu).toBeGreaterThan(0);
    expect(() => pickOn('webgl2')).toThrow(/WebGL2 compositing is not available in this browser \(no WebGL2 context\)/);
  });
});
