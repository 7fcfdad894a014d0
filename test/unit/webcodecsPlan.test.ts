import { describe, expect, it } from 'vitest';
import { avcBitrateFor, avcCodecFor, webcodecsBlocker, keyFrameInterval } from '../../src/core/webcodecsPlan';

describe('avcCodecFor', () => {
  it('uses High 4.0 up to 1080p frames in either orientation (3.1 is refused at 1080x1920)', () => {
    expect(avcCodecFor({ width: 1280, height: 720 })).toBe('avc1.640028');
    expect(avcCodecFor({ width: 1080, height: 1920 })).toBe('avc1.640028');
    expect(avcCodecFor({ width: 1920, height: 1080 })).toBe('avc1.640028');
  });
  it('goes to 5.1 above that', () => {
    expect(avcCodecFor({ width: 2160, height: 3840 })).toBe('avc1.640033');
  });
});

describe('encoder settings', () => {
  it('scales the bitrate with pixels and rate', () => {
    expect(avcBitrateFor({ width: 1280, height: 720 }, 30)).toBe(Math.round(1280 * 720 * 30 * 0.12));
    expect(avcBitrateFor({ width: 1280, height: 720 }, 60)).toBe(2 * avcBitrateFor({ width: 1280, height: 720 }, 30));
  });
  it('puts a key frame every two seconds', () => {
    expect(keyFrameInterval(30)).toBe(60);
    expect(keyFrameInterval(29.97)).toBe(60);
    expect(keyFrameInterval(0.2)).toBe(1);
  });
});

describe('webcodecsBlocker', () => {
  it('lets AAC and silent clips through at any quarter turn', () => {
    expect(webcodecsBlocker({ audioCodec: 'aac', rotation: 0 })).toBeNull();
    expect(webcodecsBlocker({ audioCodec: null, rotation: 90 })).toBeNull();
    expect(webcodecsBlocker({ audioCodec: 'aac', rotation: -90 })).toBeNull();
  });
  it('sends audio that needs transcoding to ffmpeg', () => {
    expect(webcodecsBlocker({ audioCodec: 'opus', rotation: 0 })).toMatch(/opus/);
    expect(webcodecsBlocker({ audioCodec: 'pcm-s16', rotation: 0 })).toMatch(/AAC/);
  });
});
