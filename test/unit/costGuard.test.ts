import { describe, expect, it } from 'vitest';
import { COOLDOWN_MS, DAY_MS, checkRegeneration, pruneLog, type GuardVerdict } from '../../src/core/costGuard';
import { seededRandom } from '../../src/core/seededRandom';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

type Refusal = Extract<GuardVerdict, { ok: false }>;

function refused(v: GuardVerdict): Refusal {
  expect(v.ok).toBe(false);
  if (v.ok) throw new Error('expected a refusal');
  return v;
}

const rng = seededRandom;

describe('checkRegeneration: allowed', () => {
  it('allows the first regeneration on an empty log', () => {
    expect(checkRegeneration([], NOW, 3)).toEqual({ ok: true });
  });

  it('allows while fewer than perDay in the last 24 h and the last is past the cooldown', () => {
    expect(checkRegeneration([NOW - 5 * HOUR, NOW - 2 * HOUR], NOW, 3)).toEqual({ ok: true });
  });

  it('allows exactly when the cooldown has passed', () => {
    expect(checkRegeneration([NOW - COOLDOWN_MS], NOW, 3)).toEqual({ ok: true });
  });

  it('does not care about the order of the log', () => {
    expect(checkRegeneration([NOW - 2 * HOUR, NOW - 9 * HOUR], NOW, 3)).toEqual({ ok: true });
  });
});

describe('checkRegeneration: daily cap', () => {
  it('refuses the (perDay+1)th in 24 h with retryAt = the oldest of the last perDay + 24 h', () => {
    const log = [NOW - 20 * HOUR, NOW - 10 * HOUR, NOW - 1 * HOUR];
    const v = refused(checkRegeneration(log, NOW, 3));
    expect(v.reason).toBe('daily-cap');
    expect(v.retryAt).toBe(NOW - 20 * HOUR + DAY_MS);
  });

  it('uses the oldest of the last perDay entries, not the oldest overall, when the log holds more (limit lowered)', () => {
    const log = [NOW - 23 * HOUR, NOW - 20 * HOUR, NOW - 10 * HOUR, NOW - 5 * HOUR, NOW - 1 * HOUR];
    const v = refused(checkRegeneration(log, NOW, 2));
    expect(v.reason).toBe('daily-cap');
    expect(v.retryAt).toBe(NOW - 5 * HOUR + DAY_MS);
  });

  it('finds the right entry in an unsorted log', () => {
    const log = [NOW - 1 * HOUR, NOW - 20 * HOUR, NOW - 10 * HOUR];
    expect(refused(checkRegeneration(log, NOW, 2)).retryAt).toBe(NOW - 10 * HOUR + DAY_MS);
  });

  it('message mentions the count and when, singular and plural', () => {
    const three = refused(checkRegeneration([NOW - 20 * HOUR, NOW - 10 * HOUR, NOW - 1 * HOUR], NOW, 3));
    expect(three.message).toContain('3 times');
    expect(three.message).toContain('in 4 hours');
    expect(three.message).toMatch(/Settings/);

    const one = refused(checkRegeneration([NOW - 23 * HOUR - 30 * MIN], NOW, 1));
    expect(one.message).toContain('1 time ');
    expect(one.message).not.toContain('1 times');
    expect(one.message).toContain('in 30 minutes');
    expect(one.retryAt).toBe(NOW + 30 * MIN);

    const soon = refused(checkRegeneration([NOW - DAY_MS + 10_000], NOW, 1));
    expect(soon.message).toContain('in a minute');

    const oneHour = refused(checkRegeneration([NOW - 23 * HOUR], NOW, 1));
    expect(oneHour.message).toContain('in 1 hour');
    expect(oneHour.message).not.toContain('hours');
  });

  it('is a cap before it is a cooldown', () => {
    const v = refused(checkRegeneration([NOW - 10_000], NOW, 1));
    expect(v.reason).toBe('daily-cap');
    expect(v.retryAt).toBe(NOW - 10_000 + DAY_MS);
  });

  it('counts an entry made exactly now', () => {
    const v = refused(checkRegeneration([NOW], NOW, 1));
    expect(v.reason).toBe('daily-cap');
    expect(v.retryAt).toBe(NOW + DAY_MS);
  });

  it('is a rolling 24 h: just inside still counts, exactly 24 h ago does not', () => {
    expect(refused(checkRegeneration([NOW - DAY_MS + 1], NOW, 1)).reason).toBe('daily-cap');
    expect(checkRegeneration([NOW - DAY_MS], NOW, 1)).toEqual({ ok: true });
  });
});

