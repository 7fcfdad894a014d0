export interface PathStats {
  sends: number;
  bytes: number;
  firstBytes: number;
}
export interface PacedServer {
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  stats(): { bytes: number; byPath: Record<string, PathStats> };
  close(): Promise<void>;
}
export function servePaced(root: string, link: { mbit: number; rttMs: number }): Promise<PacedServer>;
