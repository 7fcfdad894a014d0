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
): void;
