import { useEffect, useState } from 'react';

/**
 * While long work runs: keep the screen on (Screen Wake Lock, where the browser has it; it is
 * released when the tab is hidden, so it is asked for again on return), and remember whether the
 * tab went to the background so the person can be told it may have slowed down.
 */
export function useKeepAwake(active: boolean): boolean {
  const [wentAway, setWentAway] = useState(false);
  useEffect(() => {
    if (!active) return;
    let lock: WakeLockSentinel | null = null;
    let live = true;
    const acquire = async () => {
      if (!('wakeLock' in navigator) || document.visibilityState !== 'visible') return;
      try {
        const l = await navigator.wakeLock.request('screen');
        if (live) lock = l;
        else void l.release();
      } catch {
        // Refused (battery saver, no permission): the work goes on, the screen may dim.
      }
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') setWentAway(true);
      else void acquire();
    };
    void acquire();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      live = false;
      document.removeEventListener('visibilitychange', onVisibility);
      void lock?.release();
    };
  }, [active]);
  return wentAway;
}
