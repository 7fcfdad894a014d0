#!/usr/bin/env node
// npm run eval:matte : how good the app's on-device matte is, on clips whose true alpha is known.
//
// 1. Makes the clips (cached by recipe hash in eval/out/, gitignored): real photos of two people
//    cut out by hand-traced outlines, moving over clean and busy backgrounds, each with its true
//    alpha per frame (eval/lib/clips.mjs).
// 2. Builds the eval page if dist-harness/ is missing or older than its sources (scripts/harness.mjs).
// 3. In headless Chromium (every non-local request blocked) the built eval page decodes each clip,
//    segments it with the app's matte worker, scores RAW (bilinear) and REFINED (MatteRefiner)
//    alphas against the truth, and runs the app's precheck on a labelled clean/busy set.
// 4. Prints the tables and writes eval/results.json.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { blockNonLocal, chromiumPath, launchBrowser } from '../cli/browser.mjs';
import { resolveFile } from '../cli/staticServer.mjs';
import { BODY_CLIPS, CARRY_CLIPS, clipFiles, HARD_CLIPS, MATTE_CLIPS, PRECHECK_CLIPS, recipeHash, renderClip } from './lib/clips.mjs';
import { withItems } from './lib/items.mjs';
import { CUTOUT_LICENCE, loadCutout, loadPeople, skimageData } from './lib/people.mjs';
import { ensureHarness } from '../scripts/harness.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const OUT = join(HERE, 'out');
const LIB = join(HERE, 'lib');
const started = Date.now();
/** A clip that shows no progress for this long fails the run (frames are reported every 10). */
const STALL_MS = 120_000;

const { values: opt } = parseArgs({
  options: {
    build: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    dist: { type: 'string' },
    only: { type: 'string' },
    'clips-only': { type: 'boolean', default: false },
    'luma-guide': { type: 'boolean', default: false },
    matte: { type: 'string' },
    'pose-every': { type: 'string' },
    dump: { type: 'string' },
    variants: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  process.stdout.write(`Usage: npm run eval:matte [-- --build | --no-build] [--dist DIR] [--only NAME[,NAME]] [--clips-only] [--verbose]
  --build       always rebuild dist-harness/ first (default: only when it is missing or older than its sources)
  --no-build    use dist-harness/ as it is
  --dist DIR    use another build of the harness pages (implies --no-build)
  --only        run just these clips (names from eval/lib/clips.mjs)
  --clips-only  make the clips and stop
  --luma-guide  refine with luma alone instead of the default colour guide (Y, U, V), for comparison;
                writes eval/out/results-luma-guide.json
  --matte KIND  make masks with 'selfie' (the selfie model on the whole frame) or 'body' (the
                whole-body matte: the person tracked, a crop around them segmented by the pose model)
                instead of the app's default (src/core/matteChoice.ts); writes eval/out/results-KIND.json
  --pose-every N  with --matte body: the pose model on every N-th frame only, its mask reused between
  --dump N[,N]  also write frame N of each clip beside its source, and its refined alpha, as
                eval/out/dump/CLIP-N.png and CLIP-N-alpha.png, to look at
  --variants FILE  also score these refinements on the same masks, for tuning: a JSON array of
                { "name", "settings"?: {...RefineSettings}, "tuning"?: {...REFINE_TUNING} }; skips the
                precheck and writes eval/out/results-variants.json
  --verbose     print the browser's console
Clips: ${[...MATTE_CLIPS, ...BODY_CLIPS, ...HARD_CLIPS, ...CARRY_CLIPS, ...PRECHECK_CLIPS].map((c) => c.name).join(', ')}
`);
  process.exit(0);
}

const clock = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s`;
const log = (msg) => process.stderr.write(`[eval ${clock()}] ${msg}\n`);

// ------------------------------------------------------------------ clips

const only = opt.only ? new Set(opt.only.split(',')) : null;
const matteClips = [...MATTE_CLIPS, ...BODY_CLIPS, ...HARD_CLIPS, ...CARRY_CLIPS].filter((c) => !only || only.has(c.name));
/** Which set a clip belongs to: head-and-shoulders portraits, or whole bodies. */
const setOf = (clip) => clip.set ?? 'portrait';
const SETS = { portrait: 'Head and shoulders', body: 'Whole body', hard: 'Hard cases for the Check step (plain walls)', carry: 'Things carried (a bag, a backpack, a phone)' };
const variants = opt.variants ? JSON.parse(readFileSync(opt.variants, 'utf8')) : null;
if (variants && !(Array.isArray(variants) && variants.every((v) => typeof v?.name === 'string'))) {
  throw new Error('--variants: expected a JSON array of { "name", "settings"?, "tuning"? }');
}
const precheckClips = variants ? [] : PRECHECK_CLIPS.filter((c) => !only || only.has(c.name));

async function makeClips() {
  const F = await import(pathToFileURL(join(ROOT, 'test/fixtures/make-fixtures.mjs')).href);
  mkdirSync(join(OUT, '.work'), { recursive: true });
  const dataDir = skimageData(join(OUT, '.work'), log);
  const people = loadPeople(F, dataDir);
  const made = new Map();
  const cutouts = new Map();
  const cutout = (name) => cutouts.get(name) ?? cutouts.set(name, loadCutout(name)).get(name);
  for (const clip of [...matteClips, ...precheckClips]) {
    // A pose photo with what the person carries in this clip painted in (clip.carry), else as it is.
    const posed = (name) => (clip.carry?.[name] ? withItems(cutout(name), clip.carry[name]) : cutout(name));
    const person = clip.poses ? { poses: new Map([...clip.poses, ...(clip.also ?? []).flatMap((o) => o.poses)].map(([name]) => [name, posed(name)])) } : people[clip.person];
    const hash = recipeHash(clip, person, LIB);
    const files = clipFiles(OUT, clip, hash);
    if (!files.fresh) {
      const t0 = Date.now();
      await renderClip(clip, person, files, hash, { F, dataDir });
      log(`made ${clip.name} (${clip.width}x${clip.height}, ${clip.seconds} s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    made.set(clip.name, { ...JSON.parse(readFileSync(files.meta, 'utf8')), files });
  }
  return { made, people, cutouts };
}

const dumpFrames = opt.dump ? opt.dump.split(',').map(Number) : null;

/** Frame d.index of the clip and its refined alpha, as PNGs under eval/out/dump/. */
function writeDump(clip, d) {
  const dir = join(OUT, 'dump');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${clip.name}-${d.index}`);
  const size = `${clip.width}x${clip.height}`;
  const run = (args, input) => {
    const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], input ? { input } : {});
    if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr}`);
  };
  run(['-f', 'rawvideo', '-pix_fmt', 'gray', '-s', size, '-i', '-', `${base}-alpha.png`], Buffer.from(d.alpha, 'base64'));
  run(['-i', join(OUT, `${clip.name}.mp4`), '-vf', `select=eq(n\\,${d.index})`, '-frames:v', '1', `${base}.png`]);
  log(`  wrote ${relative(process.cwd(), base)}.png and -alpha.png`);
}

