import { describe, expect, it } from 'vitest';
import { RestyleError } from '../../src/core/errors';
import {
  checkFalResultUrl,
  FAL_MASK_CONTENT_TYPES,
  FAL_MAX_MASK_BYTES,
  isAllowedFalResultUrl,
  isAllowedMaskContentType,
  mediaTypeOf,
} from '../../src/core/falUrls';

const ALLOWED = [
  'https://fal.media/files/panda/K5Rndvzmn1j-OI1VZXDVd.mp4',
  'https://v2.fal.media/files/abc/mask.mp4',
  'https://v3.fal.media/files/zebra/x_y-z/mask_video.mp4',
  'https://v3b.fal.media/files/b/mask.webm?x=1',
  'https://V3.FAL.MEDIA/files/a.mp4',
  'https://fal.run/files/a.mp4',
  'https://cdn.fal.ai/a.mp4',
  'https://v3.fal.media:443/files/a.mp4',
  'https://storage.googleapis.com/falserverless/gallery/Ben2/foreground.mp4',
];

const REJECTED = [
  'http://v3.fal.media/files/a.mp4',
  'data:video/mp4;base64,AAAA',
  'blob:https://v3.fal.media/1234',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'ftp://v3.fal.media/a.mp4',
  'https://127.0.0.1/mask.mp4',
  'https://10.0.0.1/mask.mp4',
  'https://0x7f.1/mask.mp4',
  'https://2130706433/mask.mp4',
  'https://[::1]/mask.mp4',
  'https://[::ffff:127.0.0.1]/mask.mp4',
  'https://localhost/mask.mp4',
  'https://fal.media.localhost/mask.mp4',
  'https://fal.media.evil.com/mask.mp4',
  'https://evilfal.media/mask.mp4',
  'https://fal-media.com/mask.mp4',
  'https://falmedia.com/mask.mp4',
  'https://fal.media.com/mask.mp4',
  'https://xn--fal-xxa.media/mask.mp4',
  'https://xn--fl-fka.media/mask.mp4',
  'https://xn--80ak6aa92e.fal.media/mask.mp4',
  'https://fаl.media/mask.mp4', // Cyrillic а: becomes xn--
  'https://evil.example/mask.mp4',
  'https://user:pass@v3.fal.media/a.mp4',
  'https://user@v3.fal.media/a.mp4',
  'https://v3.fal.media:8443/a.mp4',
  'https://v3.fal.media.:443/a.mp4',
  'https://v3.fal.media./a.mp4',
  'https://storage.googleapis.com/evil-bucket/a.mp4',
  'https://storage.googleapis.com/falserverless-evil/a.mp4',
  'https://storage.googleapis.com/falserverless/../evil/a.mp4',
  'https://storage.googleapis.com/falserverless/..%2fevil/a.mp4',
  'https://storage.googleapis.com/falserverless%2f../evil/a.mp4',
  'https://googleapis.com/falserverless/a.mp4',
  ' https://v3.fal.media/a.mp4',
  'https://v3.fal.media/a.mp4\n',
  'https://v3.fal.media/a b.mp4',
  'https://v3.fal\u0000.media/a.mp4',
  '//v3.fal.media/a.mp4',
  'v3.fal.media/a.mp4',
  '',
  'https://',
  'https://fal_media.fal.media/a.mp4',
  'https://-x.fal.media/a.mp4',
];

describe('checkFalResultUrl', () => {
  it.each(ALLOWED)('allows %s', (url) => {
    const u = checkFalResultUrl(url);
    expect(u.protocol).toBe('https:');
  });

  it.each(REJECTED)('rejects %s', (url) => {
    expect(() => checkFalResultUrl(url)).toThrow(RestyleError);
    expect(isAllowedFalResultUrl(url)).toBe(false);
  });

  it('throws plain words', () => {
    try {
      checkFalResultUrl('https://evil.example/mask.mp4');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(RestyleError);
      expect((err as RestyleError).message).toMatch(/doesn't trust/);
      expect((err as RestyleError).message).not.toContain('evil');
    }
  });

  it('property: random hosts are allowed only when they are fal domains or their subdomains', () => {
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const parts = ['fal', 'media', 'run', 'ai', 'evil', 'v3', 'v3b', 'com', 'xn--fal', 'fal-media', 'falmedia', 'localhost', '127', '0', 'cdn', 'googleapis', 'storage'];
    const fal = /(^|\.)(fal\.media|fal\.run|fal\.ai)$/;
    for (let i = 0; i < 3000; i++) {
      const labels = Array.from({ length: 1 + rnd(4) }, () => parts[rnd(parts.length)]!);
      const host = labels.join('.');
      const url = `https://${host}/files/x.mp4`;
      const expected =
        fal.test(host) && !labels.some((l) => l.startsWith('xn--')) && !/^[\d.]+$/.test(host) && !host.endsWith('.localhost');
      expect(isAllowedFalResultUrl(url), url).toBe(expected);
      // Every other scheme, credentials or port is refused whatever the host.
      expect(isAllowedFalResultUrl(`http://${host}/x.mp4`)).toBe(false);
      expect(isAllowedFalResultUrl(`https://u:p@${host}/x.mp4`)).toBe(false);
      expect(isAllowedFalResultUrl(`https://${host}:${1 + rnd(65534)}/x.mp4`)).toBe(false);
      // Appending a fal domain as a suffix label of a foreign host never helps.
      expect(isAllowedFalResultUrl(`https://fal.media.${host}.example/x.mp4`)).toBe(false);
    }
  });
});

describe('mask content types and size', () => {
  it('accepts video types with parameters, refuses others', () => {
    expect(FAL_MASK_CONTENT_TYPES).toContain('video/mp4');
    for (const t of ['video/mp4', 'VIDEO/MP4', 'video/mp4; codecs="avc1"', 'video/webm', 'video/quicktime', 'application/octet-stream']) {
      expect(isAllowedMaskContentType(t), t).toBe(true);
    }
    for (const t of ['text/html', 'image/png', 'application/json', '', null, undefined, 'video/mp4x', 'video']) {
      expect(isAllowedMaskContentType(t), String(t)).toBe(false);
    }
    expect(mediaTypeOf(' Video/WebM ; x=y')).toBe('video/webm');
  });

  it('caps masks at 300 MB', () => {
    expect(FAL_MAX_MASK_BYTES).toBe(300 * 1024 * 1024);
  });
});
