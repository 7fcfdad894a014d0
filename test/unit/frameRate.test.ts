import { describe, expect, it } from 'vitest';
import { frameCount, rationalValue, toRational } from '../../src/core/frameRate';

describe('toRational', () => {
  it('keeps the NTSC rates exact', () => {
    expect(toRational(29.97)).toBe('30000/1001');
    expect(toRational(30000 / 1001)).toBe('30000/1001');
    expect(toRational(59.94)).toBe('60000/1001');
    expect(toRational(23.976)).toBe('24000/1001');
  });

  it('writes whole common rates over 1', () => {
    expect(toRational(24)).toBe('24/1');
    expect(toRational(25)).toBe('25/1');
    expect(toRational(30)).toBe('30/1');
    expect(toRational(50)).toBe('50/1');
    expect(toRational(60)).toBe('60/1');
    expect(toRational(120)).toBe('120/1');
  });

  it('snaps a phone rate measured a hair off to the common rate', () => {
    expect(toRational(29.998)).toBe('30/1');
    expect(toRational(29.9702)).toBe('30000/1001');
  });

  it('writes other rates in thousandths', () => {
    expect(toRational(12.5)).toBe('12500/1000');
    expect(toRational(15)).toBe('15000/1000');
    expect(toRational(29.5)).toBe('29500/1000');
  });

  it('refuses zero, negative and non-finite rates', () => {
    for (const bad of [0, -30, NaN, Infinity]) expect(() => toRational(bad)).toThrow(RangeError);
  });

  it('round-trips through rationalValue', () => {
    for (const fps of [23.976, 25, 29.97, 30, 59.94, 12.5]) {
      expect(rationalValue(toRational(fps))).toBeCloseTo(fps, 2);
    }
    expect(rationalValue('30000/1001')).toBeCloseTo(29.97003, 5);
    expect(rationalValue('25')).toBe(25);
  });
});

describe('frameCount', () => {
  it('counts the frames a constant-rate clip yields', () => {
    expect(frameCount(10, 30)).toBe(300);
    expect(frameCount(30, 30000 / 1001)).toBe(899);
    expect(frameCount(2.5, 25)).toBe(63); // 62.5 rounds up
  });

  it('is at least one frame', () => {
    expect(frameCount(0, 30)).toBe(1);
    expect(frameCount(0.001, 30)).toBe(1);
  });
});