// ------------------------------------------------------------------ the app

/** The eval page's build (scripts/harness.mjs), or the copy --dist names. */
function ensureBuilt() {
  if (opt.dist) return resolve(opt.dist);
  return ensureHarness({ force: Boolean(opt.build), noBuild: Boolean(opt['no-build']), log }).dir;
}

/** The built app at /, the clips at /eval-data/, on a free loopback port. */
function serve(dist) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const found = path.startsWith('/eval-data/') ? resolveFile(OUT, path.slice('/eval-data'.length)) : resolveFile(dist, path);
    if (!found || found === 'forbidden') {
      res.writeHead(found ? 403 : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': found.type, 'content-length': found.size, 'cache-control': 'no-cache' });
    createReadStream(found.file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })));
}

// ------------------------------------------------------------------ report

const f3 = (x) => (x == null ? 'n/a' : x.toFixed(3));
const f1 = (x) => (x == null ? 'n/a' : x.toFixed(1));

/** One row per clip, each cell RAW / REFINED. */
function matteTable(rows, overall) {
  const pair = (r, k, f = f3) => `${f(r.raw[k])} / ${f(r.refined[k])}`;
  // Only clips with carried items have the "item kept" measure.
  const items = rows.some((r) => r.refined.itemKept != null);
  // Which frame the refined worst was (to --dump it); the overall row has no one frame.
  const at = (r) => (r.refined.iouMinFrame >= 0 ? ` (#${r.refined.iouMinFrame})` : '');
  const line = (name, frames, r) =>
    `| ${name} | ${frames} | ${pair(r, 'iou')} | ${pair(r, 'iouMin')}${at(r)} | ${pair(r, 'feetIou')} | ${items ? `${pair(r, 'itemKept')} | ` : ''}${pair(r, 'edgeError')} | ${pair(r, 'flickerEdge')} | ` +
    `${f1(r.ms.segment)} / ${f1(r.ms.refine)} |`;
  return [
    `| clip | frames | IoU | worst-frame IoU | feet IoU | ${items ? 'item kept | ' : ''}edge error | flicker (edge band) | ms per frame |`,
    `|---|---|---|---|---|${items ? '---|' : ''}---|---|---|`,
    ...rows.map((r) => line(r.name, r.frames, r)),
    line('**all** (mean of clips; worst frame of all)', overall.raw.frames, overall),
  ].join('\n');
}

