import { describe, expect, it } from 'vitest';
import { chooseSegmenterDelegate, isHardwareRenderer, isSegmenterChoice } from '../../src/core/segmenterDelegate';

describe('segmenter delegate', () => {
  it('takes the GPU for real graphics chips', () => {
    for (const r of [
      'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002503) Direct3D11 vs_5_0 ps_5_0, D3D11)',
      'ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)',
      'Adreno (TM) 730',
      'Mali-G78 MC14',
      'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)',
    ]) {
      expect(isHardwareRenderer(r), r).toBe(true);
      expect(chooseSegmenterDelegate('auto', r)).toBe('gpu');
    }
  });

  it('keeps the CPU where the "GPU" is emulated on the CPU, or missing', () => {
    for (const r of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'ANGLE (Mesa, llvmpipe (LLVM 15.0.6, 256 bits), OpenGL 4.5)',
      'Microsoft Basic Render Driver',
      'Google SwiftShader',
      '',
      null,
    ]) {
      expect(isHardwareRenderer(r), String(r)).toBe(false);
      expect(chooseSegmenterDelegate('auto', r)).toBe('cpu');
    }
  });

  it('a forced choice wins over the renderer', () => {
    expect(chooseSegmenterDelegate('gpu', 'Google SwiftShader')).toBe('gpu');
    expect(chooseSegmenterDelegate('cpu', 'Adreno (TM) 730')).toBe('cpu');
  });

  it('knows its choices', () => {
    expect(['auto', 'cpu', 'gpu'].every(isSegmenterChoice)).toBe(true);
    expect(isSegmenterChoice('GPU')).toBe(false);
    expect(isSegmenterChoice(undefined)).toBe(false);
  });
});
