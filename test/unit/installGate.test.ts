// When a first visit installs the service worker: after the segmenter's files, never while a video is made.
import { describe, expect, it } from 'vitest';
import { installDelayMs, QUIET_MS, type InstallGateState } from '../../src/core/installGate';

const first: InstallGateState = { controlled: false, filesSettled: true, making: false, clipOpen: false, changedAtMs: 1000 };

describe('installDelayMs', () => {
  it('installs at once where a service worker already controls the page', () => {
    expect(installDelayMs({ ...first, controlled: true, filesSettled: false, making: true, clipOpen: true }, 0)).toBe(0);
  });

  it('waits for the segmenter files on a first visit', () => {
    expect(installDelayMs({ ...first, filesSettled: false }, 5000)).toBeNull();
    expect(installDelayMs(first, 5000)).toBe(0);
  });

  it('never installs while a video is being made', () => {
    expect(installDelayMs({ ...first, making: true }, 10 * QUIET_MS)).toBeNull();
  });

  it('waits while a clip is open, until it has been left alone for a while', () => {
    const open = { ...first, clipOpen: true, changedAtMs: 1000 };
    expect(installDelayMs(open, 1000)).toBe(QUIET_MS);
    expect(installDelayMs(open, 1000 + QUIET_MS - 5)).toBe(5);
    expect(installDelayMs(open, 1000 + QUIET_MS)).toBe(0);
  });
});