/** Each variant against the default on the same masks: overall IoU, edge error, flicker, ms, then per clip. */
function variantTable(rows, list) {
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  const cols = [{ name: '(default)', get: (r) => ({ ...r.refined, ms: r.ms.refine }) },
    ...list.map((v) => ({ name: v.name, get: (r) => r.variants[v.name] }))];
  const head = `| variant | IoU | edge | flicker | ms | ${rows.map((r) => r.name).join(' | ')} |`;
  const lines = cols.map((c) => {
    const s = rows.map(c.get);
    return `| ${c.name} | ${f3(mean(s.map((x) => x.iou)))} | ${f3(mean(s.map((x) => x.edgeError)))} | ${f3(mean(s.map((x) => x.flickerEdge)))} | ` +
      `${f1(mean(s.map((x) => x.ms)))} | ${s.map((x) => `${f3(x.edgeError)} ${f3(x.flickerEdge)}`).join(' | ')} |`;
  });
  return [head, `|${'---|'.repeat(5 + rows.length)}`, ...lines].join('\n');
}

/** Short names for the Check step's reasons, by their opening words. */
const REASON_KEYS = [
  ["We couldn't find a person", 'nobody'], ['In parts of this clip', 'lost'], ['Part of you is outside', 'out of frame'], ['Your outline changes', 'unsteady'],
  ['Parts of you are hard', 'unsure'], ['Busy background', 'busy'], ['Moving background', 'moving'], ['You fill almost', 'crowded'],
];
const reasonKey = (r) => REASON_KEYS.find(([start]) => r.startsWith(start))?.[1] ?? r;

/** The Check step's reasons and the matte's signals per clip, beside the refined cut-out's measures. */
function checkTable(rows) {
  const out = ['| clip | IoU | worst frame | feet IoU | Check step says | found | out of frame | unsteady | unsure | disagree |', '|---|---|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const v = r.check;
    const m = v?.matte;
    out.push(`| ${r.name} | ${f3(r.refined.iou)} | ${f3(r.refined.iouMin)} | ${f3(r.refined.feetIou)} | ` +
      `${v ? (v.reasons.length ? v.reasons.map(reasonKey).join(', ') : 'clean: sharp cut-out') : 'not scored'} | ` +
      `${m ? m.found.toFixed(2) : ''} | ${m ? m.outOfFrame.toFixed(2) : ''} | ${m ? `${m.unsteady.toFixed(3)} (${m.steadyMoments})` : ''} | ${m ? m.unsure.toFixed(3) : ''} | ${m ? m.disagree.toFixed(3) : ''} |`);
  }
  return out.join('\n');
}

function precheckTable(rows, pr) {
  const out = ['| clip | label | verdict | score | texture | motion |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const v = r.verdict;
    out.push(`| ${r.name} | ${r.label} | ${v ? (v.clean ? 'clean' : 'busy') : 'not scored'} | ${v ? v.score.toFixed(2) : ''} | ` +
      `${v ? v.measures.texture.toFixed(1) : ''} | ${v ? v.measures.motion.toFixed(1) : ''} |`);
  }
  out.push('', `"busy" verdict: precision ${pr.precision.toFixed(2)}, recall ${pr.recall.toFixed(2)} ` +
    `(busy flagged ${pr.tp}, clean flagged ${pr.fp}, busy missed ${pr.fn}, clean passed ${pr.tn}` +
    `${pr.unscored ? `, not scored ${pr.unscored}` : ''})`);
  return out.join('\n');
}

function machine() {
  const sh = (cmd, args) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  return {
    cpuModel: cpus()[0]?.model ?? null,
    cores: cpus().length,
    loadAvgAtStart: readFileSync('/proc/loadavg', 'utf8').trim(),
    node: process.version,
    chromium: sh(chromiumPath(), ['--version']),
    gitCommit: sh('git', ['-C', ROOT, 'rev-parse', 'HEAD']),
    gitDirty: (sh('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src', 'workers']) ?? '') !== '',
  };
}

