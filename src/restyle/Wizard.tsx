import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackgroundVerdict } from '../core/backgroundScore';
import { RestyleError, toErrorInfo, type ErrorInfo } from '../core/errors';
import { getKey } from '../services/keys';
import { setBusy } from '../pwa/registerServiceWorker';
import type { ProgressSnapshot } from '../core/progress';
import type { VideoInfo } from '../protocol/videoInfo';
import { useEngine } from '../ui/engineContext';
import type { HistoryEntry, Settings } from '../core/domain';
import { addHistoryEntry } from '../services/storage/history';
import { discardJob, startJob } from '../services/storage/jobs';
import type { FalRequestRef, UnfinishedJob } from '../core/domain';
import { InterruptedJobs } from './InterruptedJobs';
import { requestPersistence } from '../services/storage/usage';
import { loadSettings, saveSetting } from '../services/storage/settings';
import { DEFAULT_SETTINGS, type MattingKind } from '../core/domain';
import { reportSaveProblem } from '../ui/saveProblems';
import { onStoredChange } from '../services/sync';
import { Steps, type StepName } from './Steps';
import { OnboardingNudge } from '../profile/OnboardingNudge';
import { UploadStep } from './UploadStep';
import { BackgroundStep } from './BackgroundStep';
import { PrecheckStep } from './PrecheckStep';
import { ProcessStep } from './ProcessStep';
import { ReviewStep } from './ReviewStep';

/** Verdict of the precheck: still running, done (null = could not check), or failed. */
export type PrecheckState = { status: 'running' } | { status: 'done'; verdict: BackgroundVerdict | null };

interface Props {
  reopen?: HistoryEntry | undefined;
  onOpenProfile(): void;
}

