// Kept runtime files are told apart from an older build's by their name without its content hash.
import { describe, expect, it } from 'vitest';
import { unhashedName } from '../../src/core/hashedName';

describe('unhashedName', () => {
  it("drops the build's 8-character hash, whatever its characters", () => {
    expect(unhashedName('https://x.test/app/vendor/ffmpeg/ffmpeg-core-CgUfceKH.wasm')).toBe('ffmpeg-core.wasm');
    expect(unhashedName('https://x.test/vendor/ffmpeg/ffmpeg-core-Ab_-1234.js?v=1')).toBe('ffmpeg-core.js');
    expect(unhashedName('/models/pose_segmenter_lite-CgpGn7Zd.tflite')).toBe('pose_segmenter_lite.tflite');
  });

  it('leaves a name with no hash as it is', () => {
    expect(unhashedName('https://x.test/vendor/ffmpeg/ffmpeg-core.wasm')).toBe('ffmpeg-core.wasm');
    expect(unhashedName('/backgrounds/city-dusk.jpg')).toBe('city-dusk.jpg');
  });
});
