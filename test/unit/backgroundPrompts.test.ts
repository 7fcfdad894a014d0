import { describe, expect, it } from 'vitest';
import { BACKGROUND_COUNT, BACKGROUND_THEMES, backgroundPrompt, backgroundTheme } from '../../src/core/backgroundPrompts';

const all = Array.from({ length: BACKGROUND_COUNT }, (_, i) => backgroundPrompt(i));

describe('background prompts', () => {
  it('has 5 themes with distinct ids, titles and settings', () => {
    expect(BACKGROUND_COUNT).toBe(5);
    expect(BACKGROUND_THEMES).toHaveLength(BACKGROUND_COUNT);
    expect(new Set(BACKGROUND_THEMES.map((t) => t.id)).size).toBe(5);
    expect(new Set(BACKGROUND_THEMES.map((t) => t.title)).size).toBe(5);
    expect(new Set(BACKGROUND_THEMES.map((t) => t.setting)).size).toBe(5);
  });

  it('gives 5 distinct prompts, each with its own theme', () => {
    expect(new Set(all).size).toBe(5);
    all.forEach((p, i) => expect(p).toContain(BACKGROUND_THEMES[i]!.setting));
  });

  it('covers the intended kinds of place', () => {
    const text = all.join('\n').toLowerCase();
    for (const word of ['indoor', 'golden hour', 'forest', 'studio', 'dreamy']) expect(text).toContain(word);
  });

  it.each(all.map((p, i) => [i, p] as const))('prompt %i asks for what we need', (_i, prompt) => {
    const p = prompt.toLowerCase();
    // Reads the person's style from the selfie.
    expect(p).toContain('selfie');
    expect(p).toMatch(/style/);
    expect(p).toMatch(/clothing/);
    expect(p).toMatch(/colours/);
    expect(p).toMatch(/mood|vibe/);
    // Photographic, empty of people, text and logos.
    expect(p).toContain('photographic');
    expect(p).toContain('no people');
    expect(p).toContain('no faces');
    expect(p).toContain('no bodies');
    expect(p).toContain('no text');
    expect(p).toContain('no logos');
    expect(p).toContain('no watermarks');
    // Composition.
    expect(p).toContain('9:16');
    expect(p).toContain('portrait');
    expect(p).toContain('eye level');
    expect(p).toContain('natural light');
    expect(p).toMatch(/middle ground where a person would stand/);
    expect(p).toContain('distinct from the other themes');
  });

  it('names the other themes, not its own, when asking to be distinct', () => {
    const p0 = backgroundPrompt(0);
    const tail = p0.slice(p0.indexOf('distinct from the other themes'));
    expect(tail).not.toContain(BACKGROUND_THEMES[0]!.title.toLowerCase());
    for (const t of BACKGROUND_THEMES.slice(1)) expect(tail).toContain(t.title.toLowerCase());
  });

  it('wraps indexes so any number gives a theme', () => {
    expect(backgroundPrompt(5)).toBe(backgroundPrompt(0));
    expect(backgroundPrompt(-1)).toBe(backgroundPrompt(4));
    expect(backgroundTheme(Number.NaN)).toBe(BACKGROUND_THEMES[0]);
  });
});
