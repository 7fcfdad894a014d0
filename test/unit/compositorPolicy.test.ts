import { describe, expect, it } from 'vitest';
import { chooseCompositor, clearlyLoses, isCompositorChoice, medianMs } from '../../src/core/compositorPolicy';

describe('chooseCompositor', () => {
  it('keeps the CPU when WebGL2 is slower, as on SwiftShader', () => {
    expect(chooseCompositor({ cpu: 5, webgl2: 40 })).toBe('cpu');
  });

  it('keeps the CPU on a near tie: WebGL2 must be more than 10% faster', () => {
    expect(chooseCompositor({ cpu: 10, webgl2: 9.5 })).toBe('cpu');
    expect(chooseCompositor({ cpu: 10, webgl2: 9 })).toBe('cpu');
    expect(chooseCompositor({ cpu: 10, webgl2: 8.9 })).toBe('webgl2');
  });

  it('takes WebGL2 when it is clearly faster, as on a real GPU', () => {
    expect(chooseCompositor({ cpu: 9.6, webgl2: 2.1 })).toBe('webgl2');
  });

  it('falls back to the CPU when WebGL2 could not run or measured nonsense', () => {
    expect(chooseCompositor({ cpu: 9.6, webgl2: null })).toBe('cpu');
    expect(chooseCompositor({ cpu: 9.6, webgl2: Number.NaN })).toBe('cpu');
    expect(chooseCompositor({ cpu: null, webgl2: null })).toBe('cpu');
  });

  it('takes WebGL2 when only it ran', () => {
    expect(chooseCompositor({ cpu: null, webgl2: 30 })).toBe('webgl2');
  });

  it('honours another margin', () => {
    expect(chooseCompositor({ cpu: 10, webgl2: 9.5 }, 0)).toBe('webgl2');
    expect(chooseCompositor({ cpu: 10, webgl2: 6 }, 0.5)).toBe('cpu');
  });
});

describe('medianMs', () => {
  it('ignores one disturbed run', () => {
    expect(medianMs([4.1, 30, 4.3])).toBe(4.3);
    expect(medianMs([2, 4])).toBe(3);
    expect(medianMs([])).toBeNaN();
  });
});

describe('isCompositorChoice', () => {
  it('accepts the three choices only', () => {
    for (const c of ['auto', 'cpu', 'webgl2']) expect(isCompositorChoice(c)).toBe(true);
    for (const c of ['gpu', 'WEBGL2', '', 3, undefined]) expect(isCompositorChoice(c)).toBe(false);
  });
});

describe('clearlyLoses', () => {
  it('stops timing a challenger once one run is over twice the CPU median', () => {
    expect(clearlyLoses(70, 15)).toBe(true);
    expect(clearlyLoses(29, 15)).toBe(false);
  });

  it('never stops when there is no CPU time to compare with', () => {
    expect(clearlyLoses(500, null)).toBe(false);
    expect(clearlyLoses(500, Number.NaN)).toBe(false);
  });
});
