/**
 * File handling for the installed desktop app (manifest `file_handlers`): opening a video with
 * Restyle from the file manager queues it on window.launchQueue (Chromium only).
 */

interface LaunchParams {
  readonly targetURL?: string;
  readonly files: readonly FileSystemHandle[];
}

interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

function isFileHandle(handle: FileSystemHandle): handle is FileSystemFileHandle {
  return handle.kind === 'file';
}

/**
 * Calls `cb` with each file the app was launched with (and with files of later launches while it
 * is open). Does nothing where the browser has no launchQueue. Returns false in that case.
 */
export function onLaunchFile(cb: (file: File) => void): boolean {
  const queue = (window as Window & { launchQueue?: LaunchQueue }).launchQueue;
  if (!queue) return false;
  queue.setConsumer((params) => {
    for (const handle of params.files) {
      if (!isFileHandle(handle)) continue;
      handle.getFile().then(cb, (e: unknown) => console.warn('[restyle] could not open the launched file', e));
    }
  });
  return true;
}
