/**
 * One video made from the wizard's choices, with what it leaves behind: a record of the job while
 * it runs (so a reload or a crash leaves it to be made again), the fal.ai job it paid for (so a
 * retry fetches that instead of paying twice), and the result in My videos. No React here: the
 * wizard keeps only what the screen shows.
 */
import type { BackgroundVerdict } from '../core/backgroundScore';
import type { FalRequestRef, HistoryEntry, MattingKind, Settings } from '../core/domain';
import { plainMessage, RestyleError } from '../core/errors';
import type { ProgressSnapshot } from '../core/progress';
import type { RestyleEngine } from '../media/engine';
import type { VideoInfo } from '../protocol/videoInfo';
import type { Trim } from '../core/trim';
import { getKey } from '../services/keys';
import { addHistoryEntry } from '../services/storage/history';
import { startJob } from '../services/storage/jobs';
import { requestPersistence } from '../services/storage/usage';

export interface MakeRequest {
  clip: { file: File; info: VideoInfo };
  settings: Settings;
  matting: MattingKind;
  /** The fal.ai job already paid for with this clip, if any (fetched again on its endpoint). */
  paidFal: FalRequestRef | null;
  /** The Check step's verdict, or its promise while the check still runs (it runs alongside the video). */
  verdict: BackgroundVerdict | null | Promise<BackgroundVerdict | null>;
  /** The draft the clip is kept as (the job's record names it, for a reload to offer it once). */
  draftId: string | null;
  /** The part of a clip over 30 s to make (null: all of it). */
  trim: Trim | null;
  signal: AbortSignal;
  onProgress: (p: ProgressSnapshot) => void;
  /** Which paid fal.ai job to fetch next time (null: none, make anew). */
  onPaidRequest: (ref: FalRequestRef | null) => void;
}

export interface Made {
  entry: HistoryEntry;
  /** The words to show when the result could not be kept (it is still shown and downloadable). */
  saveProblem: string | null;
}

/** Makes the video; throws a RestyleError (cancelled, refused, failed) when it can't. */
export async function makeVideo(engine: RestyleEngine, req: MakeRequest): Promise<Made> {
  const { clip, settings, matting } = req;
  const endpoint = settings.falEndpoint;
  const paid = matting === 'fal' && req.paidFal?.endpoint === endpoint ? req.paidFal : null;
  // Recorded while the work starts, not before it: copying a large clip into storage must not delay it.
  const job = startJob({
    input: clip.file,
    inputName: clip.file.name,
    backgroundId: settings.backgroundId,
    blurSigma: settings.blurSigma,
    colourMatch: settings.colourMatch,
    matting,
    ...(paid ? { falRequest: paid } : {}),
    ...(req.draftId ? { draftId: req.draftId } : {}),
    ...(req.trim ? { trim: req.trim } : {}),
  });
  const onRequest = (requestId: string | null) => {
    const ref = requestId ? { requestId, endpoint } : null;
    req.onPaidRequest(ref);
    void job.then((j) => j.noteFalRequest(ref));
  };
  try {
    const falKey = matting === 'fal' ? await getKey('fal') : null;
    if (matting === 'fal' && !falKey) throw new RestyleError('failed', 'Your fal.ai key is no longer saved. Add it in Settings, or cut out on this device.');
    const result = await engine.process(clip.file, clip.info, {
      backgroundId: settings.backgroundId,
      blurSigma: settings.blurSigma,
      colourMatch: settings.colourMatch,
      matting: falKey ? { kind: 'fal', config: { key: falKey, endpoint }, resume: paid?.requestId, onRequest } : { kind: 'local' },
      ...(req.trim ? { trim: req.trim } : {}),
      signal: req.signal,
      onProgress: req.onProgress,
    });
    const made = {
      inputName: clip.file.name,
      input: clip.file,
      output: result.output,
      backgroundName: result.backgroundName,
      backgroundId: settings.backgroundId,
      blurSigma: settings.blurSigma,
      durationSec: req.trim?.lengthSec ?? clip.info.durationSec,
      ...(req.trim ? { startSec: req.trim.startSec } : {}),
      width: result.size.width,
      height: result.size.height,
      verdict: await req.verdict,
      totalSec: result.timings.total,
      pipeline: result.pipeline,
    };
    try {
      const entry = await addHistoryEntry(made);
      void requestPersistence();
      return { entry, saveProblem: null };
    } catch (err) {
      // A full disk must not cost the person the video they just waited for: show it, say so.
      return { entry: { ...made, id: 'unsaved', createdAt: Date.now() }, saveProblem: plainMessage(err) };
    }
  } finally {
    await job.then((j) => j.end()).catch((err: unknown) => console.warn('could not clear the finished job:', err));
  }
}
