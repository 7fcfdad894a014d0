#!/usr/bin/env node
// npm run bench [-- --quick] : how fast, and how big, the app's video pipeline is on this machine.
//
// For each case (a generated clip) and each variant it runs the work N times and reports medians:
//   app:<pipeline>   the full app pipeline as users get it, via `restyle --json` (probe, precheck,
//                    matte, composite, encode, mux in headless Chromium); peak PSS of all Chromium
//                    processes under the CLI. With `--pipeline` support in the CLI, every pipeline.
//   native           Debian's ffmpeg running ONLY the app's composite graph (compositeArgs) given
//                    the masks, then the app's mux (muxArgs, AAC copied).
//   wasm             the same two command lines in ffmpeg.wasm (the app's single-thread core) in
//                    headless Chromium.
// The baselines use a ground-truth mask (the fixture outline where the fixture puts the person)
// at the model's size; the graph's cost does not depend on the mask's content.
// Writes bench/results.json; inputs and outputs go to bench/out/ (gitignored).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpus, totalmem, release } from 'node:os';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAppPlan } from './lib/appPlan.mjs';
import { benchClips, ensureBackground, ensureClip, ensureTruthMask, loadFixtureRecipe } from './lib/clips.mjs';
import { ensureBodyClip } from './lib/bodyClip.mjs';
import { sampleTree } from './lib/procmem.mjs';
import { ensureHarness } from '../scripts/harness.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The whole-body case: its clip comes from the matte eval's renderer, not the fixture recipe. */
const BODY_CASE = '720p-body-30s';
const ROOT = join(HERE, '..');
const OUT = join(HERE, 'out');
const started = Date.now();

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    'wasm-runs': { type: 'string' },
    'legacy-runs': { type: 'string' },
    'wasm-30s': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    build: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    only: { type: 'string' },
    skip: { type: 'string', default: '' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  process.stdout.write(`Usage: npm run bench [-- --quick] [--runs N] [--legacy-runs N] [--wasm-runs N] [--wasm-30s]
                     [--build | --no-build] [--only CASE[,CASE]] [--skip app,native,wasm]
  Default plan (about 15 min on a quiet 2-core machine), each number a count of runs:
    720p-busy-30s   app:webcodecs 3, app:webcodecs-norefine 3, app:webcodecs-selfie 3, app:webcodecs-js 3,
                    app:ffmpeg 1, native 3, native-seed 3, floor 3
                    (wasm: from 10 s; -selfie: the selfie model alone, --matte selfie; -js: the per-pixel
                    loops in plain JS, --kernels js; native-seed: the
                    seed's composite, the background blurred every frame; floor: the browser's decode +
                    encode + mux alone, bench/floor/)
    1080x1920-30s   app:webcodecs 3, app:webcodecs-norefine 3, app:ffmpeg 1, native 3, floor 3  (wasm: from 10 s)
    720p-busy-10s   app:webcodecs 3, app:ffmpeg 1, native 3, wasm 3  (memory flatness; wasm basis)
    1080x1920-10s   wasm 3                                           (wasm basis)
    720p-body-30s   app:webcodecs 3, app:webcodecs-selfie 3 (a whole body walking)
  Without a --pipeline flag in the CLI, its one pipeline gets the app:webcodecs counts.
  --quick        1 run of everything on the 10 s clips (development; targets only indicative)
  --runs         runs of the main variants (default 3)
  --legacy-runs  runs of app:ffmpeg when the CLI also has webcodecs (default 1)
  --wasm-runs    runs of the ffmpeg.wasm baseline (default 3)
  --wasm-30s     also measure ffmpeg.wasm on the 30 s clips instead of extrapolating (+~7 min)
  --build        always rebuild dist-harness/ first (default: only when it is missing or older than the sources)
  --no-build     use dist-harness/ as it is
  --profile      also print where each worker's time went, per frame and stage (the app's own
                 stage clocks, always in results.json): busy stages and the waits between them
  --only         cases: 720p-busy-30s, 1080x1920-30s, 720p-busy-10s, 1080x1920-10s, 720p-body-30s
  --skip         variants to leave out (app, native, native-seed, floor, wasm, or app:ffmpeg ...)
`);
  process.exit(0);
}
const RUNS = Number(opt.runs ?? (opt.quick ? 1 : 3));
const WASM_RUNS = Number(opt['wasm-runs'] ?? (opt.quick ? 1 : 3));
const LEGACY_RUNS = Number(opt['legacy-runs'] ?? 1);
const SKIP = new Set(opt.skip.split(',').filter(Boolean));

const clock = () => {
  const s = Math.round((Date.now() - started) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const log = (msg) => process.stderr.write(`[bench ${clock()}] ${msg}\n`);
const r3 = (x) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 1000) / 1000);

