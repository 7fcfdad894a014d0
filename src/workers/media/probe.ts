/**
 * Reads an input clip's facts from its container (no decoding): caps are checked here, before
 * any expensive work. Runs in the media worker.
 */
import { ALL_FORMATS, BlobSource, EncodedPacketSink, Input, type InputTrack } from 'mediabunny';
import { checkVideoDimensions, checkVideoDuration, checkVideoSize } from '../../core/caps';
import { RestyleError } from '../../core/errors';
import { displaySize } from '../../core/geometry';
import { SNIFF_BYTES, sniff } from '../../core/sniff';
import type { VideoInfo } from '../../protocol/videoInfo';

const PICK_A_VIDEO = 'Pick an MP4, MOV or WebM video.';

export async function probeVideo(file: Blob & { name?: string }): Promise<VideoInfo> {
  checkVideoSize(file.size);
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const kind = sniff(head);
  if (kind.kind === 'image') {
    throw new RestyleError('not-video', `This is a picture, not a video. ${PICK_A_VIDEO}`);
  }
  if (kind.kind === 'matroska') {
    throw new RestyleError('unsupported', `MKV videos aren't supported yet. ${PICK_A_VIDEO}`);
  }
  if (kind.kind !== 'video') {
    throw new RestyleError('not-video', `This file isn't a video Restyle can read. ${PICK_A_VIDEO}`);
  }

  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  try {
    const video = await input.getPrimaryVideoTrack().catch(unreadable);
    const audio = await input.getPrimaryAudioTrack().catch(() => null);
    if (!video) {
      // No tracks at all: a recording whose index was never written (cut off), not a sound file.
      if (!audio) throw unreadableError();
      throw new RestyleError('not-video', `This file has sound but no picture. ${PICK_A_VIDEO}`);
    }
    const durationSec = await input.computeDuration().catch(unreadable);
    checkVideoDuration(durationSec);
    const size = displaySize({ width: video.codedWidth, height: video.codedHeight }, video.rotation);
    checkVideoDimensions(size.width, size.height);
    const stats = await video.computePacketStats().catch(unreadable);
    if (stats.packetCount === 0) throw unreadableError();
    for (const track of [video, audio]) if (track && !(await lastPacketReadable(track))) throw cutShortError();
    const fps = stats.averagePacketRate > 0 ? stats.averagePacketRate : stats.packetCount / durationSec;
    return {
      name: file.name ?? 'video',
      bytes: file.size,
      container: kind.container,
      durationSec,
      width: size.width,
      height: size.height,
      rotation: video.rotation,
      fps,
      frameCount: stats.packetCount,
      videoCodec: video.codec,
      audioCodec: audio ? (audio.codec ?? 'unknown') : null,
    };
  } finally {
    input.dispose();
  }
}

/**
 * Whether the track's last packet has its bytes in the file. A copy or download that stopped part
 * way keeps the index (which lists every packet) but not the media data at the end: reading that
 * packet gives nothing. One packet read, so it is cheap.
 */
async function lastPacketReadable(track: InputTrack): Promise<boolean> {
  const sink = new EncodedPacketSink(track);
  const meta = await sink.getPacket(Infinity, { metadataOnly: true }).catch(() => null);
  if (!meta) return true;
  const packet = await sink.getPacket(Infinity).catch(() => null);
  return packet !== null && packet.data.byteLength >= meta.byteLength;
}

function cutShortError(): RestyleError {
  return new RestyleError(
    'unreadable',
    'This video stops part way: the file seems to have been cut off while it was copied or downloaded. Copy or download it again and try once more.',
  );
}

function unreadableError(): RestyleError {
  return new RestyleError(
    'unreadable',
    "We couldn't read this video; it may be damaged or cut short. Export it again from your phone and try once more.",
  );
}

function unreadable(err: unknown): never {
  if (err instanceof RestyleError) throw err;
  throw unreadableError();
}

/** A mask video's size and frame count, read from its container (it came from the network: untrusted). */
export async function probeMaskVideo(mask: Blob): Promise<{ width: number; height: number; frames: number; durationSec: number }> {
  const bad = () =>
    new RestyleError('failed', "The cut-out that came back from fal.ai isn't a video we can use. Try again, or use on-device matting.");
  const kind = sniff(new Uint8Array(await mask.slice(0, SNIFF_BYTES).arrayBuffer()));
  if (kind.kind !== 'video') throw bad();
  const input = new Input({ source: new BlobSource(mask), formats: ALL_FORMATS });
  try {
    const video = await input.getPrimaryVideoTrack().catch(() => null);
    if (!video) throw bad();
    const stats = await video.computePacketStats().catch(() => null);
    const durationSec = await input.computeDuration().catch(() => NaN);
    if (!stats || stats.packetCount === 0 || !Number.isFinite(durationSec)) throw bad();
    const size = displaySize({ width: video.codedWidth, height: video.codedHeight }, video.rotation);
    return { ...size, frames: stats.packetCount, durationSec };
  } finally {
    input.dispose();
  }
}
