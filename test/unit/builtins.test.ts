import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_BACKGROUNDS, creditLine, currentBackgroundId, findBuiltin, licenceName, needsCredit } from '../../src/core/builtinBackgrounds';

const HEX = /^#[0-9a-f]{6}$/i;
const PHOTOS = join(import.meta.dirname, '../../src/backgrounds/photos');
const LICENCES = join(import.meta.dirname, '../../public/backgrounds');

/** A JPEG's picture size, from its first start-of-frame marker. */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  let at = 2;
  while (at < bytes.length) {
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    // SOF0..SOF15, except DHT (c4), JPG (c8) and DAC (cc).
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  throw new Error('no frame header');
}

describe('BUILTIN_BACKGROUNDS', () => {
  it('has several backgrounds with unique ids and names', () => {
    expect(BUILTIN_BACKGROUNDS.length).toBeGreaterThanOrEqual(3);
    const ids = BUILTIN_BACKGROUNDS.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    const names = BUILTIN_BACKGROUNDS.map((b) => b.name);
    expect(new Set(names).size).toBe(names.length);
    for (const b of BUILTIN_BACKGROUNDS) {
      expect(b.id).toMatch(/^[a-z0-9-]+$/);
      expect(b.name.trim().length).toBeGreaterThan(0);
    }
  });

  it('ships each photo small, at the size it declares, with a small tile and its licence and credit beside it', () => {
    const photos = BUILTIN_BACKGROUNDS.flatMap((b) => (b.kind === 'photo' ? [b] : []));
    expect(photos.length).toBeGreaterThanOrEqual(4);
    for (const p of photos) {
      const bytes = readFileSync(join(PHOTOS, p.file));
      expect(bytes.length, p.file).toBeLessThan(250_000);
      expect(bytes.subarray(0, 2).toString('hex'), p.file).toBe('ffd8');
      expect(jpegSize(bytes), p.file).toEqual({ width: p.width, height: p.height });
      // Large enough to fill a 720p frame's short side after the blur.
      expect(Math.min(p.width, p.height), p.file).toBeGreaterThanOrEqual(720);
      // Its tile: the same picture, 320 pixels along the long side.
      const thumb = jpegSize(readFileSync(join(PHOTOS, p.file.replace(/\.jpg$/, '.thumb.jpg'))));
      expect(Math.max(thumb.width, thumb.height), p.file).toBe(320);
      expect(Math.abs(thumb.width / thumb.height - p.width / p.height), p.file).toBeLessThan(0.01);
      const licence = join(LICENCES, p.file.replace(/([^/]+)\.jpg$/, 'LICENSE-$1.txt'));
      expect(existsSync(licence), licence).toBe(true);
      const text = readFileSync(licence, 'utf8');
      expect(text, licence).toContain(p.credit.author);
      expect(text.toLowerCase(), licence).toContain(p.credit.licence === 'public domain' ? 'public domain' : p.credit.licenceUrl);
      expect(p.credit.licenceUrl).toMatch(/^https:\/\//);
    }
  });

  it('gives a drawn backdrop a gradient of at least 2 colour stops and lights inside the frame', () => {
    const drawn = BUILTIN_BACKGROUNDS.flatMap((b) => (b.kind === 'drawn' ? [b] : []));
    expect(drawn.length).toBeGreaterThan(0);
    for (const b of drawn) {
      expect(b.stops.length, b.id).toBeGreaterThanOrEqual(2);
      for (const stop of b.stops) expect(stop, b.id).toMatch(HEX);
      for (const l of b.lights) {
        for (const v of [l.x, l.y, l.alpha]) {
          expect(v, b.id).toBeGreaterThanOrEqual(0);
          expect(v, b.id).toBeLessThanOrEqual(1);
        }
        expect(l.r, b.id).toBeGreaterThan(0);
        expect(l.color, b.id).toMatch(HEX);
      }
    }
  });
});

describe('findBuiltin', () => {
  it('finds each background by id, and nothing for an unknown id', () => {
    for (const b of BUILTIN_BACKGROUNDS) expect(findBuiltin(b.id)).toBe(b);
    expect(findBuiltin('no-such-background')).toBeUndefined();
    expect(findBuiltin('')).toBeUndefined();
  });

  it('still finds a choice stored under the ids of the earlier drawn backgrounds', () => {
    for (const [former, now] of [['ocean-blue', 'seaside'], ['green-garden', 'meadow'], ['warm-cafe', 'living-room']] as const) {
      expect(findBuiltin(former)?.id, former).toBe(now);
      expect(currentBackgroundId(`builtin:${former}`)).toBe(`builtin:${now}`);
    }
    expect(currentBackgroundId('builtin:city-dusk')).toBe('builtin:city-dusk');
    expect(currentBackgroundId('bg-upload-1')).toBe('bg-upload-1');
    expect(currentBackgroundId('builtin:gone')).toBe('builtin:gone');
  });
});

describe('photo credits', () => {
  it('asks for a credit for CC BY photos only, written as CC BY asks', () => {
    const seaside = findBuiltin('seaside');
    const meadow = findBuiltin('meadow');
    const city = findBuiltin('city-dusk');
    if (seaside?.kind !== 'photo' || meadow?.kind !== 'photo' || city?.kind !== 'photo') throw new Error('photos expected');
    expect(needsCredit(seaside.credit)).toBe(true);
    expect(creditLine(seaside.credit)).toBe('"Jetty in the Maldives" by Nevit Dilmen, CC BY 3.0, scaled down');
    expect(needsCredit(meadow.credit)).toBe(false);
    expect(licenceName(meadow.credit)).toBe('CC0');
    expect(needsCredit(city.credit)).toBe(false);
    expect(creditLine(city.credit)).toBe('"Roebling Suspension Bridge, Cincinnati" by Derek Jensen, public domain');
  });
});
