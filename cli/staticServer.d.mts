export interface StaticServer {
  url: string;
  close(): Promise<void>;
}
export function serveStatic(root: string, port?: number): Promise<StaticServer>;
export declare const TYPES: Readonly<Record<string, string>>;
export function resolveFile(root: string, path: string): { file: string; size: number; type: string } | 'forbidden' | null;
export function sendFile(
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
  root: string,
  path: string,
  extraHeaders?: Record<string, string>,
  send?: (body: import('node:stream').Readable, res: import('node:http').ServerResponse) => void,
): void;
export function precompressedFor(
  acceptEncoding: string | string[] | undefined,
  file: string,
): { file: string; size: number; encoding: 'br' | 'gzip' } | null;