// ------------------------------------------------------------------ main

async function main() {
  if (opt.matte && !['selfie', 'body'].includes(opt.matte)) throw new Error(`--matte: 'selfie' or 'body', not ${opt.matte}`);
  const unknown = [...(only ?? [])].filter((n) => ![...MATTE_CLIPS, ...BODY_CLIPS, ...HARD_CLIPS, ...CARRY_CLIPS, ...PRECHECK_CLIPS].some((c) => c.name === n));
  if (unknown.length) throw new Error(`no clip called ${unknown.join(', ')} (see --help)`);
  const host = machine();
  const { made, people, cutouts } = await makeClips();
  if (opt['clips-only']) return;
  const dist = ensureBuilt();
  if (!existsSync(chromiumPath())) throw new Error(`Chromium not found at ${chromiumPath()} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const server = await serve(dist);
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    await blockNonLocal(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    page.on('console', (m) => {
      // MediaPipe logs its start-up notes ("INFO: Created TensorFlow Lite XNNPACK delegate") as errors
      if (opt.verbose || (m.type() === 'error' && !m.text().startsWith('INFO:'))) log(`[browser] ${m.text()}`);
    });
    let current = '';
    let lastProgress = Date.now();
    await page.exposeFunction('restyleEvalProgress', (n) => {
      lastProgress = Date.now();
      log(`  ${current}: ${n} frames`);
    });
    // A stalled page (a worker that died, a decoder that never answers) fails the run, not hangs it.
    const watched = (what, work) => {
      lastProgress = Date.now();
      let timer;
      const stalled = new Promise((_, reject) => {
        timer = setInterval(() => {
          if (Date.now() - lastProgress > STALL_MS) reject(new Error(`${what}: no progress for ${STALL_MS / 1000} s`));
        }, 5000);
      });
      work.catch(() => undefined); // once stalled, its eventual rejection (browser closed) is no news
      return Promise.race([work, stalled]).finally(() => clearInterval(timer));
    };
    await page.goto(new URL('eval.html', server.url).href);
    await page.waitForFunction(() => typeof window.restyleEval === 'object');

    const matte = [];
    for (const clip of matteClips) {
      const meta = made.get(clip.name);
      current = clip.name;
      const t0 = Date.now();
      const r = await watched(clip.name, page.evaluate((c) => window.restyleEval.matte(c), {
        video: `/eval-data/${clip.name}.mp4`, truth: `/eval-data/${clip.name}.alpha.gz`, width: clip.width, height: clip.height,
        ...(clip.carry ? { items: `/eval-data/${clip.name}.item.gz` } : {}),
        colourGuide: !opt['luma-guide'],
        ...(opt.matte ? { matte: { kind: opt.matte, ...(opt['pose-every'] ? { poseEvery: Number(opt['pose-every']) } : {}) } } : {}),
        ...(dumpFrames ? { dump: dumpFrames } : {}),
        variants: variants ?? [],
      }));
      if (r.frames !== meta.frames) throw new Error(`${clip.name}: decoded ${r.frames} frames, the truth has ${meta.frames}`);
      log(`${clip.name}: IoU ${f3(r.raw.iou)} / ${f3(r.refined.iou)} (raw / refined) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      for (const d of r.dumps ?? []) writeDump(clip, d);
      delete r.dumps;
      // What the Check step says about this clip, beside what its cut-out measured.
      if (!variants) r.check = await watched(clip.name, page.evaluate(([u, k]) => window.restyleEval.precheck(u, k), [`/eval-data/${clip.name}.mp4`, opt.matte]));
      matte.push({ name: clip.name, set: setOf(clip), about: clip.about, size: `${clip.width}x${clip.height}`,
        person: clip.person ?? clip.poses.map(([p]) => p).join(' '), ...r });
    }

    const precheck = [];
    for (const clip of precheckClips) {
      const verdict = await watched(clip.name, page.evaluate((u) => window.restyleEval.precheck(u), `/eval-data/${clip.name}.mp4`));
      log(`${clip.name} (${clip.label}): ${verdict ? (verdict.clean ? 'clean' : 'busy') : 'not scored'}`);
      precheck.push({ name: clip.name, label: clip.label, size: `${clip.width}x${clip.height}`, person: clip.person, verdict });
    }
    const overall = await page.evaluate(([m, p]) => window.restyleEval.overall(m, p), [matte, precheck]);
    const bySet = {};
    for (const set of Object.keys(SETS)) {
      const rows = matte.filter((m) => m.set === set);
      if (rows.length) bySet[set] = { rows, overall: await page.evaluate(([m]) => window.restyleEval.overall(m, []), [rows]) };
    }
    await page.evaluate(() => window.restyleEval.close());

    const runtimeSec = Math.round((Date.now() - started) / 100) / 10;
    const results = {
      date: new Date().toISOString(),
      runtimeSec,
      machine: host,
      definitions: {
        iou: 'per frame, predicted and true alpha thresholded at 128 (0.5); mean over frames',
        iouMin: 'the lowest single-frame IoU (overall: of any clip)',
        edgeError: 'mean |predicted - true| alpha (0..1) over the edge band, pooled over frames',
        edgeBand: 'pixels within Chebyshev distance B of the true edge (their (2B+1)^2 window holds both person and background truth); B = round(8 * shorter side / 720) = 8 px here',
        flickerEdge: 'mean |predicted(t) - predicted(t-1)| (0..1) over edge-band pixels of frame t whose true alpha is identical in t-1 and t',
        flickerAll: 'the same over every pixel whose true alpha is identical in t-1 and t',
        overall: 'plain mean over clips, per set (head and shoulders, whole body)',
        itemKept: 'clips with carried items: of the true pixels of the items outside the person (alpha >= 128), the share the cut-out keeps (>= 128), pooled over frames',
        feetIou: 'per frame with a person, IoU at 0.5 inside the lowest fifth of the true person bounding box (feet and lower legs); mean over frames',
        raw: 'upsampleMask (bilinear) of the model mask to the frame size',
        refined: `MatteRefiner.refine with DEFAULT_REFINE minus light wrap (lightWrap 0)${opt['luma-guide'] ? ' but guided by luma alone (colourGuide false)' : ''}, given the guide from the segmenter downscale as the CPU compositor is`,
        ms: 'mean per frame in the page: upsample = upsampleMask (RAW), refine = MatteRefiner.refine (REFINED); segment = the matte worker',
        precheck: '"busy" = verdict.clean false from RestyleEngine.precheck; labels from the recipe',
      },
      people: [...Object.values(people).map((p) => ({ id: p.id, licence: p.licence, sha256: p.sha256 })),
        ...[...cutouts.values()].map((p) => ({ id: p.id, licence: CUTOUT_LICENCE, sha256: p.sha256 }))],
      matte,
      overall: Object.fromEntries(Object.entries(bySet).map(([set, b]) => [set, { raw: b.overall.raw, refined: b.overall.refined, ms: b.overall.ms }])),
      precheck: precheck.length ? { clips: precheck, ...overall.precheck } : null,
    };
    // four decimals are all these measures can tell apart; short lines for readable diffs
    const round = (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e4) / 1e4 : v);
    // Comparison runs go beside the default's figures, not over them (docs/matte-quality.md shows those).
    const resultsFile = variants ? join(OUT, 'results-variants.json')
      : opt.matte ? join(OUT, `results-${opt.matte}${opt['pose-every'] ? `-every${opt['pose-every']}` : ''}.json`)
      : opt['luma-guide'] ? join(OUT, 'results-luma-guide.json') : join(HERE, 'results.json');
    writeFileSync(resultsFile, `${JSON.stringify(results, round, 2)}\n`);
    for (const [set, b] of Object.entries(bySet)) {
      process.stdout.write(`\n${SETS[set]}: matte quality, each cell RAW / REFINED (${b.rows.length} clips; edge band ±8 px at 720p, ` +
        'scaled; ms per frame = matte worker / MatteRefiner.refine):\n\n');
      process.stdout.write(`${matteTable(b.rows, b.overall)}\n`);
    }
    if (variants) process.stdout.write(`\nVariants (edge error / flicker per clip; overall = mean of clips):\n\n${variantTable(matte, variants)}\n`);
    if (!variants) process.stdout.write(`\nThe Check step on the matte clips, beside the refined cut-out's measures:\n\n${checkTable(matte)}\n`);
    if (precheck.length) process.stdout.write(`\nPrecheck on ${precheck.length} labelled clips:\n\n${precheckTable(precheck, overall.precheck)}\n`);
    process.stdout.write(`\nWrote ${relative(process.cwd(), resultsFile)} in ${runtimeSec} s.\n`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((err) => {
  process.stderr.write(`eval:matte: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
