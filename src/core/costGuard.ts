/**
 * Stops runaway spending on the person's Gemini key: at most `perDay` "make new backgrounds"
 * in any 24 hours, and a cooldown between two. Pure: the caller checks and records in one
 * IndexedDB transaction, so double clicks and two tabs cannot slip past it.
 */
export const DAY_MS = 24 * 60 * 60 * 1000;
export const COOLDOWN_MS = 60 * 1000;

export type GuardVerdict = { ok: true } | { ok: false; reason: 'daily-cap' | 'cooldown'; retryAt: number; message: string };

export function checkRegeneration(log: readonly number[], now: number, perDay: number, cooldownMs = COOLDOWN_MS): GuardVerdict {
  const recent = log.filter((t) => now - t < DAY_MS && t <= now).sort((a, b) => a - b);
  const last = recent[recent.length - 1];
  if (recent.length >= perDay) {
    const first = recent[recent.length - perDay] ?? now;
    const retryAt = first + DAY_MS;
    return {
      ok: false,
      reason: 'daily-cap',
      retryAt,
      message:
        perDay === 0
          ? 'Making new backgrounds is turned off in Settings.'
          : `You've made new backgrounds ${perDay} ${perDay === 1 ? 'time' : 'times'} today, the most your Settings allow. ` +
            `You can make more ${formatWhen(retryAt - now)}, or raise the limit in Settings.`,
    };
  }
  if (last !== undefined && now - last < cooldownMs) {
    const retryAt = last + cooldownMs;
    return {
      ok: false,
      reason: 'cooldown',
      retryAt,
      message: `You just made new backgrounds. You can make more ${formatWhen(retryAt - now)}.`,
    };
  }
  return { ok: true };
}

/** Keeps only what the guard needs (the last day), so the log cannot grow without bound. */
export function pruneLog(log: readonly number[], now: number): number[] {
  return log.filter((t) => now - t < DAY_MS && t <= now);
}

function formatWhen(ms: number): string {
  const min = Math.ceil(ms / 60_000);
  if (min <= 1) return 'in a minute';
  if (min < 60) return `in ${min} minutes`;
  const h = Math.ceil(min / 60);
  return `in ${h} ${h === 1 ? 'hour' : 'hours'}`;
}