function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// ------------------------------------------------------------------ machine and app

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function machineInfo() {
  const mem = readFileSync('/proc/meminfo', 'utf8');
  const load = readFileSync('/proc/loadavg', 'utf8').trim();
  return {
    cpuModel: cpus()[0]?.model ?? null,
    cores: cpus().length,
    memTotalGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    memAvailableGiB: Math.round((Number(/MemAvailable:\s+(\d+)/.exec(mem)?.[1] ?? 0) / 2 ** 20) * 10) / 10,
    loadAvgAtStart: load,
    kernel: release(),
    node: process.version,
    chromium: sh(process.env.CHROMIUM_PATH || '/usr/bin/chromium', ['--version']),
    ffmpeg: sh('ffmpeg', ['-version'])?.split('\n')[0] ?? null,
    gitCommit: sh('git', ['-C', ROOT, 'rev-parse', 'HEAD']),
    gitDirty: (sh('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src', 'cli', 'workers', 'package.json']) ?? '') !== '',
  };
}

/** The pages the CLI drives, rebuilt when older than their sources (scripts/harness.mjs); seconds it took, or null. */
function build() {
  return ensureHarness({ force: Boolean(opt.build), noBuild: Boolean(opt['no-build']), log }).buildSec;
}

/** Which pipelines the CLI offers (a `--pipeline` flag is being added); [null] = no such flag. */
function cliPipelines() {
  const help = execFileSync(process.execPath, [join(ROOT, 'cli/restyle.mjs'), '--help'], { encoding: 'utf8' });
  const refineFlag = /--refine\b/.test(help);
  if (!/--pipeline\b/.test(help)) return { flag: false, pipelines: [null], refineFlag, help };
  const line = help.split('\n').filter((l) => l.includes('--pipeline')).join(' ');
  const pipelines = ['webcodecs', 'ffmpeg'].filter((p) => line.includes(p) || help.includes(p));
  return { flag: true, pipelines: pipelines.length ? pipelines : ['webcodecs', 'ffmpeg'], refineFlag, help };
}

// ------------------------------------------------------------------ one run of each variant

function runChild(cmd, args, { sampleOpts, stdoutFile } = {}) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    const sampler = sampleTree(child.pid, sampleOpts);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
    });
    child.on('close', (code) => {
      running.delete(child);
      const mem = sampler.stop();
      const wallSec = Number(process.hrtime.bigint() - t0) / 1e9;
      if (stdoutFile) writeFileSync(stdoutFile, stdout);
      resolve({ code, stdout, stderr, wallSec, mem });
    });
  });
}
const running = new Set();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const c of running) {
      try { process.kill(c.pid, 'SIGTERM'); } catch { /* gone */ }
    }
    process.exit(130);
  });
}

function probeFrames(file) {
  const out = sh('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=nb_read_packets,width,height', '-of', 'json', file]);
  const s = out && JSON.parse(out).streams?.[0];
  const a = sh('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file]);
  return s ? { frames: Number(s.nb_read_packets), width: s.width, height: s.height, audio: a || null } : null;
}

function lastJsonLine(text) {
  const lines = text.trim().split('\n').reverse();
  for (const l of lines) {
    try { return JSON.parse(l); } catch { /* not it */ }
  }
  return null;
}

async function runApp(c, pipeline, runIndex, extraArgs = []) {
  const out = join(OUT, 'runs', `${c.id}.app-${pipeline ?? 'default'}${extraArgs.join('')}.${runIndex}.mp4`);
  rmSync(out, { force: true });
  const args = [join(ROOT, 'cli/restyle.mjs'), c.clip.file, '--background', c.background, '--out', out, '--json'];
  if (pipeline) args.push('--pipeline', pipeline);
  args.push(...extraArgs);
  const r = await runChild(process.execPath, args);
  writeFileSync(`${out}.stderr.log`, r.stderr);
  const json = lastJsonLine(r.stdout);
  if (!json?.ok) return { ok: false, error: json?.message ?? `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`, wallSec: r3(r.wallSec) };
  const probed = probeFrames(out);
  const total = json.timingsSec.total;
  return {
    ok: true,
    pipeline: json.pipeline ?? pipeline ?? null,
    totalSec: total,
    wallSec: r3(r.wallSec),
    stagesSec: Object.fromEntries(Object.entries(json.timingsSec).filter(([k]) => k !== 'total')),
    fps: r3(c.clip.frames / total),
    rtFactor: r3(c.clip.durationSec / total),
    peakMB: r.mem.peakMB,
    peakProcs: r.mem.peakProcs,
    memSamples: r.mem.samples,
    cpu: { ours: r.mem.cpuOurs, others: r.mem.cpuOthers },
    processes: r.mem.processes,
    output: { ...probed, bytes: statSync(out).size },
    outputOk: probed?.frames === c.clip.frames && probed?.audio === 'aac',
    cli: { ...json, output: undefined },
  };
}

/**
 * The composite as #20 measured "the seed's": the same graph, but the same gblur run on the
 * looped background, so on every frame, instead of once before the loop.
 */
