import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { DEFAULT_SETTINGS, type FalRequestRef, type HistoryEntry, type MattingKind, type Settings, type UnfinishedJob } from '../core/domain';
import { toErrorInfo, type ErrorInfo } from '../core/errors';
import type { ProgressSnapshot } from '../core/progress';
import type { VideoInfo } from '../protocol/videoInfo';
import { setBusy } from '../pwa/registerServiceWorker';
import { getKey } from '../services/keys';
import { discardJob } from '../services/storage/jobs';
import { loadSettings, saveSetting } from '../services/storage/settings';
import type { Change } from '../services/sync';
import { useEngine } from '../ui/engineContext';
import { reportSaveProblem } from '../ui/saveProblems';
import { useStored } from '../ui/useStored';
import { InterruptedJobs } from './InterruptedJobs';
import { makeVideo } from './makeVideo';
import { Steps, type StepName } from './Steps';
import { OnboardingNudge } from '../profile/OnboardingNudge';
import { UploadStep } from './UploadStep';
import { BackgroundStep } from './BackgroundStep';
import { PrecheckStep, type PrecheckState } from './PrecheckStep';
import { ProcessStep } from './ProcessStep';
import { ReviewStep } from './ReviewStep';

const SETTINGS: readonly Change[] = ['settings'];
const KEYS: readonly Change[] = ['keys'];
const hasFalKeyStored = async (): Promise<boolean> => (await getKey('fal')) !== null;

interface Props {
  reopen?: HistoryEntry | undefined;
  onOpenProfile(): void;
  /** Hears whether a clip is picked and not yet made (a draft the "New video" tab must return to). */
  onDraft?(hasDraft: boolean): void;
}

export function Wizard({ reopen, onOpenProfile, onDraft }: Props) {
  const engine = useEngine();
  const [step, setStep] = useState<StepName>(reopen ? 'review' : 'upload');
  const [clip, setClip] = useState<{ file: File; info: VideoInfo } | null>(null);
  const [precheck, setPrecheck] = useState<PrecheckState>({ status: 'running' });
  const [progress, setProgress] = useState<ProgressSnapshot | null>(null);
  const [failure, setFailure] = useState<ErrorInfo | null>(null);
  const [entry, setEntry] = useState<HistoryEntry | null>(reopen ?? null);
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
  const [chosenMatting, setChosenMatting] = useState<{ kind: MattingKind; basis: string } | null>(null);
  const matting: MattingKind = !hasFalKey
    ? 'local'
    : chosenMatting?.basis === mattingBasis
      ? chosenMatting.kind
      : settings?.mattingDefault === 'fal'
        ? 'fal'
        : 'local';
  const setMatting = useCallback((kind: MattingKind) => setChosenMatting({ kind, basis: mattingBasis }), [mattingBasis]);

  // Leaving the wizard mid-run stops the work.
  useEffect(() => () => abortRef.current?.abort(), []);

  const hasDraft = clip !== null && step !== 'review';
  useEffect(() => onDraft?.(hasDraft), [onDraft, hasDraft]);

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
    setStep('process');
    // An app update must not reload the page under a running job.
    setBusy(true);
    try {
      const made = await makeVideo(engine, {
        clip,
        settings,
        matting: use,
        paidFal,
        verdict: precheck.status === 'done' ? precheck.verdict : null,
        signal: controller.signal,
        onProgress: setProgress,
        onPaidRequest: setPaidFal,
      });
      setEntry(made.entry);
      setSaveProblem(made.saveProblem);
      setStep('review');
    } catch (err) {
      const info = toErrorInfo(err);
      if (info.code === 'cancelled') setStep('precheck');
      setFailure(info);
    } finally {
      abortRef.current = null;
      setBusy(false);
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
    [engine, updateSettings, hasFalKey, setMatting, onVideo],
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
