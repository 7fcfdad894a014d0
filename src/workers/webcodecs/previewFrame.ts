/**
 * The Background step's preview: one frame of the clip, cut out by the matte worker and
 * composited over the background by the video's own compositor, as an ImageBitmap. What changes
 * most (the background, the blur, colour matching) is the cheapest to redo: the decoded frame and
 * its mask are kept for the next call, so only the composite runs again. Each frame's matte
 * starts fresh, as a clip's first frame does.
 */
import { ALL_FORMATS, BlobSource, Input, VideoSampleSink, type InputVideoTrack } from 'mediabunny';
import { ColourMatcher, NO_TINT } from '../../core/colourMatch';
import type { CompositorChoice, CompositorKind } from '../../core/compositorPolicy';
import type { Size } from '../../core/geometry';
import { DEFAULT_REFINE } from '../../core/matteRefine';
import { newI420, rotatedSize, type I420, type YuvMatrix } from '../../core/yuv';
import type { PreviewRequest } from '../../protocol/webcodecs';
import { matrixOf, UprightCopier } from '../shared/frameCopy';
import { prepareBackground } from './background';
import { colorSpaceFor } from './encoder';
import { MaskChannel } from './maskChannel';
import type { MaskResult } from './maskSource';
import { pickCompositor } from './pickCompositor';

/** Planes of the guide the matte worker sends back with each mask: Y, U, V. */
const GUIDE_PLANES = 3;

interface Opened {
  clipKey: string;
  input: Input;
  track: InputVideoTrack;
  /** The track's first timestamp (s): a request's time counts from it. */
  first: number;
  copier: UprightCopier;
}

interface Matted {
  key: string;
  /** The frame as decoded (composites are made on copies). */
  frame: I420;
  matrix: YuvMatrix;
  mask: MaskResult;
}

export class PreviewMaker {
  private opened: Opened | null = null;
  private matted: Matted | null = null;
  private background: { key: string; planes: I420 } | null = null;
  /** The compositor 'auto' chose on the first preview, kept for the rest (a video's choice is per clip too). */
  private kind: CompositorKind | null = null;

  /** See WebCodecsApi.preview: null when the frame is not kept and no `port` came to cut it out. */
  async make(file: Blob, req: PreviewRequest, port: MessagePort | null): Promise<ImageBitmap | null> {
    const matted = await this.frameAndMask(file, req, port);
    if (!matted) return null;
    const bgKey = `${req.background.key}|${req.blurSigma}|${req.output.width}x${req.output.height}|${matted.matrix}`;
    if (this.background?.key !== bgKey) {
      this.background = { key: bgKey, planes: await prepareBackground(req.background.blob, req.background.size, req.output, req.blurSigma, matted.matrix) };
    }
    const background = this.background.planes;
    const frame = newI420(matted.frame.width, matted.frame.height);
    frame.data.set(matted.frame.data);
    const choice: CompositorChoice = this.kind ?? req.compositor;
    const { compositor } = pickCompositor(choice, background, matted.mask.grid, DEFAULT_REFINE, { frame, input: matted.mask });
    try {
      this.kind = compositor.kind;
      const tint = req.colourMatch ? new ColourMatcher(background, matted.mask.grid).tintFor(frame, matted.mask.mask) : NO_TINT;
      compositor.composite(frame, matted.mask, tint);
    } finally {
      compositor.close();
    }
    const video = new VideoFrame(frame.data, {
      format: 'I420',
      codedWidth: frame.width,
      codedHeight: frame.height,
      timestamp: 0,
      colorSpace: colorSpaceFor(matted.matrix),
    });
    try {
      return await createImageBitmap(video, { resizeWidth: req.size.width, resizeHeight: req.size.height, resizeQuality: 'high' });
    } finally {
      video.close();
    }
  }

  close(): void {
    this.opened?.input.dispose();
    this.opened = null;
    this.matted = null;
    this.background = null;
  }

  private async frameAndMask(file: Blob, req: PreviewRequest, port: MessagePort | null): Promise<Matted | null> {
    const key = `${req.clipKey}|${req.atSec}|${req.output.width}x${req.output.height}`;
    if (!port) return this.matted?.key === key ? this.matted : null;
    const opened = await this.open(file, req.clipKey, req.output);
    const sink = new VideoSampleSink(opened.track);
    const sample = (await sink.getSample(opened.first + req.atSec)) ?? (await sink.getSample(opened.first));
    if (!sample) throw new Error('no frame at that time');
    const frame = newI420(req.output.width, req.output.height);
    let matrix: YuvMatrix;
    try {
      matrix = matrixOf(sample);
      await opened.copier.copy(sample, frame);
    } finally {
      sample.close();
    }
    const channel = new MaskChannel(port, GUIDE_PLANES * req.maskGrid.width * req.maskGrid.height * 4);
    try {
      channel.send(0, frame, matrix);
      const mask = await channel.take(0);
      this.matted = { key, frame, matrix, mask };
      return this.matted;
    } finally {
      channel.close();
    }
  }

  private async open(file: Blob, clipKey: string, output: Size): Promise<Opened> {
    if (this.opened?.clipKey === clipKey) return this.opened;
    this.close();
    const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
    const track = await input.getPrimaryVideoTrack();
    if (!track) {
      input.dispose();
      throw new Error('no video track');
    }
    const rotation = await track.getRotation();
    const coded = rotatedSize(output.width, output.height, rotation);
    this.opened = { clipKey, input, track, first: await track.getFirstTimestamp(), copier: new UprightCopier(rotation, coded.width, coded.height) };
    return this.opened;
  }
}
