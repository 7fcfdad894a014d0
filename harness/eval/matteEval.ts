/**
 * The matte eval for one clip, in the browser: frames are decoded and handed to the app's matte
 * worker exactly as the WebCodecs pipeline does (mediabunny + WebCodecs, UprightCopier, the
 * segmentation server on a MessageChannel, which also averages each frame down), and
 * each mask becomes two full-resolution alphas, RAW (bilinear upsampleMask) and REFINED
 * (MatteRefiner, fed the guide luma from the same downscale, as the CPU compositor is), both
 * scored against the clip's true alpha. Only numbers go back to Node.
 */
import { ALL_FORMATS, BlobSource, Input, VideoSampleSink } from 'mediabunny';
import { transfer } from 'comlink';
import { modelFor, type Size } from '../../src/core/geometry';
import { bandRadiusFor, edgeBand, MatteScorer, type MatteSummary } from '../../src/core/matteMetrics';
import { DEFAULT_REFINE, MatteRefiner, REFINE_TUNING, type RefineSettings, type RefineTuning } from '../../src/core/matteRefine';
import { i420Bytes, newI420, rotatedSize, type I420, type YuvMatrix } from '../../src/core/yuv';
import { upsampleMask } from '../../src/core/yuvComposite';
import { matrixOf, UprightCopier } from '../../src/workers/shared/frameCopy';
import { streamFrames } from '../../src/workers/shared/streamFrames';
import { withPixelKernels } from '../../src/workers/shared/wasmKernels';
import { MaskChannel } from '../../src/workers/webcodecs/maskChannel';
import { DEFAULT_MATTE, maskGridFor, type MatteOptions } from '../../src/core/matteChoice';
import { matteWorker } from '../../src/media/workers';
import { GzFrames } from './gzFrames';

/** Frames sent to the segmenter and not yet scored (as in the pipeline: the worker stays busy). */
const IN_FLIGHT = 4;

/**
 * The app's refinement minus light wrap: wrap lets the new background into the outermost pixels
 * on purpose, a look rather than accuracy, so it is measured without (see RefineSettings).
 */
export const EVAL_REFINE: RefineSettings = { ...DEFAULT_REFINE, lightWrap: 0 };

export interface MatteClip {
  /** URLs of the clip and of its true alpha (8-bit, width x height per frame, gzipped). */
  video: string;
  truth: string;
  /** URL of the true alpha of carried items outside the person (same layout), when the clip has them. */
  items?: string;
  width: number;
  height: number;
  /** Refine with the colour guide (the default; false = luma alone: see RefineSettings.colourGuide). */
  colourGuide?: boolean;
  /** Other settings and tunings scored on the same masks (`--variants`: parameter sweeps). */
  variants?: EvalVariant[];
  /** How masks are made (the app's default when absent). */
  matte?: MatteOptions;
  /** Frame numbers whose refined alpha to send back (`--dump`), to look at. */
  dump?: number[];
}

export interface EvalVariant {
  name: string;
  settings?: Partial<RefineSettings>;
  tuning?: Partial<RefineTuning>;
}

