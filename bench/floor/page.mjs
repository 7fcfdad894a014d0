// The floor under the app's WebCodecs pipeline: the same clip decoded, encoded to H.264 with the
// app's settings (src/core/webcodecsPlan.ts: codec string, bitrate, a key frame every 2 s) and
// muxed to MP4 with the AAC copied, by mediabunny's Conversion, with no matte and no composite.
import { ALL_FORMATS, BlobSource, BufferSource, BufferTarget, Conversion, Input, Mp4OutputFormat, Output } from '/mediabunny/mediabunny.min.mjs';

window.benchRun = async (encode) => {
  const file = document.getElementById('video').files[0];
  const t0 = performance.now();
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  const output = new Output({ format: new Mp4OutputFormat({ fastStart: 'in-memory' }), target: new BufferTarget() });
  const conversion = await Conversion.init({
    input,
    output,
    video: { codec: 'avc', bitrate: encode.bitrate, keyFrameInterval: encode.keyFrameSec, forceTranscode: true },
    audio: {},
  });
  if (!conversion.isValid) return { ok: false, error: `conversion not valid: ${JSON.stringify(conversion.discardedTracks.map((d) => d.reason))}` };
  await conversion.execute();
  const totalSec = (performance.now() - t0) / 1000;
  input.dispose();
  // What was made, for the bench's output check: its video frames and whether it kept the audio.
  const buffer = output.target.buffer;
  const made = new Input({ source: new BufferSource(buffer), formats: ALL_FORMATS });
  const video = await made.getPrimaryVideoTrack();
  const frames = video ? (await video.computePacketStats()).packetCount : 0;
  const audio = (await made.getPrimaryAudioTrack())?.codec ?? null;
  made.dispose();
  return { ok: true, totalSec, bytes: buffer.byteLength, frames, audio };
};
window.benchReady = true;