export function Wizard({ reopen, onOpenProfile }: Props) {
  const engine = useEngine();
  const [step, setStep] = useState<StepName>(reopen ? 'review' : 'upload');
  const [clip, setClip] = useState<{ file: File; info: VideoInfo } | null>(null);
  const [precheck, setPrecheck] = useState<PrecheckState>({ status: 'running' });
  const [settings, setSettings] = useState<Settings | null>(null);
  const [progress, setProgress] = useState<ProgressSnapshot | null>(null);
  const [failure, setFailure] = useState<ErrorInfo | null>(null);
  const [entry, setEntry] = useState<HistoryEntry | null>(reopen ?? null);
  const [hasFalKey, setHasFalKey] = useState(false);
  const [matting, setMatting] = useState<MattingKind>('local');
  const [ranWith, setRanWith] = useState<MattingKind>('local');
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  // The fal.ai job paid for with this clip: another try fetches its result instead of paying again.
  const [paidFal, setPaidFal] = useState<FalRequestRef | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const starting = useRef(false);

  useEffect(() => {
    let live = true;
    const refresh = () =>
      loadSettings()
        .then((s) => live && setSettings(s))
        .catch(() => live && setSettings(DEFAULT_SETTINGS));
    void refresh();
    // A background picked in another tab (or on the profile screen) shows up here too.
    const off = onStoredChange(['settings'], () => void refresh());
    return () => {
      live = false;
      off();
    };
  }, []);

  // fal.ai is offered only with a key; its default comes from Settings.
  useEffect(() => {
    let live = true;
    const refresh = () =>
      void getKey('fal').then((k) => {
        if (!live) return;
        setHasFalKey(k !== null);
        if (k === null) setMatting('local');
      });
    refresh();
    const off = onStoredChange(['keys'], refresh);
    return () => {
      live = false;
      off();
    };
  }, []);
  const defaultMatting = settings?.mattingDefault;
  useEffect(() => {
    if (defaultMatting) setMatting(defaultMatting === 'fal' && hasFalKey ? 'fal' : 'local');
  }, [defaultMatting, hasFalKey]);

  // Leaving the wizard mid-run stops the work.
  useEffect(() => () => abortRef.current?.abort(), []);

  const onVideo = useCallback(
    (file: File, info: VideoInfo, paid: FalRequestRef | null = null) => {
      setClip({ file, info });
      setPaidFal(paid);
      setStep('background');
      setPrecheck({ status: 'running' });
      // Check the recorded background while the person picks a new one.
      engine
        .precheck(file, info)
        .then((verdict) => setPrecheck({ status: 'done', verdict }))
        .catch(() => setPrecheck({ status: 'done', verdict: null }));
    },
    [engine],
  );

  const updateSettings = useCallback((patch: Partial<Pick<Settings, 'backgroundId' | 'blurSigma' | 'colourMatch'>>) => {
    setSettings((s) => (s ? { ...s, ...patch } : s));
    // Shown at once; if the disk refuses it, the page says so and shows what is stored again.
    const failed = (err: unknown) => {
      reportSaveProblem(err);
      void loadSettings().then(setSettings, () => undefined);
    };
    if (patch.backgroundId !== undefined) saveSetting('backgroundId', patch.backgroundId).catch(failed);
    if (patch.blurSigma !== undefined) saveSetting('blurSigma', patch.blurSigma).catch(failed);
    if (patch.colourMatch !== undefined) saveSetting('colourMatch', patch.colourMatch).catch(failed);
  }, []);

  const start = useCallback(async (use: MattingKind = matting) => {
    // One job at a time: a double click on "Make" (or on fal.ai's "Upload") must not start or pay twice.
    if (!clip || !settings || starting.current) return;
    starting.current = true;
    const controller = new AbortController();
    abortRef.current = controller;
    setFailure(null);
    setProgress(null);
    setRanWith(use);
    setStep('process');
    // An app update must not reload the page under a running job.
    setBusy(true);
    // Kept until the job ends, so a reload or a crash leaves it to be made again. Recorded while
    // the work starts, not before it: copying a large clip into storage must not delay it.
    const endpoint = settings.falEndpoint;
    const paid = use === 'fal' && paidFal?.endpoint === endpoint ? paidFal : null;
    const job = startJob({
      input: clip.file,
      inputName: clip.file.name,
      backgroundId: settings.backgroundId,
      blurSigma: settings.blurSigma,
      colourMatch: settings.colourMatch,
      matting: use,
      ...(paid ? { falRequest: paid } : {}),
    });
    // Which paid job to fetch next time (a retry here, or after a reload): kept here and in the record.
    const onRequest = (requestId: string | null) => {
      const ref = requestId ? { requestId, endpoint } : null;
      setPaidFal(ref);
      void job.then((j) => j.noteFalRequest(ref));
    };
    try {
      const falKey = use === 'fal' ? await getKey('fal') : null;
      if (use === 'fal' && !falKey) throw new RestyleError('failed', 'Your fal.ai key is no longer saved. Add it in Settings, or cut out on this device.');
      const result = await engine.process(clip.file, clip.info, {
        backgroundId: settings.backgroundId,
        blurSigma: settings.blurSigma,
        colourMatch: settings.colourMatch,
        matting: falKey ? { kind: 'fal', config: { key: falKey, endpoint }, resume: paid?.requestId, onRequest } : { kind: 'local' },
        signal: controller.signal,
        onProgress: setProgress,
      });
      const made = {
        inputName: clip.file.name,
        input: clip.file,
        output: result.output,
        backgroundName: result.backgroundName,
        blurSigma: settings.blurSigma,
        durationSec: clip.info.durationSec,
        width: result.size.width,
        height: result.size.height,
        verdict: precheck.status === 'done' ? precheck.verdict : null,
        totalSec: result.timings.total,
        pipeline: result.pipeline,
      };
      try {
        setEntry(await addHistoryEntry(made));
        setSaveProblem(null);
        void requestPersistence();
      } catch (err) {
        // A full disk must not cost the person the video they just waited for: show it, say so.
        setEntry({ ...made, id: 'unsaved', createdAt: Date.now() });
        setSaveProblem(toErrorInfo(err).message);
      }
      setStep('review');
    } catch (err) {
      const info = toErrorInfo(err);
      if (info.code === 'cancelled') setStep('precheck');
      setFailure(info);
    } finally {
      abortRef.current = null;
      setBusy(false);
      await job.then((j) => j.end()).catch((err: unknown) => console.warn('could not clear the finished job:', err));
      starting.current = false;
    }
  }, [clip, settings, engine, precheck, matting, paidFal]);

  /** An interrupted job: its clip and choices back in the wizard, ready to check and make again. */
  const resume = useCallback(
    async (job: UnfinishedJob) => {
      const file = new File([job.input], job.inputName, { type: job.input.type });
      const info = await engine.probe(file);
      updateSettings({ backgroundId: job.backgroundId, blurSigma: job.blurSigma, colourMatch: job.colourMatch });
      setMatting(job.matting === 'fal' && hasFalKey ? 'fal' : 'local');
      await discardJob(job.id);
      onVideo(file, info, job.falRequest ?? null);
    },
    [engine, updateSettings, hasFalKey, onVideo],
  );

  const reset = useCallback(() => {
    setClip(null);
    setPaidFal(null);
    setEntry(null);
    setFailure(null);
    setStep('upload');
  }, []);

  return (
    <div className="wizard">
      <Steps current={step} />
      {step === 'upload' && <InterruptedJobs onResume={resume} />}
      {step === 'upload' && <OnboardingNudge onOpenProfile={onOpenProfile} />}
      {step === 'upload' && <UploadStep onVideo={onVideo} />}
      {step === 'background' && clip && settings && (
        <BackgroundStep
          info={clip.info}
          settings={settings}
          onChange={updateSettings}
          onOpenProfile={onOpenProfile}
          onBack={reset}
          onNext={() => {
            setFailure(null);
            setStep('precheck');
          }}
        />
      )}
      {step === 'precheck' && clip && (
        <PrecheckStep
          info={clip.info}
          fal={
            hasFalKey && settings
              ? { endpoint: settings.falEndpoint, matting, onMatting: setMatting, paid: paidFal?.endpoint === settings.falEndpoint }
              : null
          }
          precheck={precheck}
          notice={failure}
          onBack={() => setStep('background')}
          onStart={() => void start(matting)}
        />
      )}
      {step === 'process' && (
        <ProcessStep
          progress={progress}
          failure={failure}
          onCancel={() => abortRef.current?.abort()}
          onRetry={() => void start(ranWith)}
          onBack={() => setStep('precheck')}
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
      {step === 'review' && entry && <ReviewStep entry={entry} notice={saveProblem} onNew={reset} />}
    </div>
  );
}
