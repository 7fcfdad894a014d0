// Peak memory of a process tree: every ~100 ms, the PSS (proportional set size, so pages shared
// between Chromium's processes are counted once in total) of every descendant of a root pid is read
// from /proc/<pid>/smaps_rollup and summed; the peak is the largest sum seen.
import { readdirSync, readFileSync } from 'node:fs';

function parentMap() {
  const parents = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      // "pid (comm) state ppid ..." — comm may hold spaces or parentheses
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(rest[1]));
    } catch {
      // gone already
    }
  }
  return parents;
}

export function descendants(root) {
  const parents = parentMap();
  const children = new Map();
  for (const [pid, ppid] of parents) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  const out = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length) {
    const pid = queue.shift();
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function pssKiB(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** utime + stime of one process, in clock ticks (cumulative since it started). */
function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return null;
  }
}

/** Busy and total clock ticks of the whole machine (all CPUs), from /proc/stat. */
export function machineTicks() {
  const f = readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] ?? 0);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function comm(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'latin1').trim();
  } catch {
    return '?';
  }
}

/**
 * Samples the tree under `rootPid` until stop() is called. `includeRoot`: count the root too (for a
 * lone ffmpeg); the CLI's and runner's own node process is left out (only Chromium is wanted).
 */
export function sampleTree(rootPid, { intervalMs = 100, includeRoot = false } = {}) {
  let peakKiB = 0;
  let peakProcs = 0;
  let samples = 0;
  const names = new Map();
  const ticks = new Map();
  const m0 = machineTicks();
  const tick = () => {
    const pids = descendants(rootPid);
    if (includeRoot) pids.unshift(rootPid);
    const rootTicks = cpuTicks(rootPid);
    if (rootTicks != null) ticks.set(rootPid, rootTicks);
    let sum = 0;
    for (const pid of pids) {
      sum += pssKiB(pid);
      if (!names.has(pid)) names.set(pid, comm(pid));
      const t = cpuTicks(pid);
      if (t != null) ticks.set(pid, t);
    }
    samples++;
    if (sum > peakKiB) {
      peakKiB = sum;
      peakProcs = pids.length;
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      const m1 = machineTicks();
      // CPU time of the sampled tree (processes that ended between samples lose their last ~100 ms)
      // and of everything else on the machine over the same span: the noise indicator.
      const ours = [...ticks.values()].reduce((a, b) => a + b, 0);
      const busy = m1.busy - m0.busy;
      const cores = (m1.total - m0.total) || 1;
      const counts = {};
      for (const n of names.values()) counts[n] = (counts[n] ?? 0) + 1;
      return {
        peakMB: Math.round((peakKiB * 1024) / 1e5) / 10,
        peakProcs,
        samples,
        processes: counts,
        // shares of all CPUs over the run (1.0 = every core busy the whole time)
        cpuOurs: Math.round((Math.min(ours, busy) / cores) * 1000) / 1000,
        cpuOthers: Math.round((Math.max(0, busy - ours) / cores) * 1000) / 1000,
      };
    },
  };
}

/** The PSS of every descendant of `rootPid` now, summed, in MB (one reading). */
export function treePssMB(rootPid) {
  const kib = descendants(rootPid).reduce((sum, pid) => sum + pssKiB(pid), 0);
  return Math.round((kib * 1024) / 1e5) / 10;
}

/**
 * The process-private memory of every descendant of `rootPid` now, summed, in MB: anonymous pages
 * and shared memory, proportionally (Pss_Anon + Pss_Shmem). Unlike the whole PSS it leaves out
 * mapped files (Chromium's own binary and libraries), whose share moves with how many other
 * programs map them: a second browser starting or ending elsewhere changes the PSS, not this.
 */
export function treePrivateMB(rootPid) {
  let kib = 0;
  for (const pid of descendants(rootPid)) {
    try {
      const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1');
      for (const key of ['Pss_Anon', 'Pss_Shmem']) kib += Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    } catch {
      // gone already
    }
  }
  return Math.round((kib * 1024) / 1e5) / 10;
}