describe('checkRegeneration: perDay 0 turns it off', () => {
  it('refuses even with an empty log, saying it is turned off', () => {
    const v = refused(checkRegeneration([], NOW, 0));
    expect(v.reason).toBe('daily-cap');
    expect(v.message).toMatch(/turned off/i);
    expect(v.message).toMatch(/Settings/);
    expect(v.retryAt).toBeGreaterThan(NOW);
  });

  it('refuses with old and recent entries too', () => {
    const v = refused(checkRegeneration([NOW - 3 * DAY_MS, NOW - HOUR], NOW, 0));
    expect(v.message).toMatch(/turned off/i);
    expect(v.retryAt).toBeGreaterThan(NOW);
  });
});

describe('checkRegeneration: cooldown', () => {
  it('refuses within the default 60 s with retryAt = last + 60 s', () => {
    const v = refused(checkRegeneration([NOW - 10_000], NOW, 5));
    expect(v.reason).toBe('cooldown');
    expect(v.retryAt).toBe(NOW - 10_000 + COOLDOWN_MS);
    expect(v.message).toMatch(/just made new backgrounds/);
    expect(v.message).toContain('in a minute');
  });

  it('uses the latest entry, whatever the order', () => {
    const v = refused(checkRegeneration([NOW - 30_000, NOW - 5 * HOUR, NOW - 50_000], NOW, 5));
    expect(v.retryAt).toBe(NOW - 30_000 + COOLDOWN_MS);
  });

  it('takes a custom cooldown, and the message says when', () => {
    const cd = 10 * MIN;
    const v = refused(checkRegeneration([NOW - 2 * MIN], NOW, 5, cd));
    expect(v.reason).toBe('cooldown');
    expect(v.retryAt).toBe(NOW + 8 * MIN);
    expect(v.message).toContain('in 8 minutes');
    expect(checkRegeneration([NOW - cd], NOW, 5, cd)).toEqual({ ok: true });
  });

  it('a cooldown of 0 means none', () => {
    expect(checkRegeneration([NOW], NOW, 5, 0)).toEqual({ ok: true });
  });

  it('is refused one millisecond before retryAt and allowed at retryAt', () => {
    const v = refused(checkRegeneration([NOW - 1000], NOW, 5));
    expect(refused(checkRegeneration([NOW - 1000], v.retryAt - 1, 5)).reason).toBe('cooldown');
    expect(checkRegeneration([NOW - 1000], v.retryAt, 5)).toEqual({ ok: true });
  });
});

describe('checkRegeneration: ignores entries that do not count', () => {
  it('ignores entries older than 24 h', () => {
    const old = [NOW - DAY_MS - 1, NOW - 2 * DAY_MS, NOW - 30 * DAY_MS, NOW - 25 * HOUR];
    expect(checkRegeneration(old, NOW, 1)).toEqual({ ok: true });
    expect(checkRegeneration([...old, NOW - HOUR], NOW, 2)).toEqual({ ok: true });
  });

  it('ignores timestamps in the future (a clock set wrong) for both the cap and the cooldown', () => {
    const future = [NOW + 1, NOW + 10_000, NOW + HOUR, NOW + 3 * DAY_MS];
    expect(checkRegeneration(future, NOW, 1)).toEqual({ ok: true });
    expect(checkRegeneration([...future, NOW - 2 * HOUR], NOW, 2)).toEqual({ ok: true });
  });

  it('ignores non-finite junk', () => {
    expect(checkRegeneration([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], NOW, 1)).toEqual({ ok: true });
  });

  it('does not change the log it is given', () => {
    const log = [NOW - HOUR, NOW - 20 * HOUR, NOW + HOUR, NOW - 3 * DAY_MS];
    const copy = [...log];
    checkRegeneration(log, NOW, 1);
    checkRegeneration(log, NOW, 5);
    expect(log).toEqual(copy);
  });
});

