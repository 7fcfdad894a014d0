import { describe, expect, it } from 'vitest';
import {
  clipFrames,
  DEFAULT_FAL_ENDPOINT,
  estimateFalCost,
  FAL_ENDPOINTS,
  falUsdPer720pSecond,
  getFalEndpoint,
  isFalEndpointId,
  planFalJob,
} from '../../src/core/falEndpoints';

const HD = { durationSec: 30, width: 1280, height: 720, fps: 30 };

describe('endpoint table', () => {
  it('defaults to BiRefNet v2 video and knows BEN', () => {
    expect(DEFAULT_FAL_ENDPOINT).toBe('fal-ai/birefnet/v2/video');
    expect(FAL_ENDPOINTS.map((e) => e.id)).toEqual(['fal-ai/birefnet/v2/video', 'fal-ai/ben/v2/video']);
    expect(isFalEndpointId('fal-ai/birefnet/v2/video')).toBe(true);
    expect(isFalEndpointId('fal-ai/birefnet')).toBe(false);
    expect(getFalEndpoint('nope')).toBeUndefined();
  });

  it('asks BiRefNet for the mask video and finds it in mask_video', () => {
    const ep = getFalEndpoint('fal-ai/birefnet/v2/video')!;
    expect(ep.buildInput('https://v3.fal.media/files/a.mp4')).toMatchObject({ video_url: 'https://v3.fal.media/files/a.mp4', output_mask: true });
    const out = {
      video: { url: 'https://v3.fal.media/fg.mp4', content_type: 'video/mp4' },
      mask_video: { url: 'https://v3.fal.media/mask.mp4', content_type: 'video/mp4', file_name: 'mask.mp4', file_size: 1234, num_frames: 90, width: 1280, height: 720, fps: 30 },
    };
    expect(ep.findMask(out)).toEqual({
      url: 'https://v3.fal.media/mask.mp4', contentType: 'video/mp4', fileName: 'mask.mp4', fileSize: 1234, numFrames: 90, width: 1280, height: 720, fps: 30, kind: 'luma',
    });
    expect(ep.findMask({ video: out.video })).toBeUndefined();
    expect(ep.findMask(null)).toBeUndefined();
    expect(ep.findMask({ mask_video: { url: 42 } })).toBeUndefined();
    expect(ep.maxFrames).toBe(512);
  });

  it('asks BEN for a transparent webm and reads the alpha of `video`', () => {
    const ep = getFalEndpoint('fal-ai/ben/v2/video')!;
    expect(ep.buildInput('u')).toEqual({ video_url: 'u', output_format: 'webm' });
    expect(ep.findMask({ video: { url: 'https://v3.fal.media/v.webm' } })).toEqual({ url: 'https://v3.fal.media/v.webm', kind: 'alpha' });
    expect(ep.maxFrames).toBeNull();
  });
});

describe('estimateFalCost', () => {
  it('BiRefNet: up to $1.26 per 30 s of 720p at 30 fps, scaled by frames', () => {
    const e = estimateFalCost('fal-ai/birefnet/v2/video', HD);
    expect(e.usd).toBeCloseTo(1.26, 6);
    expect(e.text).toMatch(/^up to about \$1\.26 /);
    expect(estimateFalCost('fal-ai/birefnet/v2/video', { ...HD, durationSec: 3 }).usd).toBeCloseTo(0.126, 6);
    expect(estimateFalCost('fal-ai/birefnet/v2/video', { ...HD, fps: 60 }).usd).toBeCloseTo(2.52, 6);
    expect(falUsdPer720pSecond('fal-ai/birefnet/v2/video')).toBeCloseTo(0.042, 6);
  });

  it('BEN: $0.001 per megapixel of video (829 MP for 30 s of 720p30)', () => {
    const e = estimateFalCost('fal-ai/ben/v2/video', HD);
    expect(e.usd).toBeCloseTo(0.82944, 6);
    expect(e.text).toMatch(/^about \$0\.83 /);
    // Per megapixel: a 1080p clip costs 2.25x a 720p one.
    expect(estimateFalCost('fal-ai/ben/v2/video', { ...HD, width: 1920, height: 1080 }).usd).toBeCloseTo(0.82944 * 2.25, 6);
    expect(falUsdPer720pSecond('fal-ai/ben/v2/video')).toBeCloseTo(0.027648, 6);
  });

  it('says less than a cent for tiny clips, and refuses nonsense', () => {
    expect(estimateFalCost('fal-ai/ben/v2/video', { durationSec: 0.1, width: 64, height: 64, fps: 10 }).text).toMatch(/^less than \$0\.01/);
    for (const bad of [{ ...HD, fps: 0 }, { ...HD, durationSec: NaN }, { ...HD, width: -1 }]) {
      const e = estimateFalCost('fal-ai/ben/v2/video', bad);
      expect(Number.isNaN(e.usd)).toBe(true);
      expect(e.text).toMatch(/can't estimate/);
    }
    expect(Number.isNaN(estimateFalCost('nope', HD).usd)).toBe(true);
  });

  it('uses the exact frame count when given', () => {
    expect(clipFrames({ ...HD, durationSec: 3, frames: 91 })).toBe(91);
    expect(clipFrames({ ...HD, durationSec: 3 })).toBe(90);
    expect(clipFrames({ ...HD, durationSec: 3.01 })).toBe(91);
    expect(clipFrames({ ...HD, durationSec: 1, fps: 29.97 })).toBe(30);
  });
});

describe('planFalJob', () => {
  it('accepts a clip within the cap', () => {
    expect(planFalJob('fal-ai/birefnet/v2/video', { ...HD, durationSec: 3 })).toEqual({ ok: true });
    expect(planFalJob('fal-ai/birefnet/v2/video', { ...HD, durationSec: 10, frames: 512 })).toEqual({ ok: true });
  });

  it('refuses a clip over 512 frames, saying how to go on', () => {
    const p = planFalJob('fal-ai/birefnet/v2/video', HD);
    expect(p.ok).toBe(false);
    const msg = (p as { message: string }).message;
    expect(msg).toBe(
      'This clip has 900 frames, but BiRefNet (fal.ai) takes at most 512 in one job (about 17 seconds at 30 fps). Trim the clip to 17 seconds or less, or use on-device matting instead.',
    );
    expect(planFalJob('fal-ai/birefnet/v2/video', { ...HD, durationSec: 10, frames: 513 }).ok).toBe(false);
    expect((planFalJob('fal-ai/birefnet/v2/video', { ...HD, fps: 24 }) as { message: string }).message).toMatch(/about 21\.3 seconds at 24 fps/);
  });

  it('lets BEN take any length (no published cap)', () => {
    expect(planFalJob('fal-ai/ben/v2/video', HD)).toEqual({ ok: true });
  });

  it('refuses unknown endpoints and unreadable clips', () => {
    expect((planFalJob('x/y', HD) as { message: string }).message).toMatch(/on-device/);
    expect((planFalJob('fal-ai/birefnet/v2/video', { ...HD, fps: NaN }) as { message: string }).message).toMatch(/couldn't read/);
  });
});
