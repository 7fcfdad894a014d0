import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { DEFAULT_SETTINGS, type DraftChoices, type FalRequestRef, type HistoryEntry, type MattingKind, type Settings, type UnfinishedJob } from '../core/domain';
import { toErrorInfo, type ErrorInfo } from '../core/errors';
import type { ProgressSnapshot } from '../core/progress';
import type { BackgroundVerdict } from '../core/backgroundScore';
import type { VideoInfo } from '../protocol/videoInfo';
import { noteClipOpen, setBusy } from '../pwa/registerServiceWorker';
import { getKey } from '../services/keys';
import { discardJob, interruptedJobs } from '../services/storage/jobs';
import { discardDraft, loadDraft, saveDraftChoices, saveDraftClip } from '../services/storage/draft';
import { getHistoryEntry } from '../services/storage/history';
import { reachableStep, type StepName } from '../core/route';
import { loadSettings, saveSetting } from '../services/storage/settings';
import type { Change } from '../services/sync';
import { useEngine } from '../ui/engineContext';
import { reportSaveProblem } from '../ui/saveProblems';
import { useStored } from '../ui/useStored';
import { InterruptedJobs } from './InterruptedJobs';
import { makeVideo } from './makeVideo';
import { Steps } from './Steps';
import { OnboardingNudge } from '../profile/OnboardingNudge';
import { UploadStep } from './UploadStep';
import { BackgroundStep } from './BackgroundStep';
import { TrimStep } from './TrimStep';
import { partToKeep, type Trim } from '../core/trim';
import { PrecheckStep, type PrecheckState } from './PrecheckStep';
import { ProcessStep } from './ProcessStep';
import { ReviewStep } from './ReviewStep';

const SETTINGS: readonly Change[] = ['settings'];
const KEYS: readonly Change[] = ['keys'];
const hasFalKeyStored = async (): Promise<boolean> => (await getKey('fal')) !== null;

/** How the wizard moves: a new history entry, this one changed, or one back. */
export type WizardMove = 'push' | 'replace' | 'back';

interface Props {
  /** The step the address asks for (shown if its material is there, see core/route). */
  step: StepName;
  onMove(step: StepName, how: WizardMove): void;
  onOpenProfile(): void;
  onOpenSettings(): void;
}

/** The picked clip: the draft kept in storage under `draftId`. */
interface Clip {
  file: File;
  info: VideoInfo;
  draftId: string | null;
}

