/**
 * One load shared by every caller that asks for it meanwhile (the first screen's prefetch, the
 * Check step, the video), each hearing its progress from where it stands; kept once done, and let
 * go of when it failed, so the next caller tries again (the connection may be back).
 */
import type { DownloadProgress } from './download';

export class SharedLoad<T> {
  private running: Promise<T> | null = null;
  private readonly listeners = new Set<DownloadProgress>();
  private last: readonly [number, number] | null = null;

  constructor(private readonly start: (onProgress: DownloadProgress) => Promise<T>) {}

  get(onProgress?: DownloadProgress): Promise<T> {
    if (onProgress) {
      this.listeners.add(onProgress);
      if (this.last) onProgress(this.last[0], this.last[1]);
    }
    const running = (this.running ??= this.start((loaded, total) => {
      this.last = [loaded, total];
      for (const listener of this.listeners) listener(loaded, total);
    }));
    void running
      .then(
        () => undefined,
        () => {
          if (this.running === running) {
            this.running = null;
            this.last = null;
          }
        },
      )
      .finally(() => {
        if (onProgress) this.listeners.delete(onProgress);
      });
    return running;
  }
}
