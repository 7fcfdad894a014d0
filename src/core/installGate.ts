/**
 * When a first visit installs the service worker. Its precache downloads the whole app for
 * offline use; started at once it halved the bandwidth left for what the first video waits on
 * (the segmenter's files), so it waits until those are in and the person is not in the middle of
 * making a video: no clip open, or a clip left alone for a while since those files came (a person
 * waiting on them at the Check step is not idle). A page a service worker already
 * controls registers at once (nothing to download; it looks for updates).
 */
export interface InstallGateState {
  /** A service worker controls this page already. */
  controlled: boolean;
  /** The segmenter's files are in (or failed: nothing to wait for then). */
  filesSettled: boolean;
  /** A video is being made. */
  making: boolean;
  /** A clip is picked and its video not made yet. */
  clipOpen: boolean;
  /** When `clipOpen`, `making` or `filesSettled` last changed (ms, the caller's clock). */
  changedAtMs: number;
}

/** A clip left alone this long (a person reading, or gone) is "idle" enough to install. */
export const QUIET_MS = 20_000;

/** 0: install now; n > 0: look again in n ms; null: wait for the next change. */
export function installDelayMs(s: InstallGateState, nowMs: number): number | null {
  if (s.controlled) return 0;
  if (!s.filesSettled || s.making) return null;
  if (!s.clipOpen) return 0;
  return Math.max(0, s.changedAtMs + QUIET_MS - nowMs);
}
