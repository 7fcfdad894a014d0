export interface StaticServer {
  url: string;
  close(): Promise<void>;
}
export function serveStatic(root: string, port?: number): Promise<StaticServer>;
export declare const TYPES: Readonly<Record<string, string>>;
export function resolveFile(root: string, path: string): { file: string; size: number; type: string } | 'forbidden' | null;
