import type { ErrorInfo } from '../core/errors';
import { useKeepAwake } from './useKeepAwake';
import { formatEta, type ProgressSnapshot, type StageName } from '../core/progress';

interface Props {
  progress: ProgressSnapshot | null;
  failure: ErrorInfo | null;
  onCancel(): void;
  onRetry(): void;
  onBack(): void;
  /** Offered when fal.ai failed: the same clip and choices, cut out on this device. */
  onUseLocal?: (() => void) | undefined;
  /** Where a refused key is changed (Settings). */
  onOpenSettings(): void;
}

const STAGE_TEXT: Readonly<Record<StageName, string>> = {
  prepare: 'Getting ready',
  tools: 'Getting the video tools for this kind of clip (first time only)',
  extract: 'Reading your video',
  matte: 'Finding you in each frame',
  upload: 'Sending your video to fal.ai',
  cloud: 'fal.ai is cutting you out',
  download: 'Getting the cut-out back',
  composite: 'Putting you in the new scene',
};

const FRAME_STAGES: ReadonlySet<StageName> = new Set(['extract', 'matte', 'composite']);

function stageText(p: ProgressSnapshot | null): string {
  if (!p) return STAGE_TEXT.prepare;
  if (p.stage === 'cloud') {
    if (p.retrying) return "fal.ai isn't answering right now; asking again";
    // "Cutting you out" only once fal.ai has started on it.
    if (p.queuePosition !== undefined) return p.queuePosition > 0 ? `Waiting in line at fal.ai (number ${p.queuePosition})` : 'Waiting for fal.ai to start';
  }
  return STAGE_TEXT[p.stage];
}

export function ProcessStep({ progress, failure, onCancel, onRetry, onBack, onUseLocal, onOpenSettings }: Props) {
  const running = failure === null;
  const wentAway = useKeepAwake(running);
  if (failure && failure.code !== 'cancelled') {
    return (
      <section className="card" aria-labelledby="make-title">
        <h1 id="make-title">That didn't work</h1>
        <p className="alert error" role="alert">
          {failure.message}
        </p>
        <div className="actions">
          <button type="button" className="secondary" onClick={onBack}>
            Back
          </button>
          {failure.fix === 'fal-key' && (
            <button type="button" className="secondary" onClick={onOpenSettings}>
              Change the fal.ai key
            </button>
          )}
          {/* Only where another try can work: not for a refused key, an empty balance or a link not trusted. */}
          {failure.retryable !== false && (
            <button type="button" className={onUseLocal ? 'secondary' : 'primary'} onClick={onRetry}>
              Try again
            </button>
          )}
          {onUseLocal && (
            <button type="button" className="primary" onClick={onUseLocal}>
              Use on-device matting instead
            </button>
          )}
        </div>
      </section>
    );
  }
  const percent = Math.round((progress?.fraction ?? 0) * 100);
  return (
    <section className="card" aria-labelledby="make-title">
      <h1 id="make-title">Making your video</h1>
      <p className="stage" aria-live="polite">
        {stageText(progress)}
        {progress && FRAME_STAGES.has(progress.stage) && progress.total > 0 && (
          <span className="frames" data-testid="frames">
            {' '}
            · frame {Math.min(progress.done, progress.total)} of {progress.total}
          </span>
        )}
      </p>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Progress">
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="eta" data-testid="eta">
        {percent}% · {formatEta(progress?.etaSec ?? null, progress?.fraction ?? 0)}
      </p>
      {wentAway && (
        <p className="alert info" role="status">
          This tab was in the background for a while. Browsers slow down background tabs, so keep Restyle in front
          until your video is ready.
        </p>
      )}
      <p className="hint">Keep this tab open and in front until it's done.</p>
      <div className="actions">
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