export function Wizard({ step: wanted, onMove, onOpenProfile, onOpenSettings }: Props) {
  const engine = useEngine();
  const [clip, setClip] = useState<Clip | null>(null);
  // Until the stored draft has been looked for, only the Upload step can be shown.
  const [restored, setRestored] = useState(false);
  // The clip picked last in this page (null: none yet, so a stored draft may come back).
  const latestPick = useRef<File | null>(null);
  const [precheck, setPrecheck] = useState<PrecheckState>({ status: 'running' });
  /** The running check's verdict, for a video started before it ends. */
  const checking = useRef<Promise<BackgroundVerdict | null> | null>(null);
  const [progress, setProgress] = useState<ProgressSnapshot | null>(null);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<ErrorInfo | null>(null);
  const [entry, setEntry] = useState<HistoryEntry | null>(null);
  // The part of a clip over 30 s to make (null: all of it); `checked`: the part the Check step looked at.
  const [trim, setTrim] = useState<Trim | null>(null);
  const checkedTrim = useRef<Trim | null>(null);
  const [ranWith, setRanWith] = useState<MattingKind>('local');
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  // The fal.ai job paid for with this clip: another try fetches its result instead of paying again.
  const [paidFal, setPaidFal] = useState<FalRequestRef | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const starting = useRef(false);

  // Settings as stored (a background picked in another tab, or on the profile screen, shows up
  // here too), with this screen's own changes shown at once, until the store answers again.
  const stored = useStored(loadSettings, SETTINGS);
  const [edit, setEdit] = useState<{ base: Settings | undefined; patch: Partial<Settings> } | null>(null);
  const settings = useMemo(() => {
    // A store that can't be read still lets a video be made, with the defaults.
    const base = stored.value ?? (stored.error !== null ? DEFAULT_SETTINGS : undefined);
    if (!base) return null;
    return edit && edit.base === stored.value ? { ...base, ...edit.patch } : base;
  }, [stored.value, stored.error, edit]);

  const hasFalKey = useStored(hasFalKeyStored, KEYS).value === true;
  // Where this clip is cut out: the settings' default, unless the person chose here since it (or the key) last changed.
  const mattingBasis = `${settings?.mattingDefault ?? ''}|${hasFalKey}`;
  // basis null: kept with the draft, and stands whatever the settings are now.
  const [chosenMatting, setChosenMatting] = useState<{ kind: MattingKind; basis: string | null } | null>(null);
  // fal.ai takes whole clips only: the part kept of a longer one is cut out on this device.
  const matting: MattingKind = !hasFalKey || trim !== null
    ? 'local'
    : chosenMatting && (chosenMatting.basis === null || chosenMatting.basis === mattingBasis)
      ? chosenMatting.kind
      : settings?.mattingDefault === 'fal'
        ? 'fal'
        : 'local';
  const draftId = clip?.draftId ?? null;
  // The clip as the preview knows it: the same object for as long as the file is the same.
  const file = clip?.file ?? null;
  const info = clip?.info ?? null;
  const shownClip = useMemo(() => (file && info ? { file, info } : null), [file, info]);
  // The draft's id as soon as it is known (before the next render), and the choices made while the
  // clip was still being written: those are written once it is.
  const liveDraftId = useRef<string | null>(null);
  const pendingChoices = useRef<Partial<Omit<DraftChoices, 'draftId'>>>({});
  /** Keeps a choice for this clip with its draft; resolves once written (a failed write only costs it after a reload). */
  const noteChoice = useCallback((patch: Partial<Omit<DraftChoices, 'draftId'>>): Promise<void> => {
    const id = liveDraftId.current;
    if (!id) {
      pendingChoices.current = { ...pendingChoices.current, ...patch };
      return Promise.resolve();
    }
    return saveDraftChoices(id, patch).catch((err: unknown) => console.warn('could not keep the choice with the draft:', err));
  }, []);
  const setMatting = useCallback(
    (kind: MattingKind) => {
      setChosenMatting({ kind, basis: mattingBasis });
      void noteChoice({ matting: kind });
    },
    [mattingBasis, noteChoice],
  );
  const notePaid = useCallback(
    (ref: FalRequestRef | null) => {
      setPaidFal(ref);
      void noteChoice(ref ? { paidFal: ref } : { paidFal: undefined });
    },
    [noteChoice],
  );

  const making = running || (failure !== null && failure.code !== 'cancelled');
  // The Trim step is only for a clip over 30 s; asked for with a shorter one, it is the Background step.
  const asked: StepName = wanted === 'trim' && clip !== null && trim === null ? 'background' : wanted;
  const step: StepName | null = restored ? reachableStep(asked, { clip: clip !== null, making, made: entry !== null }) : wanted === 'upload' ? 'upload' : null;
  // The address follows what can be shown (a reload lost the running job; Forward to a cancelled one).
  useEffect(() => {
    if (step !== null && step !== wanted) onMove(step, 'replace');
  }, [step, wanted, onMove]);
  // Leaving the Make step while it works (Back) stops the work, as does leaving the app.
  const left = useRef(false);
  useEffect(() => {
    if (!running || wanted === 'process') return;
    left.current = true;
    abortRef.current?.abort();
  }, [running, wanted]);
  useEffect(() => () => abortRef.current?.abort(), []);

  // Back at the start once the video is made ("New video"): the clip is no longer a draft to keep
  // (Forward still finds it, until the page is left).
  useEffect(() => {
    if (wanted === 'upload' && entry !== null && draftId) discardDraft(draftId).catch((err: unknown) => console.warn('could not let go of the draft:', err));
  }, [wanted, entry, draftId]);

  /** Check the recorded background while the person picks a new one. */
  const check = useCallback(
    (file: File, info: VideoInfo, part: Trim | null) => {
      setPrecheck({ status: 'running' });
      checkedTrim.current = part;
      const checked = engine.precheck(file, info, undefined, undefined, part ?? undefined).catch(() => null);
      checking.current = checked;
      void checked.then((verdict) => setPrecheck({ status: 'done', verdict }));
      // A clip only ffmpeg.wasm can make: its first download starts now, not at "Make my video".
      void engine.prefetchToolsFor(file, info);
    },
    [engine],
  );

  /** A clip picked (or brought back with what was chosen for it, by "Make it again"). */
  const onVideo = useCallback(
    (file: File, info: VideoInfo, carried: Omit<DraftChoices, 'draftId'> = {}) => {
      latestPick.current = file;
      setClip({ file, info, draftId: null });
      setPaidFal(carried.paidFal ?? null);
      setEntry(null);
      setFailure(null);
      setChosenMatting(carried.matting ? { kind: carried.matting, basis: null } : null);
      const part = partToKeep(info.durationSec, carried.trim);
      setTrim(part);
      // A clip over 30 s: first, the part to keep.
      onMove(part ? 'trim' : 'background', 'push');
      check(file, info, part);
      liveDraftId.current = null;
      pendingChoices.current = {};
      // Kept as the draft: a reload, or a detour to another tab, comes back to it.
      saveDraftClip(file)
        .then(async (id) => {
          if (latestPick.current !== file) return;
          liveDraftId.current = id;
          setClip((c) => (c?.file === file ? { ...c, draftId: id } : c));
          const choices = { ...carried, ...(part ? { trim: part } : {}), ...pendingChoices.current };
          pendingChoices.current = {};
          if (Object.keys(choices).length > 0) await saveDraftChoices(id, choices);
        })
        .catch((err: unknown) => console.warn('could not keep the clip as a draft:', err));
    },
    [check, onMove],
  );

  // The draft left by an earlier visit (a reload, a closed tab): its clip and choices, back where they were.
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const draft = await loadDraft();
        // A draft whose video was being made is offered by "This video wasn't finished" instead.
        if (!draft || (await interruptedJobs()).some((j) => j.draftId === draft.id)) return;
        const info = await engine.probe(draft.file);
        const made = draft.choices.madeEntryId ? ((await getHistoryEntry(draft.choices.madeEntryId)) ?? null) : null;
        if (!live || latestPick.current !== null) return;
        liveDraftId.current = draft.id;
        setClip({ file: draft.file, info, draftId: draft.id });
        setPaidFal(draft.choices.paidFal ?? null);
        if (draft.choices.matting) setChosenMatting({ kind: draft.choices.matting, basis: null });
        setEntry(made);
        const part = partToKeep(info.durationSec, draft.choices.trim);
        setTrim(part);
        check(draft.file, info, part);
      } catch (err) {
        console.warn('could not bring back the draft:', err);
      } finally {
        if (live) setRestored(true);
      }
    })();
    return () => {
      live = false;
    };
  }, [engine, check]);

  const updateSettings = useCallback((patch: Partial<Pick<Settings, 'backgroundId' | 'blurSigma' | 'colourMatch'>>) => {
    setEdit((e) => ({ base: stored.value, patch: { ...(e && e.base === stored.value ? e.patch : {}), ...patch } }));
    // Shown at once; if the disk refuses it, the page says so and shows what is stored again.
    const failed = (err: unknown) => {
      reportSaveProblem(err);
      void stored.reload();
    };
    if (patch.backgroundId !== undefined) saveSetting('backgroundId', patch.backgroundId).catch(failed);
    if (patch.blurSigma !== undefined) saveSetting('blurSigma', patch.blurSigma).catch(failed);
    if (patch.colourMatch !== undefined) saveSetting('colourMatch', patch.colourMatch).catch(failed);
  }, [stored]);

  const start = useCallback(async (use: MattingKind = matting) => {
    // One job at a time: a double click on "Make" (or on fal.ai's "Upload") must not start or pay twice.
    if (!clip || !settings || starting.current) return;
    starting.current = true;
    const controller = new AbortController();
    abortRef.current = controller;
    setFailure(null);
    setProgress(null);
    setRanWith(use);
    setRunning(true);
    left.current = false;
    onMove('process', 'push');
    // An app update must not reload the page under a running job.
    setBusy(true);
    try {
      const made = await makeVideo(engine, {
        clip,
        settings,
        matting: use,
        paidFal,
        // Pressed while the check runs: it goes on alongside the video, and My videos gets its verdict.
        verdict: precheck.status === 'done' ? precheck.verdict : (checking.current ?? null),
        draftId: clip.draftId,
        trim,
        signal: controller.signal,
        onProgress: setProgress,
        onPaidRequest: notePaid,
      });
      // Written before the video is shown and before the job lets go (setBusy below): a reload at
      // any moment from here (the person's, or an app update waiting for the job) comes back to it.
      if (made.saveProblem === null) await noteChoice({ madeEntryId: made.entry.id });
      setEntry(made.entry);
      setSaveProblem(made.saveProblem);
      onMove('review', 'replace');
    } catch (err) {
      const info = toErrorInfo(err);
      // Cancelled with the button: back to the Check step (a Back in the browser is there already).
      if (info.code === 'cancelled' && !left.current) onMove('precheck', 'back');
      setFailure(info);
    } finally {
      abortRef.current = null;
      setRunning(false);
      setBusy(false);
      starting.current = false;
    }
  }, [clip, settings, engine, precheck, matting, paidFal, notePaid, noteChoice, onMove, trim]);

  /** An interrupted job: its clip and choices back in the wizard, ready to check and make again. */
  const resume = useCallback(
    async (job: UnfinishedJob) => {
      const file = new File([job.input], job.inputName, { type: job.input.type });
      const info = await engine.probe(file);
      updateSettings({ backgroundId: job.backgroundId, blurSigma: job.blurSigma, colourMatch: job.colourMatch });
      await discardJob(job.id);
      onVideo(file, info, {
        matting: job.matting === 'fal' && hasFalKey ? 'fal' : 'local',
        ...(job.falRequest ? { paidFal: job.falRequest } : {}),
        ...(job.trim ? { trim: job.trim } : {}),
      });
    },
    [engine, updateSettings, hasFalKey, onVideo],
  );

  /** "Make another": the made clip is let go of, and a new one is picked. */
  const another = useCallback(() => {
    if (draftId) discardDraft(draftId).catch((err: unknown) => console.warn('could not let go of the draft:', err));
    setClip(null);
    liveDraftId.current = null;
    setPaidFal(null);
    setEntry(null);
    setFailure(null);
    onMove('upload', 'push');
  }, [draftId, onMove]);

  // A first visit's offline install waits while a clip is on its way to a video (pwa/registerServiceWorker).
  useEffect(() => noteClipOpen(step !== null && step !== 'upload' && step !== 'review'), [step]);

  if (step === null) {
    return (
      <div className="wizard" aria-busy="true">
        <p className="hint">Getting your video back…</p>
      </div>
    );
  }
  return (
    <div className="wizard">
      <Steps current={step} />
      {step === 'upload' && <InterruptedJobs onResume={resume} />}
      {step === 'upload' && <OnboardingNudge onOpenProfile={onOpenProfile} />}
      {step === 'upload' && <UploadStep onVideo={onVideo} />}
      {step === 'trim' && shownClip && trim && (
        <TrimStep
          clip={shownClip}
          trim={trim}
          onChange={(t) => {
            setTrim(t);
            void noteChoice({ trim: t });
          }}
          onBack={() => onMove('upload', 'back')}
          onNext={() => {
            // The Check step looks at the part kept.
            if (checkedTrim.current?.startSec !== trim.startSec || checkedTrim.current.lengthSec !== trim.lengthSec) check(shownClip.file, shownClip.info, trim);
            onMove('background', 'push');
          }}
        />
      )}
      {step === 'background' && shownClip && settings && (
        <BackgroundStep
          clip={shownClip}
          part={trim ?? { startSec: 0, lengthSec: shownClip.info.durationSec }}
          backLabel={trim ? 'Back' : 'Different video'}
          settings={settings}
          onChange={updateSettings}
          onOpenProfile={onOpenProfile}
          onBack={() => onMove(trim ? 'trim' : 'upload', 'back')}
          onNext={() => {
            setFailure(null);
            onMove('precheck', 'push');
          }}
        />
      )}
      {step === 'precheck' && clip && (
        <PrecheckStep
          info={clip.info}
          fal={
            // fal.ai takes whole clips only: a trimmed part is cut out on this device.
            hasFalKey && settings && !trim
              ? { endpoint: settings.falEndpoint, matting, onMatting: setMatting, paid: paidFal?.endpoint === settings.falEndpoint }
              : null
          }
          precheck={precheck}
          notice={failure}
          onBack={() => onMove('background', 'back')}
          onStart={() => void start(matting)}
        />
      )}
      {step === 'process' && (
        <ProcessStep
          progress={progress}
          failure={failure}
          onCancel={() => abortRef.current?.abort()}
          onRetry={() => void start(ranWith)}
          onBack={() => onMove('precheck', 'back')}
          onOpenSettings={onOpenSettings}
          onUseLocal={
            ranWith === 'fal'
              ? () => {
                  setMatting('local');
                  void start('local');
                }
              : undefined
          }
        />
      )}
      {step === 'review' && entry && (
        <ReviewStep entry={entry} notice={saveProblem} onAnotherBackground={() => onMove(clip ? 'background' : 'upload', 'push')} onNew={another} />
      )}
    </div>
  );
}
