/**
 * The streaming WebCodecs pipeline, run in the WebCodecs worker: demux (mediabunny) -> decode
 * (WebCodecs) -> upright I420 copy -> its mask, from the matte worker (the frame transferred
 * there; it averages it down and segments it) or from fal.ai's mask video decoded alongside ->
 * refine + composite (the compositor chosen at start-up) -> H.264 encode (WebCodecs) -> MP4 with
 * the AAC copied (mediabunny). At most MAX_IN_FLIGHT frames wait for masks and the encoder's
 * queue is capped, so memory does not grow with the clip.
 */
import { ALL_FORMATS, BlobSource, Input, VideoSampleSink } from 'mediabunny';
import { ColourMatcher, NO_TINT } from '../../core/colourMatch';
import { FrameClock, type FrameTime } from '../../core/frameClock';
import type { Size } from '../../core/geometry';
import { rotatedSize, type I420, type YuvMatrix } from '../../core/yuv';
import { prepareBackground } from './background';
import type { Compositor } from './compositor';
import { pickCompositor } from './pickCompositor';
import { AvcEncoder, colorSpaceFor } from './encoder';
import { FramePool } from './framePool';
import { matrixOf, UprightCopier } from '../shared/frameCopy';
import { streamFrames } from '../shared/streamFrames';
import { MaskChannel } from './maskChannel';
import type { MaskSource } from './maskSource';
import { MaskVideoReader } from './maskVideoReader';
import { Mp4Writer } from './mp4Writer';
import type { CompositorTimes } from '../../core/compositorPolicy';
import { StageTimes } from '../../core/stageTimes';
import type { WebCodecsJob, WebCodecsResult } from '../../protocol/webcodecs';

/** Planes of the guide the matte worker sends back with each mask: Y, U, V. */
const GUIDE_PLANES = 3;

/** Frames decoded and sent to the segmenter but not yet composited. */
const MAX_IN_FLIGHT = 8;

/**
 * `port` is the line to the matte worker's segmenter; null when the job brings its own mask video.
 */