describe('pruneLog', () => {
  it('keeps only the last 24 h and drops future timestamps', () => {
    const log = [NOW - 3 * DAY_MS, NOW - DAY_MS, NOW - DAY_MS + 1, NOW - HOUR, NOW, NOW + 1, NOW + DAY_MS];
    expect(pruneLog(log, NOW)).toEqual([NOW - DAY_MS + 1, NOW - HOUR, NOW]);
  });

  it('returns a new array and leaves the input alone', () => {
    const log = [NOW - HOUR, NOW - 2 * DAY_MS];
    const out = pruneLog(log, NOW);
    expect(out).not.toBe(log);
    expect(log).toEqual([NOW - HOUR, NOW - 2 * DAY_MS]);
  });

  it('bounds the log: a year of daily use with the guard stays at most perDay entries', () => {
    const perDay = 3;
    let log: number[] = [];
    let t = NOW;
    let made = 0;
    // Try every 20 minutes for a year, recording like claimGeminiRun does.
    for (let i = 0; i < 365 * 72; i++, t += 20 * MIN) {
      if (checkRegeneration(log, t, perDay).ok) {
        log = [...pruneLog(log, t), t];
        made++;
      }
      expect(log.length).toBeLessThanOrEqual(perDay);
    }
    expect(made).toBeGreaterThan(365 * (perDay - 1));
  });

  it('does not change the verdict', () => {
    const r = rng(7);
    for (let i = 0; i < 500; i++) {
      const log = Array.from({ length: Math.floor(r() * 12) }, () => NOW + Math.round((r() * 3 - 2) * DAY_MS));
      const perDay = Math.floor(r() * 6);
      expect(checkRegeneration(pruneLog(log, NOW), NOW, perDay)).toEqual(checkRegeneration(log, NOW, perDay));
    }
  });
});

describe('checkRegeneration: properties over many random logs', () => {
  it('ok means fewer than perDay in the last 24 h and none within the cooldown; refusals always point to the future', () => {
    const r = rng(20250615);
    let oks = 0;
    let caps = 0;
    let cooldowns = 0;
    for (let i = 0; i < 5000; i++) {
      const now = NOW + Math.floor(r() * DAY_MS);
      const perDay = Math.floor(r() * 7);
      const cooldownMs = r() < 0.5 ? COOLDOWN_MS : Math.floor(r() * 2 * HOUR);
      const n = Math.floor(r() * 10);
      // Mix of: long ago, within the day, within seconds, exactly now, and in the future.
      const log = Array.from({ length: n }, () => {
        const k = r();
        if (k < 0.2) return now - DAY_MS - Math.floor(r() * 5 * DAY_MS);
        if (k < 0.6) return now - Math.floor(r() * DAY_MS);
        if (k < 0.8) return now - Math.floor(r() * 3 * cooldownMs);
        if (k < 0.85) return now;
        return now + 1 + Math.floor(r() * DAY_MS);
      });
      const v = checkRegeneration(log, now, perDay, cooldownMs);
      const inDay = log.filter((t) => t <= now && now - t < DAY_MS);
      if (v.ok) {
        oks++;
        expect(inDay.length).toBeLessThan(perDay);
        expect(inDay.some((t) => now - t < cooldownMs)).toBe(false);
      } else {
        expect(v.retryAt).toBeGreaterThan(now);
        expect(v.message.length).toBeGreaterThan(0);
        if (v.reason === 'daily-cap') {
          caps++;
          expect(inDay.length).toBeGreaterThanOrEqual(perDay);
          if (perDay > 0) {
            const sorted = [...inDay].sort((a, b) => a - b);
            expect(v.retryAt).toBe((sorted[sorted.length - perDay] ?? Number.NaN) + DAY_MS);
            expect(v.message).toContain(String(perDay));
          }
        } else {
          cooldowns++;
          expect(inDay.length).toBeLessThan(perDay);
          expect(v.retryAt).toBe(Math.max(...inDay) + cooldownMs);
        }
        // Without future entries in the log, retryAt is when that reason ends: still refused for
        // that reason a millisecond before, and no longer refused for it at retryAt.
        if (!log.some((t) => t > now)) {
          const at = checkRegeneration(log, v.retryAt, perDay, cooldownMs);
          const before = checkRegeneration(log, v.retryAt - 1, perDay, cooldownMs);
          if (perDay > 0) {
            expect(before.ok ? null : before.reason).toBe(v.reason);
            expect(at.ok ? null : at.reason).not.toBe(v.reason);
          }
          if (v.reason === 'cooldown') expect(at).toEqual({ ok: true });
        }
      }
    }
    // The generator really exercises all three outcomes.
    expect(oks).toBeGreaterThan(200);
    expect(caps).toBeGreaterThan(200);
    expect(cooldowns).toBeGreaterThan(200);
  });
});