export interface MatteClipResult {
  frames: number;
  bandRadius: number;
  raw: MatteSummary;
  refined: MatteSummary;
  /** Each variant's scores and its mean refine milliseconds per frame, by name. */
  variants: Record<string, MatteSummary & { ms: number }>;
  /** Mean milliseconds per frame: segmenter (in the matte worker), bilinear upsample, refine. */
  ms: { segment: number; upsample: number; refine: number };
  /** The refined alphas of the frames asked for, as base64 of width x height bytes. */
  dumps: { index: number; alpha: string }[];
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

// One matte worker for every clip, as the engine keeps one: the model loads once.
const matte = matteWorker();

export function stopMatteWorker(): void {
  matte.terminate();
}

export async function evalMatteClip(clip: MatteClip, onFrame: (n: number) => void = () => undefined): Promise<MatteClipResult> {
  const size: Size = { width: clip.width, height: clip.height };
  const pixels = size.width * size.height;
  const model = modelFor(size);
  const matteOptions = clip.matte ?? DEFAULT_MATTE;
  // The finest grid the matte may pick (its masks say which it did).
  const finest = maskGridFor(model, matteOptions);
  const [video, truthResponse, itemResponse] = await Promise.all([fetch(clip.video), fetch(clip.truth), clip.items ? fetch(clip.items) : null]);
  if (!video.ok || !truthResponse.ok || !truthResponse.body) throw new Error(`cannot fetch ${clip.video} or its truth`);
  if (itemResponse && (!itemResponse.ok || !itemResponse.body)) throw new Error(`cannot fetch ${clip.items}`);
  const truths = new GzFrames(truthResponse.body, pixels);
  const itemTruths = itemResponse?.body ? new GzFrames(itemResponse.body, pixels) : null;
  const input = new Input({ source: new BlobSource(await video.blob()), formats: ALL_FORMATS });
  const channel = new MessageChannel();
  // Room for the guide's three planes (Y, U, V), as the app's pipeline gives it.
  const masks = new MaskChannel(channel.port2, 3 * finest.width * finest.height * 4);
  // The worker serves the port on its own once `serve` answers: kept from idle release till the clip ends.
  const release = matte.hold();
  try {
    await matte.call((api) => api.serve(transfer(channel.port1, [channel.port1]), model.kind, finest, 'cpu', matteOptions));
    const track = await input.getPrimaryVideoTrack();
    if (!track) throw new Error('no video track');
    const rotation = await track.getRotation();
    const coded = rotatedSize(size.width, size.height, rotation);
    const copier = new UprightCopier(rotation, coded.width, coded.height);

    const scores = { raw: new MatteScorer(pixels, size.width), refined: new MatteScorer(pixels, size.width) };
    // Made with the first mask, whose grid the matte picked; on the pixel kernels the app's
    // compositor runs (wasm SIMD where it runs), the frame and alpha in their memory as there.
    let refiner: { refine(mask: Uint8Array, frame: I420, out: Uint8Array, guide?: Float32Array): void } | null = null;
    let variants: { name: string; refiner: MatteRefiner; scorer: MatteScorer; out: Uint8Array; ms: number }[] = [];
    const makeRefiners = (maskSize: Size) => {
      variants = (clip.variants ?? []).map((v) => ({
        name: v.name,
        refiner: new MatteRefiner(maskSize, size, { ...EVAL_REFINE, ...v.settings }, { ...REFINE_TUNING, ...v.tuning }),
        scorer: new MatteScorer(pixels, size.width),
        out: new Uint8Array(pixels),
        ms: 0,
      }));
      return withPixelKernels('auto', (kernels) => {
        const r = new MatteRefiner(maskSize, size, { ...EVAL_REFINE, colourGuide: clip.colourGuide !== false }, REFINE_TUNING, kernels);
        const work = kernels.kind === 'js' ? null : { ...size, data: kernels.arena.u8(i420Bytes(size.width, size.height)) };
        const alpha = kernels.arena.u8(pixels);
        return {
          refine(mask: Uint8Array, frame: I420, out: Uint8Array, guide?: Float32Array) {
            if (work) work.data.set(frame.data);
            out.set(r.refine(mask, work ?? frame, alpha, guide));
          },
        };
      });
    };
    const bandRadius = bandRadiusFor(size);
    const raw = new Uint8Array(pixels);
    const refined = new Uint8Array(pixels);
    const truth = new Uint8Array(pixels);
    const items = itemTruths ? new Uint8Array(pixels) : undefined;
    const band = new Uint8Array(pixels);
    const ms = { segment: 0, upsample: 0, refine: 0 };
    const dumps: MatteClipResult['dumps'] = [];
    const free: I420[] = [];
    let matrix: YuvMatrix | null = null;
    let done = 0;

    // The pipeline's own loop (decode, upright copy, send, bounded take), so the matte sees what it sees in the app.
    await streamFrames<null>(new VideoSampleSink(track).samples(), {
      inFlight: IN_FLIGHT,
      acquire: () => free.pop() ?? newI420(size.width, size.height),
      copy: async (sample, frame) => {
        await copier.copy(sample, frame);
        matrix ??= matrixOf(sample);
        return null;
      },
      send: (index, frame) => masks.send(index, frame, matrix ?? 'bt601'),
      finish: async ({ index, frame }) => {
        const got = await masks.take(index);
        const { mask, grid, guide, ms: segmentMs } = got;
        refiner ??= makeRefiners(grid);
        ms.segment += segmentMs;
        const u0 = performance.now();
        upsampleMask(mask, grid.width, grid.height, size.width, size.height, raw);
        const r0 = performance.now();
        refiner.refine(mask, frame, refined, guide);
        const r1 = performance.now();
        ms.upsample += r0 - u0;
        ms.refine += r1 - r0;
        if (clip.dump?.includes(index)) dumps.push({ index, alpha: base64(refined) });
        await truths.next(truth);
        if (itemTruths && items) await itemTruths.next(items);
        edgeBand(truth, size.width, size.height, bandRadius, band);
        scores.raw.add(raw, truth, band, items);
        scores.refined.add(refined, truth, band, items);
        for (const v of variants) {
          const t0 = performance.now();
          v.refiner.refine(mask, frame, v.out, guide);
          v.ms += performance.now() - t0;
          v.scorer.add(v.out, truth, band, items);
        }
        free.push(frame);
        masks.recycle(got);
        done++;
        if (done % 10 === 0) onFrame(done);
      },
    });
    if (done === 0) throw new Error('no frames decoded');
    const per = (t: number) => t / done;
    return {
      frames: done,
      bandRadius,
      raw: scores.raw.summary(),
      refined: scores.refined.summary(),
      variants: Object.fromEntries(variants.map((v) => [v.name, { ...v.scorer.summary(), ms: per(v.ms) }])),
      ms: { segment: per(ms.segment), upsample: per(ms.upsample), refine: per(ms.refine) },
      dumps,
    };
  } finally {
    release();
    masks.close();
    input.dispose();
    await truths.close();
    await itemTruths?.close();
  }
}
