import { describe, expect, it } from 'vitest';
import { formatRoute, HOME, parseRoute, reachableStep, type Route, type StepName } from '../../src/core/route';

describe('routes in the address', () => {
  const all: Route[] = [
    { tab: 'new', step: 'upload' },
    { tab: 'new', step: 'background' },
    { tab: 'new', step: 'precheck' },
    { tab: 'new', step: 'process' },
    { tab: 'new', step: 'review' },
    { tab: 'videos' },
    { tab: 'backgrounds' },
    { tab: 'settings' },
  ];

  it('reads back every route it writes', () => {
    for (const r of all) expect(parseRoute(formatRoute(r))).toEqual(r);
  });

  it('writes words a person can read, and nothing for the start', () => {
    expect(formatRoute({ tab: 'new', step: 'precheck' })).toBe('#/new/check');
    expect(formatRoute({ tab: 'new', step: 'process' })).toBe('#/new/making');
    expect(formatRoute({ tab: 'videos' })).toBe('#/videos');
    expect(formatRoute(HOME)).toBe('');
  });

  it('takes any address it did not write as the start', () => {
    for (const hash of ['', '#', '#/', '#/new', '#/new/nowhere', '#/elsewhere', '#top', '#/NEW/check', '#/videos/']) {
      const r = parseRoute(hash);
      expect(r.tab === 'new' ? r.step : r.tab, hash).toBe(hash === '#/videos/' ? 'videos' : 'upload');
    }
  });
});

describe('which step can be shown', () => {
  const none = { clip: false, making: false, made: false };
  const picked = { clip: true, making: false, made: false };

  it('shows a step whose material is there', () => {
    const steps: StepName[] = ['upload', 'background', 'precheck'];
    for (const s of steps) expect(reachableStep(s, picked)).toBe(s);
    expect(reachableStep('process', { ...picked, making: true })).toBe('process');
    expect(reachableStep('review', { ...picked, made: true })).toBe('review');
  });

  it('falls back to the furthest earlier step that can be shown', () => {
    // A reload lost the running job: the clip is kept, so the Check step.
    expect(reachableStep('process', picked)).toBe('precheck');
    // The made video was deleted meanwhile.
    expect(reachableStep('review', picked)).toBe('precheck');
    // Nothing kept at all.
    for (const s of ['background', 'precheck', 'process', 'review'] as const) expect(reachableStep(s, none)).toBe('upload');
  });
});