function perFrameBlur(args) {
  const i = args.indexOf('-filter_complex') + 1;
  const blur = /,gblur=[^,;[]+/.exec(args[i])?.[0];
  const graph = blur ? args[i].replace(blur, '').replace(/(setpts=N\/\([^)]*\)\/TB)\[backdrop\]/, (_m, setpts) => `${setpts}${blur}[backdrop]`) : args[i];
  if (!blur || !graph.includes(`${blur}[backdrop]`)) throw new Error(`could not move the blur after the loop in: ${args[i]}`);
  return args.map((a, k) => (k === i ? graph : a));
}

async function runNative(c, runIndex, seed = false) {
  const name = seed ? 'native-seed' : 'native';
  const video = join(OUT, 'runs', `${c.id}.${name}.${runIndex}.video.mp4`);
  const out = join(OUT, 'runs', `${c.id}.${name}.${runIndex}.mp4`);
  const args = c.plan.compositeArgs({ ...c.compositeJob, inputPath: c.clip.file, maskPath: c.mask, backgroundPath: c.background, outputPath: video });
  const comp = seed ? perFrameBlur(args) : args;
  const mux = c.plan.muxArgs({ videoPath: video, inputPath: c.clip.file, audio: 'copy', outputPath: out });
  const a = await runChild('ffmpeg', comp, { sampleOpts: { includeRoot: true } });
  if (a.code !== 0) return { ok: false, error: `composite: ${a.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  const b = await runChild('ffmpeg', mux, { sampleOpts: { includeRoot: true } });
  if (b.code !== 0) return { ok: false, error: `mux: ${b.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  const probed = probeFrames(out);
  const total = a.wallSec + b.wallSec;
  return {
    ok: true,
    totalSec: r3(total),
    stagesSec: { composite: r3(a.wallSec), mux: r3(b.wallSec) },
    fps: r3(c.clip.frames / total),
    rtFactor: r3(c.clip.durationSec / total),
    peakMB: Math.max(a.mem.peakMB, b.mem.peakMB),
    cpu: { ours: a.mem.cpuOurs, others: a.mem.cpuOthers },
    output: { ...probed, bytes: statSync(out).size },
    outputOk: probed?.frames === c.clip.frames && probed?.audio === 'aac',
  };
}

/** The browser's floor: decode + encode (the app's H.264 settings) + mux, nothing else (bench/floor/). */
async function runFloor(c, runIndex) {
  const { width, height } = c.compositeJob.output;
  const fps = Math.round(c.clip.frames / c.clip.durationSec);
  const job = {
    video: c.clip.file,
    encode: { codec: c.plan.avcCodecFor(c.compositeJob.output), bitrate: c.plan.avcBitrateFor({ width, height }, fps), keyFrameSec: c.plan.keyFrameInterval(fps) / fps },
  };
  const jobFile = join(OUT, 'runs', `${c.id}.floor.${runIndex}.json`);
  writeFileSync(jobFile, JSON.stringify(job));
  const r = await runChild(process.execPath, [join(HERE, 'floor/runner.mjs'), jobFile]);
  const json = lastJsonLine(r.stdout);
  if (!json?.ok) return { ok: false, error: json?.error ?? `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  return {
    ok: true,
    totalSec: r3(json.totalSec),
    wallSec: r3(r.wallSec),
    stagesSec: { convert: r3(json.totalSec) },
    fps: r3(c.clip.frames / json.totalSec),
    rtFactor: r3(c.clip.durationSec / json.totalSec),
    peakMB: r.mem.peakMB,
    cpu: { ours: r.mem.cpuOurs, others: r.mem.cpuOthers },
    output: { frames: json.frames, audio: json.audio, bytes: json.bytes },
    outputOk: json.frames === c.clip.frames && json.audio === 'aac',
  };
}

async function runWasm(c, runIndex) {
  const jobFile = join(OUT, 'runs', `${c.id}.wasm.${runIndex}.job.json`);
  writeFileSync(jobFile, JSON.stringify({
    video: c.clip.file,
    mask: c.mask,
    background: c.background,
    // the paths the app's media worker uses (src/workers/media/mediaApi.ts)
    composite: c.plan.compositeArgs({ ...c.compositeJob, inputPath: '/in/input', maskPath: '/masks.gray', backgroundPath: '/background', outputPath: '/video.mp4' }),
    mux: c.plan.muxArgs({ videoPath: '/video.mp4', inputPath: '/in/input', audio: 'copy', outputPath: '/out.mp4' }),
  }));
  const r = await runChild(process.execPath, [join(HERE, 'wasm/runner.mjs'), jobFile]);
  const json = lastJsonLine(r.stdout);
  if (!json?.ok) return { ok: false, error: json ? JSON.stringify(json).slice(0, 2000) : `exit ${r.code}: ${r.stderr.slice(-500)}` };
  const t = json.timingsSec;
  return {
    ok: true,
    totalSec: t.total,
    stagesSec: { load: t.load, composite: t.composite, compositeExec: t.compositeExec, mux: t.mux },
    fps: r3(c.clip.frames / t.total),
    rtFactor: r3(c.clip.durationSec / t.total),
    peakMB: r.mem.peakMB,
    cpu: { ours: r.mem.cpuOurs, others: r.mem.cpuOthers },
    framesEncoded: json.framesEncoded,
    outputBytes: json.outputBytes,
    outputOk: json.framesEncoded === c.clip.frames,
  };
}

// ------------------------------------------------------------------ summary

function summarise(runs) {
  const ok = runs.filter((r) => r.ok);
  if (!ok.length) return null;
  const stageKeys = [...new Set(ok.flatMap((r) => Object.keys(r.stagesSec)))];
  return {
    n: ok.length,
    failed: runs.length - ok.length,
    totalSec: r3(median(ok.map((r) => r.totalSec))),
    wallSec: r3(median(ok.map((r) => r.wallSec))),
    fps: r3(median(ok.map((r) => r.fps))),
    rtFactor: r3(median(ok.map((r) => r.rtFactor))),
    stagesSec: Object.fromEntries(stageKeys.map((k) => [k, r3(median(ok.map((r) => r.stagesSec[k])))])),
    peakMB: r3(median(ok.map((r) => r.peakMB))),
    peakMBMax: Math.max(...ok.map((r) => r.peakMB ?? 0)),
    totalSecRange: [Math.min(...ok.map((r) => r.totalSec)), Math.max(...ok.map((r) => r.totalSec))],
    outputsOk: ok.every((r) => r.outputOk),
    // median share of ALL CPUs used by this variant's processes / by everything else during its runs
    cpuOurs: r3(median(ok.map((r) => r.cpu?.ours))),
    cpuOthers: r3(median(ok.map((r) => r.cpu?.others))),
  };
}

function pad(s, n, right = false) {
  s = String(s ?? '–');
  return right ? s.padEnd(n) : s.padStart(n);
}

/** Stages that are waiting on something else (the rest is the worker's own work), and once-per-clip ones. */
const WAIT_STAGES = new Set(['decode', 'mask-wait', 'encoder-wait', 'idle']);
const ONCE_STAGES = new Set(['start', 'encoder-flush', 'mux']);

/** The median run's profile of each app variant: ms per frame by stage, busy and waiting, per worker. */
function profileTable(cases) {
  const out = ['\nProfile: ms per frame by stage, from the app\'s own clocks (run nearest the median total)'];
  const fmt = (stages, keep, frames) =>
    Object.entries(stages)
      .filter(([k]) => keep(k))
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${(v / frames).toFixed(2)}`)
      .join(', ');
  const sum = (stages, keep) => Object.entries(stages).reduce((s, [k, v]) => (keep(k) ? s + v : s), 0);
  for (const c of cases) {
    for (const [name, v] of Object.entries(c.variants)) {
      const ok = v.runs.filter((r) => r.ok && r.cli?.profile);
      if (!name.startsWith('app:') || ok.length === 0) continue;
      const mid = v.median?.totalSec ?? ok[0].totalSec;
      const run = ok.reduce((best, r) => (Math.abs(r.totalSec - mid) < Math.abs(best.totalSec - mid) ? r : best));
      const { frames, webcodecs, matte } = run.cli.profile;
      out.push(`  ${c.id} ${name}: ${frames} frames in ${run.totalSec} s (${(1000 * run.totalSec / frames).toFixed(2)} ms a frame); the Check step's look at the background, alongside: ${run.stagesSec.precheck} s`);
      const busy = (k) => !WAIT_STAGES.has(k) && !ONCE_STAGES.has(k);
      const line = (label, stages) => {
        out.push(`    ${label} busy ${(sum(stages, busy) / frames).toFixed(2)}: ${fmt(stages, busy, frames)}`);
        out.push(`    ${' '.repeat(label.length)} waiting ${(sum(stages, (k) => WAIT_STAGES.has(k)) / frames).toFixed(2)}: ${fmt(stages, (k) => WAIT_STAGES.has(k), frames) || '-'}`);
        const once = Object.entries(stages).filter(([k]) => ONCE_STAGES.has(k));
        if (once.length) out.push(`    ${' '.repeat(label.length)} once: ${once.map(([k, ms]) => `${k} ${(ms / 1000).toFixed(2)} s`).join(', ')}`);
      };
      line('webcodecs worker', webcodecs);
      if (matte) line('matte worker    ', matte);
    }
  }
  return out.join('\n');
}

function table(cases) {
  const head = `${pad('case', 14, true)} ${pad('variant', 14, true)} ${pad('n', 3)} ${pad('total s', 8)} ${pad('fps', 6)} ${pad('RT x', 6)} ${pad('peak MB', 8)} ${pad('others', 6)}  stages s (median) [total min..max]`;
  const lines = [head, '-'.repeat(head.length + 30)];
  for (const c of cases) {
    for (const [name, v] of Object.entries(c.variants)) {
      const m = v.median;
      if (!m) {
        lines.push(`${pad(c.id, 14, true)} ${pad(name, 14, true)} ${pad(0, 3)} not measured: ${v.runs.find((r) => !r.ok)?.error ?? v.note ?? 'no run'}`);
        continue;
      }
      const stages = Object.entries(m.stagesSec).map(([k, x]) => `${k} ${x}`).join(', ');
      const range = m.n > 1 ? ` [${m.totalSecRange[0]}..${m.totalSecRange[1]}]` : '';
      const others = m.cpuOthers == null ? null : `${Math.round(m.cpuOthers * 100)}%`;
      const n = m.estimated ? 'est' : m.failed ? `${m.n}/${m.n + m.failed}` : m.n;
      const flag = m.estimated ? `  <- ${v.note}` : m.outputsOk ? '' : '  (OUTPUT CHECK FAILED)';
      lines.push(`${pad(c.id, 14, true)} ${pad(name, 14, true)} ${pad(n, 3)} ${pad(m.totalSec, 8)} ${pad(m.fps, 6)} ${pad(m.rtFactor, 6)} ${pad(m.peakMB, 8)} ${pad(m.estimated ? null : others, 6)}  ${stages}${range}${flag}`);
    }
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------ main

async function main() {
  mkdirSync(join(OUT, 'runs'), { recursive: true });
  const machine = machineInfo();
  const buildSec = build();
  const cli = cliPipelines();
  log(cli.flag ? `CLI has --pipeline: measuring ${cli.pipelines.join(', ')}` : 'CLI has no --pipeline flag: measuring its one pipeline');
  const plan = await loadAppPlan(ROOT, OUT);
  const F = await loadFixtureRecipe(ROOT);
  const clips = benchClips(F);

  // Which variant runs how often in each case (see --help).
  const primary = cli.pipelines.includes('webcodecs') ? 'webcodecs' : cli.pipelines[0];
  const appName = (p) => `app:${p ?? 'default'}`;
  const skipped = (name, kind) => SKIP.has(name) || SKIP.has(kind);
  const planFor = (id) => {
    const tenSec = id.endsWith('-10s');
    const counts = {};
    for (const p of cli.pipelines) {
      if (opt.quick) counts[appName(p)] = 1;
      else if (id === '1080x1920-10s' && !opt.only) counts[appName(p)] = 0;
      else counts[appName(p)] = p === primary ? RUNS : LEGACY_RUNS;
    }
    // The refinement's cost: the same pipeline with it off, on the 30 s clips.
    if (cli.refineFlag && !tenSec) counts[`${appName(primary)}-norefine`] = opt.quick ? 1 : RUNS;
    // The whole-body matte (the default) against the selfie model alone on the busy 720p clip:
    // what it adds, measured in the same run.
    if (id === '720p-busy-30s') counts[`${appName(primary)}-selfie`] = opt.quick ? 1 : RUNS;
    // The plain-JS kernels (--kernels js) on the busy clip: the per-pixel loops before wasm SIMD, same run.
    if (/--kernels\b/.test(cli.help) && id === (opt.quick ? '720p-busy-10s' : '720p-busy-30s')) counts[`${appName(primary)}-js`] = opt.quick ? 1 : RUNS;
    counts.native = opt.quick ? 1 : RUNS;
    // #20's baselines: native ffmpeg running the seed's composite (blur on every frame), and the
    // browser's own decode + encode + mux with nothing in between.
    const targetCase = id.endsWith(opt.quick ? '-10s' : '-30s');
    counts['native-seed'] = targetCase && id.startsWith('720p-busy') ? (opt.quick ? 1 : RUNS) : 0;
    counts.floor = targetCase ? (opt.quick ? 1 : RUNS) : 0;
    counts.wasm = opt.quick ? 1 : tenSec || opt['wasm-30s'] ? WASM_RUNS : 0;
    if (id === '1080x1920-10s' && opt['wasm-30s'] && !opt.only) counts.wasm = 0;
    return counts;
  };
  const caseIds = opt.only
    ? opt.only.split(',')
    : opt.quick ? ['720p-busy-10s', '1080x1920-10s']
    : opt['wasm-30s'] ? ['720p-busy-30s', '1080x1920-30s', '720p-busy-10s', BODY_CASE]
    : ['720p-busy-30s', '1080x1920-30s', '720p-busy-10s', '1080x1920-10s', BODY_CASE];
  const cases = [];
  for (const id of caseIds) {
    if (id === BODY_CASE) {
      // A whole body walking: only the app, with the default matte (whole-body) and the selfie
      // model alone, in the same run.
      const clip = await ensureBodyClip(ROOT, OUT, log);
      const background = ensureBackground(plan.evenSize(clip), OUT);
      const variants = {};
      if (!skipped(appName(primary), 'app')) {
        variants[appName(primary)] = { kind: 'app', pipeline: primary, planned: opt.quick ? 1 : RUNS, runs: [] };
        variants[`${appName(primary)}-selfie`] = { kind: 'app', pipeline: primary, args: ['--matte', 'selfie'], planned: opt.quick ? 1 : RUNS, runs: [] };
      }
      cases.push({ id, clip: { ...clip, file: relative(ROOT, clip.file), background: 'shelves' }, _run: { id, clip, background }, variants });
      continue;
    }
    const recipe = clips[id];
    if (!recipe) throw new Error(`no case ${id}; cases: ${Object.keys(clips).join(', ')}`);
    const clip = ensureClip(F, recipe, OUT, log);
    const size = { width: recipe.width, height: recipe.height };
    const output = plan.evenSize(size);
    const model = plan.modelFor(output);
    const mask = ensureTruthMask(F, recipe, clip.maskPgm, model, clip.frames, OUT);
    const background = ensureBackground(output, OUT);
    const compositeJob = {
      fps: plan.toRational(recipe.fps),
      source: size,
      output,
      mask: { kind: 'raw', width: model.width, height: model.height },
      background: output,
      blurSigma: 14,
    };
    const variants = {};
    for (const [name, count] of Object.entries(planFor(id))) {
      const kind = name.startsWith('app:') ? 'app' : name;
      if (!count || skipped(name, kind)) continue;
      const norefine = name.endsWith('-norefine');
      const selfie = name.endsWith('-selfie');
      const js = kind === 'app' && name.endsWith('-js');
      const base = norefine ? name.slice(0, -'-norefine'.length) : selfie ? name.slice(0, -'-selfie'.length) : js ? name.slice(0, -'-js'.length) : name;
      variants[name] = {
        kind,
        pipeline: kind === 'app' ? cli.pipelines.find((p) => appName(p) === base) : undefined,
        ...(norefine ? { args: ['--refine', 'off'] } : selfie ? { args: ['--matte', 'selfie'] } : js ? { args: ['--kernels', 'js'] } : {}),
        planned: count,
        runs: [],
      };
    }
    cases.push({
      id,
      clip: { ...clip, file: relative(ROOT, clip.file), maskPgm: undefined, width: recipe.width, height: recipe.height, fps: recipe.fps, background: recipe.background },
      model,
      mask: relative(ROOT, mask),
      backgroundImage: relative(ROOT, background),
      // absolute paths for the runs
      _run: { id, clip, mask, background, plan, compositeJob },
      variants,
    });
  }

  // Rounds: every variant of every case once per round, so slow drift in machine load spreads evenly.
  const rounds = Math.max(...cases.flatMap((c) => Object.values(c.variants).map((v) => v.planned)));
  const totalRuns = cases.reduce((n, c) => n + Object.values(c.variants).reduce((m, v) => m + v.planned, 0), 0);
  let done = 0;
  for (let round = 1; round <= rounds; round++) {
    for (const c of cases) {
      for (const [name, v] of Object.entries(c.variants)) {
        if (round > v.planned) continue;
        done++;
        log(`run ${done}/${totalRuns} (round ${round}) · ${c.id} · ${name} …`);
        let r;
        try {
          r = v.kind === 'app' ? await runApp(c._run, v.pipeline, round, v.args)
            : v.kind === 'native' ? await runNative(c._run, round)
            : v.kind === 'native-seed' ? await runNative(c._run, round, true)
            : v.kind === 'floor' ? await runFloor(c._run, round)
            : await runWasm(c._run, round);
        } catch (err) {
          r = { ok: false, error: err instanceof Error ? err.message : String(err) };
        }
        v.runs.push(r);
        log(r.ok
          ? `  ${name}: ${r.totalSec} s total (${r.rtFactor}x real time), peak ${r.peakMB} MB, other processes ${Math.round((r.cpu?.others ?? 0) * 100)}% of the CPUs${r.outputOk ? '' : ' — OUTPUT CHECK FAILED'}`
          : `  ${name}: FAILED ${r.error}`);
      }
    }
  }

  for (const c of cases) {
    delete c._run;
    for (const v of Object.values(c.variants)) v.median = summarise(v.runs);
  }

  // ffmpeg.wasm on a 30 s clip, when not measured: the 10 s clip of the same size, scaled by frames.
  for (const c of cases) {
    if (!c.id.endsWith('-30s') || c.variants.wasm) continue;
    const twin = cases.find((t) => t.id === c.id.replace(/-30s$/, '-10s'));
    const m = twin?.variants.wasm?.median;
    if (!m) continue;
    const k = c.clip.frames / twin.clip.frames;
    c.variants['wasm(est)'] = {
      kind: 'wasm-estimate',
      note: `NOT MEASURED: ${twin.id} wasm median x ${r3(k)} (frames); load not scaled; peak not extrapolated`,
      runs: [],
      median: {
        ...m,
        estimated: true,
        from: twin.id,
        scale: r3(k),
        totalSec: r3(m.totalSec * k),
        stagesSec: Object.fromEntries(Object.entries(m.stagesSec).map(([key, x]) => [key, key === 'load' ? x : r3(x * k)])),
        totalSecRange: m.totalSecRange.map((x) => r3(x * k)),
        peakMB: null,
        peakMBMax: null,
      },
    };
  }

  // -------------------------------------------------------------- ratios and targets
  const byId = Object.fromEntries(cases.map((c) => [c.id, c]));
  const appVariants = [...new Set(cases.flatMap((c) => Object.keys(c.variants)))].filter((k) => k.startsWith('app:'));
  const med = (id, v) => byId[id]?.variants[v]?.median ?? null;
  const wasmOf = (id) => med(id, 'wasm') ?? med(id, 'wasm(est)');
  const big = opt.quick ? '720p-busy-10s' : '720p-busy-30s';
  const tall = opt.quick ? '1080x1920-10s' : '1080x1920-30s';
  const ratios = [];
  const targets = [];
  const div = (a, b) => (a != null && b ? r3(a / b) : null);
  const add = (t) => {
    t.pass = t.value == null ? null : t.op === '<=' ? t.value <= t.limit : t.op === '>=' ? t.value >= t.limit : t.value < t.limit;
    targets.push(t);
  };
  const est = (id) => (med(id, 'wasm') ? '' : med(id, 'wasm(est)') ? ' [wasm EXTRAPOLATED from 10 s]' : '');
  for (const a of appVariants) {
    for (const id of new Set([big, tall, '720p-busy-10s'])) {
      if (!byId[id]) continue;
      ratios.push({ name: `${id}: ${a} / native composite+mux`, value: div(med(id, a)?.totalSec, med(id, 'native')?.totalSec) });
      ratios.push({ name: `${id}: ffmpeg.wasm graph / ${a}${est(id)}`, value: div(wasmOf(id)?.totalSec, med(id, a)?.totalSec) });
    }
  }
  for (const id of new Set([big, tall, '720p-busy-10s', '1080x1920-10s'])) {
    if (!byId[id]) continue;
    ratios.push({ name: `${id}: ffmpeg.wasm graph / native graph${est(id)}`, value: div(wasmOf(id)?.totalSec, med(id, 'native')?.totalSec) });
    const legacy = med(id, 'app:ffmpeg');
    if (legacy && wasmOf(id)) {
      ratios.push({ name: `${id}: cross-check, app:ffmpeg composite stage (same graph in ffmpeg.wasm, app masks) / bench wasm composite${est(id)}`, value: div(legacy.stagesSec.composite, wasmOf(id).stagesSec.composite) });
    }
  }
  for (const a of appVariants.filter((v) => v.endsWith('-norefine'))) {
    const withRefine = a.slice(0, -'-norefine'.length);
    for (const id of [big, tall]) {
      const cost = div(med(id, withRefine)?.totalSec, med(id, a)?.totalSec);
      add({ target: `${id}: time added by matte refinement (${withRefine} / ${a} - 1)`, value: cost == null ? null : r3(cost - 1), op: '<=', limit: 0.15 });
    }
  }
  for (const s of appVariants.filter((v) => v.endsWith('-selfie'))) {
    const body = s.slice(0, -'-selfie'.length);
    const cost = div(med(big, body)?.totalSec, med(big, s)?.totalSec);
    add({ target: `${big}: time added by the whole-body matte (${body} / ${s} - 1)`, value: cost == null ? null : r3(cost - 1), op: '<=', limit: 0.15 });
    ratios.push({ name: `${BODY_CASE}: whole-body matte / selfie model alone (${body} / ${s})`, value: div(med(BODY_CASE, body)?.totalSec, med(BODY_CASE, s)?.totalSec) });
  }
  for (const a of appVariants.filter((v) => v.endsWith('-js'))) {
    const wasm = a.slice(0, -'-js'.length);
    ratios.push({ name: `${big}: the per-pixel loops in plain JS / in wasm SIMD (${a} / ${wasm})`, value: div(med(big, a)?.totalSec, med(big, wasm)?.totalSec) });
  }
  for (const a of appVariants.filter((v) => !v.endsWith('-norefine') && !v.endsWith('-selfie') && !v.endsWith('-js'))) {
    add({ target: `${big}: full pipeline (${a}) / native ffmpeg running the seed's composite (blur every frame)`, value: div(med(big, a)?.totalSec, med(big, 'native-seed')?.totalSec), op: '<=', limit: 1.0 });
    ratios.push({ name: `${big}: full pipeline (${a}) / native ffmpeg running the app's composite graph (blur once)`, value: div(med(big, a)?.totalSec, med(big, 'native')?.totalSec) });
    add({ target: `${big}: full pipeline (${a}) / the browser's decode + encode + mux floor`, value: div(med(big, a)?.totalSec, med(big, 'floor')?.totalSec), op: '<=', limit: 1.5 });
    add({ target: `${tall}: full pipeline (${a}) total seconds`, value: med(tall, a)?.totalSec ?? null, op: '<=', limit: 20 });
    ratios.push({ name: `${tall}: full pipeline (${a}) / the browser's decode + encode + mux floor`, value: div(med(tall, a)?.totalSec, med(tall, 'floor')?.totalSec) });
    ratios.push({ name: `${big}: ffmpeg.wasm composite graph / full pipeline (${a})${est(big)}`, value: div(wasmOf(big)?.totalSec, med(big, a)?.totalSec) });
    add({ target: `${tall}: peak memory, all Chromium processes (${a}), MB`, value: med(tall, a)?.peakMB ?? null, op: '<', limit: 1000 });
    if (!opt.quick) {
      const p30 = med('720p-busy-30s', a);
      const p10 = med('720p-busy-10s', a);
      add({ target: `720p busy: peak memory 30 s vs 10 s (${a}), relative growth`, value: p30 && p10 ? r3(p30.peakMB / p10.peakMB - 1) : null, op: '<=', limit: 0.1 });
    }
  }

  const notes = [
    'app:* = the full pipeline via `node cli/restyle.mjs --json`; total = timingsSec.total (in-page, probe to muxed output; excludes browser launch, which wallSec includes); fps = clip frames / total; RT x = clip seconds / total.',
    'peak MB = max over ~100 ms samples of the summed PSS (/proc/<pid>/smaps_rollup) of every descendant of the CLI node process (the Chromium tree; the node process itself is excluded). For native it is the ffmpeg process itself. MB = 10^6 bytes.',
    'native / wasm run the app\'s own compositeArgs + muxArgs (src/core/ffmpegPlan.ts transpiled at run time by the project\'s typescript into bench/out/plan/, not re-implemented), AAC copied. total = composite + mux; for wasm the core load time is excluded (stages.load).',
    'The baselines use a same-size ground-truth mask (256x144 landscape / 256x256 portrait, raw gray, one per frame: the fixture outline placed where the fixture recipe puts the person), not the app\'s model output: the graph\'s cost does not depend on mask content.',
    'Every variant gets the same background picture (bench/out/background-WxH.png, made with ffmpeg at the output size); the CLI gets it as --background <file>.',
    `Clips: the fixture recipe of test/fixtures/make-fixtures.mjs (its own code, loaded as a library). 720p cases: busy background (cellular automaton x testsrc2, moving). 1080x1920: the plain fixture background. All H.264 High + AAC 48 kHz stereo, 30 fps. ${BODY_CASE}: a whole body walking and turning in front of a bookcase, drawn by the matte eval's renderer from eval/people/ (bench/lib/bodyClip.mjs), with an AAC tone.`,
    '-selfie variants run the CLI with --matte selfie: the selfie model alone, against the default whole-body matte in the same run.',
    'Native ffmpeg uses its default threading (both cores); Chromium variants use whatever the app uses. The machine is noisy: see totalSecRange per variant, and "others" = median share of all CPUs used by processes outside the measured tree during its runs (from /proc/stat minus the tree\'s utime+stime); anything well above a few % means the numbers are inflated by other work.',
    'Without --wasm-30s the ffmpeg.wasm baseline of the 30 s cases is EXTRAPOLATED (variant "wasm(est)"): the 10 s clip of the same size and recipe, measured, scaled by the frame ratio (core load time not scaled). Cross-check: the app:ffmpeg pipeline\'s composite stage is the same graph in ffmpeg.wasm, measured at 30 s.',
    'app:ffmpeg (the ffmpeg.wasm pipeline, kept as the fallback) runs --legacy-runs times (default 1) when the CLI has a faster pipeline, to keep the bench near 15 minutes.',
  ];
  if (opt.quick) notes.push('--quick: 1 run of 10 s clips; the targets are stated for 30 s clips, so pass/fail here is only indicative.');

  const result = {
    date: new Date().toISOString(),
    benchRuntimeSec: r3((Date.now() - started) / 1000),
    buildSec,
    options: { quick: opt.quick, runs: RUNS, legacyRuns: LEGACY_RUNS, wasmRuns: WASM_RUNS, wasm30s: opt['wasm-30s'], only: opt.only ?? null, skip: [...SKIP] },
    machine,
    cli: { pipelineFlag: cli.flag, pipelines: cli.pipelines },
    cases,
    ratios,
    targets,
    notes,
  };
  writeFileSync(join(HERE, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);

  const out = [];
  out.push(`Restyle bench · ${result.date} · ${machine.cores} cores ${machine.cpuModel} · ${machine.chromium} · ${machine.ffmpeg?.split(' Copyright')[0]}`);
  out.push(`medians (n = runs); CLI --pipeline: ${cli.flag ? cli.pipelines.join(', ') : 'no (one pipeline)'}; dist-harness/ ${buildSec == null ? 'not rebuilt' : `rebuilt (${buildSec.toFixed(0)} s)`}; load avg at start ${machine.loadAvgAtStart}\n`);
  out.push(table(cases));
  if (opt.profile) out.push(profileTable(cases));
  out.push('\nRatios');
  for (const r of ratios) out.push(`  ${r.name}: ${r.value ?? 'n/a'}`);
  out.push('\nTargets');
  for (const t of targets) out.push(`  ${t.pass == null ? 'N/A ' : t.pass ? 'PASS' : 'FAIL'}  ${t.target}: ${t.value ?? 'not measured'} (target ${t.op} ${t.limit})`);
  out.push(`\nbench runtime ${result.benchRuntimeSec} s; results in ${relative(process.cwd(), join(HERE, 'results.json')) || 'bench/results.json'}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err) => {
  log(`failed: ${err instanceof Error ? err.stack : err}`);
  process.exit(1);
});
