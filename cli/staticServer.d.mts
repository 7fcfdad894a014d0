export interface StaticServer {
  url: string;
  close(): Promise<void>;
}
export function serveStatic(root: string, port?: number): Promise<StaticServer>;
