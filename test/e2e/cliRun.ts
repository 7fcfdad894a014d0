/** Runs the restyle command (cli/restyle.mjs) as a user would, for the browser tests that drive it. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface CliRun {
  status: number | null;
  /** The --json object; empty when none was printed (usage errors, runs without --json). */
  json: Record<string, unknown>;
  stderr: string;
}

export function restyle(args: string[]): CliRun {
  const r = spawnSync(process.execPath, [join(ROOT, 'cli', 'restyle.mjs'), ...args], { encoding: 'utf8', timeout: 200_000 });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(r.stdout) as Record<string, unknown>;
  } catch {
    // not every run prints JSON
  }
  return { status: r.status, json, stderr: r.stderr };
}
