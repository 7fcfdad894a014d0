export const HARNESS_DIR: string;
export function ensureHarness(opts?: { force?: boolean; noBuild?: boolean; log?: (line: string) => void }): { dir: string; buildSec: number | null };
export const APP_DIR: string;
export function ensureApp(opts?: { force?: boolean; noBuild?: boolean; log?: (line: string) => void }): { dir: string; buildSec: number | null };
