// Runs the app's composite and mux command lines in ffmpeg.wasm the way src/workers/media/mediaApi.ts and
// src/media/ffmpegRunner.ts do: @ffmpeg/ffmpeg's ESM build (served from node_modules), the
// single-thread core the app ships (@ffmpeg/core, served by runner.mjs), the input mounted with WORKERFS, the raw
// masks and the background written to MEMFS, '-stats_period 0.25' before the args, output read back.
import { FFmpeg, FFFSType } from '/ffmpeg-esm/index.js';

const fileOf = (id) => document.getElementById(id).files[0];
const now = () => performance.now();
const sec = (ms) => Math.round(ms) / 1000;

window.benchRun = async ({ composite, mux }) => {
  const log = [];
  let lastFrame = 0;
  const ffmpeg = new FFmpeg();
  ffmpeg.on('log', ({ message }) => {
    log.push(message);
    if (log.length > 60) log.shift();
    const m = /^frame=\s*(\d+)/.exec(message);
    if (m) lastFrame = Number(m[1]);
  });
  const t0 = now();
  await ffmpeg.load({
    coreURL: new URL('/vendor/ffmpeg/ffmpeg-core.js', location.href).href,
    wasmURL: new URL('/vendor/ffmpeg/ffmpeg-core.wasm', location.href).href,
  });
  const t1 = now();
  const video = fileOf('video');
  // In the app the masks are already in memory (from the matte worker) and the background is a Blob.
  const masks = new Uint8Array(await fileOf('mask').arrayBuffer());
  const background = new Uint8Array(await fileOf('background').arrayBuffer());

  const c0 = now();
  await ffmpeg.createDir('/in').catch(() => undefined);
  await ffmpeg.mount(FFFSType.WORKERFS, { blobs: [{ name: 'input', data: video }] }, '/in');
  await ffmpeg.writeFile('/masks.gray', masks);
  await ffmpeg.writeFile('/background', background);
  const c1 = now();
  const code = await ffmpeg.exec(['-stats_period', '0.25', ...composite]);
  const framesEncoded = lastFrame;
  if (code !== 0) return { ok: false, stage: 'composite', code, log: log.slice(-25) };
  const c2 = now();
  const out = await ffmpeg.readFile('/video.mp4');
  for (const p of ['/masks.gray', '/background', '/video.mp4']) await ffmpeg.deleteFile(p).catch(() => undefined);
  await ffmpeg.unmount('/in').catch(() => undefined);
  await ffmpeg.deleteDir('/in').catch(() => undefined);
  const c3 = now();

  await ffmpeg.createDir('/in').catch(() => undefined);
  await ffmpeg.mount(FFFSType.WORKERFS, { blobs: [{ name: 'input', data: video }] }, '/in');
  await ffmpeg.writeFile('/video.mp4', out);
  const code2 = await ffmpeg.exec(['-stats_period', '0.25', ...mux]);
  if (code2 !== 0) return { ok: false, stage: 'mux', code: code2, log: log.slice(-25) };
  const muxed = await ffmpeg.readFile('/out.mp4');
  const m1 = now();
  ffmpeg.terminate();
  return {
    ok: true,
    framesEncoded,
    outputBytes: muxed.byteLength,
    timingsSec: {
      load: sec(t1 - t0),
      compositeSetup: sec(c1 - c0),
      compositeExec: sec(c2 - c1),
      compositeRead: sec(c3 - c2),
      composite: sec(c3 - c0),
      mux: sec(m1 - c3),
      total: sec(m1 - c0),
    },
  };
};
window.benchReady = true;