export async function restyleVideo(file: Blob, job: WebCodecsJob, port: MessagePort | null, onFrame: (n: number) => void): Promise<WebCodecsResult> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  let masks: MaskSource | null = null;
  let encoder: AvcEncoder | null = null;
  let writer: Mp4Writer | null = null;
  const t = { matte: 0, composite: 0, mux: 0 };
  // The profile: this worker's stages, and the matte worker's as its replies report them.
  const times = new StageTimes();
  const matteTimes = new StageTimes();
  // The compositor's own parts of each frame (taken, so emptied, every frame).
  const parts = new StageTimes();
  // Set inside a callback, so typed by assertion: TS would otherwise keep it narrowed to null.
  let compositor = null as Compositor | null;
  try {
    if (job.maskVideo) masks = await MaskVideoReader.open(job.maskVideo.blob, job.maskVideo.channel, job.output);
    // The guide: mean Y, U and V per mask cell, Float32 (the refinement's colour guide).
    else if (port) masks = new MaskChannel(port, GUIDE_PLANES * job.maskGrid.width * job.maskGrid.height * 4);
    else throw new Error('no mask source: neither a segmenter port nor a mask video');
    const source = masks;
    const track = await input.getPrimaryVideoTrack();
    if (!track) throw new Error('no video track');
    const rotation = await track.getRotation();
    const coded = rotatedSize(job.output.width, job.output.height, rotation);
    const copier = new UprightCopier(rotation, coded.width, coded.height, job.kernels ?? 'auto');
    const pool = new FramePool(job.output.width, job.output.height);
    writer = new Mp4Writer(job.withAudio ? await input.getPrimaryAudioTrack() : null);
    await writer.start();
    const mp4 = writer;
    encoder = new AvcEncoder(job.output, job.fps, (packet, meta) => mp4.addVideo(packet, meta));
    const enc = encoder;

    let background: I420 | null = null;
    let matcher: ColourMatcher | null = null;
    let maskSize: Size | null = null;
    let compositorMs: CompositorTimes | undefined;
    let colorSpace: VideoColorSpaceInit | null = null;
    let matrix: YuvMatrix = 'bt601';
    let done = 0;
    // Time in `finish`: the rest of the loop's time is decoding (the matte's share of the wall clock).
    let finishing = 0;

    const clock = new FrameClock(1e6 / job.fps);
    const loop0 = performance.now();
    // A trimmed clip: only its part is decoded (from the keyframe before it), and its audio from the same moment.
    const first = await track.getFirstTimestamp();
    const from = job.range ? first + job.range.startSec : undefined;
    const until = job.range ? first + job.range.startSec + job.range.lengthSec : undefined;
    await streamFrames<FrameTime>(new VideoSampleSink(track).samples(from, until), {
      inFlight: MAX_IN_FLIGHT,
      acquire: () => pool.acquire(),
      copy: async (sample, frame) => {
        if (clock.origin === null) await times.wait('start', mp4.audioFrom(sample.timestamp, until));
        const time = clock.next(sample.microsecondTimestamp, sample.microsecondDuration);
        await times.wait('copy', copier.copy(sample, frame));
        if (!background) {
          // The background is made once, in the clip's own colour matrix, when the first frame says which.
          matrix = matrixOf(sample);
          colorSpace = colorSpaceFor(matrix);
          const b0 = performance.now();
          background = await prepareBackground(job.background.blob, job.background.size, job.output, job.blurSigma, matrix);
          const made = performance.now() - b0;
          times.add('start', made);
          t.composite += made;
          finishing += made;
        }
        return time;
      },
      send: (index, frame) => source.send(index, frame, matrix),
      times,
      finish: async ({ index, frame, extra: time }) => {
        const f0 = performance.now();
        if (!background || !colorSpace) return;
        const matte = await source.take(index);
        const c0 = performance.now();
        t.matte += c0 - f0;
        times.add('mask-wait', c0 - f0);
        if (matte.stages) matteTimes.merge(matte.stages);
        if (!maskSize) {
          // The mask's size is the matte's choice, known with the first mask; so is the compositor,
          // chosen on the first frame and its mask so any timing sees this clip's real work.
          maskSize = matte.grid;
          if (job.colourMatch) matcher = new ColourMatcher(background, maskSize);
          const [bg, grid] = [background, maskSize];
          const picked = times.time('start', () => pickCompositor(job.compositor ?? 'auto', bg, grid, job.refine, { frame, input: matte }, job.kernels ?? 'auto'));
          compositor = picked.compositor;
          compositorMs = picked.measuredMs;
        } else if (matte.grid.width !== maskSize.width || matte.grid.height !== maskSize.height) {
          throw new Error(`mask grid changed mid-clip (${maskSize.width}x${maskSize.height} -> ${matte.grid.width}x${matte.grid.height})`);
        }
        const m = matcher;
        const tint = m ? times.time('colour-match', () => m.tintFor(frame, matte.mask)) : NO_TINT;
        const c = compositor;
        if (!c) throw new Error('no compositor');
        // The compositor's own parts by name; 'composite' is what is left (copies in and out).
        const k0 = performance.now();
        c.composite(frame, matte, tint, parts);
        const own = parts.take();
        times.merge(own);
        times.add('composite', performance.now() - k0 - Object.values(own).reduce((a, b) => a + b, 0));
        await enc.encode(frame, index, time, colorSpace, times);
        pool.release(frame);
        source.recycle(matte);
        t.composite += performance.now() - c0;
        finishing += performance.now() - f0;
        done++;
        if (done % 5 === 0) onFrame(done);
      },
    });
    t.matte += performance.now() - loop0 - finishing;
    if (done === 0) throw new Error('no frames decoded');

    const f0 = performance.now();
    await times.wait('encoder-flush', enc.finish());
    t.composite += performance.now() - f0;
    const m0 = performance.now();
    const video = await times.wait('mux', mp4.finish());
    t.mux += performance.now() - m0 + mp4.audioMs;
    onFrame(done);
    return {
      video,
      frames: done,
      compositor: compositor?.kind ?? 'cpu',
      ...(compositor?.kernelKind ? { kernels: compositor.kernelKind } : {}),
      ...(compositorMs ? { compositorMs } : {}),
      timings: { matte: t.matte / 1000, composite: t.composite / 1000, mux: t.mux / 1000 },
      profile: { frames: done, webcodecs: times.toJSON(), ...(source instanceof MaskChannel ? { matte: matteTimes.toJSON() } : {}) },
    };
  } catch (err) {
    encoder?.close();
    await writer?.cancel();
    throw err;
  } finally {
    compositor?.close();
    masks?.close();
    input.dispose();
  }
}
