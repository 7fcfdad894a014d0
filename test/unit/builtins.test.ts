import { describe, expect, it, vi } from 'vitest';
import { BUILTIN_BACKGROUNDS, findBuiltin } from '../../src/core/builtinBackgrounds';

const HEX = /^#[0-9a-f]{6}$/i;

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

  it('gives every recipe a gradient of at least 2 colour stops', () => {
    for (const b of BUILTIN_BACKGROUNDS) {
      expect(b.stops.length, b.id).toBeGreaterThanOrEqual(2);
      for (const stop of b.stops) expect(stop, b.id).toMatch(HEX);
    }
  });

  it('keeps every light inside the frame with a sane size, colour and opacity', () => {
    for (const b of BUILTIN_BACKGROUNDS) {
      expect(b.lights.length, b.id).toBeGreaterThan(0);
      for (const l of b.lights) {
        for (const v of [l.x, l.y, l.alpha]) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v, b.id).toBeGreaterThanOrEqual(0);
          expect(v, b.id).toBeLessThanOrEqual(1);
        }
        expect(l.r, b.id).toBeGreaterThan(0);
        expect(l.r, b.id).toBeLessThanOrEqual(1);
        expect(l.color, b.id).toMatch(HEX);
      }
    }
  });

  it('draws the same scattered lights on every load (seeded, not random)', async () => {
    const before = JSON.stringify(BUILTIN_BACKGROUNDS);
    vi.resetModules();
    const again = await import('../../src/core/builtinBackgrounds');
    expect(JSON.stringify(again.BUILTIN_BACKGROUNDS)).toBe(before);
  });

  it('scatters lights across the frame rather than piling them up', () => {
    const city = findBuiltin('city-dusk');
    expect(city).toBeDefined();
    const xs = city!.lights.map((l) => l.x);
    expect(Math.min(...xs)).toBeLessThan(0.25);
    expect(Math.max(...xs)).toBeGreaterThan(0.75);
    expect(new Set(xs).size).toBe(xs.length);
  });
});

describe('findBuiltin', () => {
  it('finds each background by id, and nothing for an unknown id', () => {
    for (const b of BUILTIN_BACKGROUNDS) expect(findBuiltin(b.id)).toBe(b);
    expect(findBuiltin('no-such-background')).toBeUndefined();
    expect(findBuiltin('')).toBeUndefined();
  });
});
