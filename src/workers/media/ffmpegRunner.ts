/**
 * ffmpeg.wasm behind a small API: load the single-thread core from our own origin once (its 32 MB
 * wasm fetched the first time a clip needs it, then kept on the device), run a command with
 * progress, mount input files without copying them (WORKERFS). Used only inside the media worker.
 */
import { FFmpeg, FFFSType } from '@ffmpeg/ffmpeg';
import { RestyleError } from '../../core/errors';
import { FFMPEG } from '../../shipped/runtimeFiles';
import { keptFile, type DownloadProgress } from '../../shipped/download';
import { SharedLoad } from '../../shipped/sharedLoad';

export type FrameProgress = (framesDone: number) => void;

const LOG_TAIL = 40;

export class FfmpegRunner {
  private readonly ffmpeg = new SharedLoad((onProgress) => this.start(onProgress));
  private readonly logTail: string[] = [];
  private onFrame: FrameProgress | null = null;

  /** Loads ffmpeg.wasm now, its wasm from the device or fetched (and kept) with `onProgress`. */
  load(onProgress?: DownloadProgress): Promise<FFmpeg> {
    return this.ffmpeg.get(onProgress);
  }

  private async start(onProgress: DownloadProgress): Promise<FFmpeg> {
    const wasm = await keptFile(FFMPEG.wasm, onProgress);
    const ffmpeg = new FFmpeg();
    ffmpeg.on('log', ({ message }) => {
      this.logTail.push(message);
      if (this.logTail.length > LOG_TAIL) this.logTail.shift();
      // "frame=  123 fps=..." lines are the most exact progress ffmpeg gives.
      const m = /^frame=\s*(\d+)/.exec(message);
      if (m && this.onFrame) this.onFrame(Number(m[1]));
    });
    // The core's script from our origin (the page's policy runs no script from a blob); its wasm
    // from memory, as read from the device's cache.
    const wasmURL = URL.createObjectURL(wasm);
    try {
      await ffmpeg.load({ coreURL: FFMPEG.core.url, wasmURL });
    } finally {
      URL.revokeObjectURL(wasmURL);
    }
    return ffmpeg;
  }

  /** Runs one command; a non-zero exit becomes a RestyleError (the log tail goes to the console only). */
  async run(args: string[], onFrame: FrameProgress | null, failure: string): Promise<void> {
    const ffmpeg = await this.load();
    this.logTail.length = 0;
    this.onFrame = onFrame;
    try {
      const code = await ffmpeg.exec(['-stats_period', '0.25', ...args]);
      if (code !== 0) {
        console.warn(`ffmpeg exited with ${code}:\n${this.logTail.join('\n')}`);
        throw new RestyleError('failed', failure);
      }
    } finally {
      this.onFrame = null;
    }
  }

  async mountBlob(dir: string, name: string, data: Blob): Promise<string> {
    const ffmpeg = await this.load();
    await ffmpeg.createDir(dir).catch(() => undefined);
    await ffmpeg.mount(FFFSType.WORKERFS, { blobs: [{ name, data }] }, dir);
    return `${dir}/${name}`;
  }

  async unmount(dir: string): Promise<void> {
    const ffmpeg = await this.load();
    await ffmpeg.unmount(dir).catch(() => undefined);
    await ffmpeg.deleteDir(dir).catch(() => undefined);
  }

  async write(path: string, data: Uint8Array): Promise<void> {
    await (await this.load()).writeFile(path, data);
  }

  async read(path: string): Promise<Uint8Array> {
    const data = await (await this.load()).readFile(path);
    if (typeof data === 'string') throw new Error('expected binary data');
    return data;
  }

  async remove(...paths: string[]): Promise<void> {
    const ffmpeg = await this.load();
    for (const p of paths) await ffmpeg.deleteFile(p).catch(() => undefined);
  }
}
