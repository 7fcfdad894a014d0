import { useState, useSyncExternalStore } from 'react';
import { getSegmenterFiles, subscribeSegmenterFiles } from '../media/segmenterFiles';
import type { ErrorInfo } from '../core/errors';
import { formatBytes } from '../core/caps';
import { estimateFalCost } from '../core/falEndpoints';
import type { VideoInfo } from '../protocol/videoInfo';
import type { BackgroundVerdict } from '../core/backgroundScore';
import { VerdictNote } from './VerdictNote';
import { MattingChoice } from './MattingChoice';
import type { MattingKind } from '../core/domain';

/** The Check step's look at the recorded background: still running, or its verdict (null: this browser couldn't decode the frames). */
export type PrecheckState = { status: 'running' } | { status: 'done'; verdict: BackgroundVerdict | null };

interface Props {
  info: VideoInfo;
  precheck: PrecheckState;
  notice: ErrorInfo | null;
  /** Offered only when a fal.ai key is saved; `paid`: fal.ai already cut this clip out (fetched again, not paid again). */
  fal: { endpoint: string; matting: MattingKind; onMatting(m: MattingKind): void; paid: boolean } | null;
  onBack(): void;
  onStart(): void;
}

export function PrecheckStep({ info, precheck, notice, fal, onBack, onStart }: Props) {
  const [confirming, setConfirming] = useState(false);
  const cloud = fal?.matting === 'fal';
  return (
    <section className="card" aria-labelledby="check-title">
      <h1 id="check-title">{precheck.status === 'running' ? 'Checking your recording' : 'Ready to make your video'}</h1>
      {precheck.status === 'running' ? (
        <CheckingNote />
      ) : (
        <VerdictNote verdict={precheck.verdict} />
      )}
      {notice && (
        <p className={notice.code === 'cancelled' ? 'alert info' : 'alert error'} role="status">
          {notice.message}
        </p>
      )}
      {fal && <MattingChoice info={info} endpoint={fal.endpoint} value={fal.matting} onChange={fal.onMatting} paid={fal.paid} />}
      {cloud && fal.paid && (
        <p className="hint" data-testid="fal-paid">
          fal.ai has already cut out this clip with your key: that cut-out is fetched again, with nothing uploaded and nothing more to pay.
        </p>
      )}
      {confirming && fal ? (
        <div className="confirm" role="alertdialog" aria-label="Send to fal.ai">
          <p>
            Your video ({formatBytes(info.bytes)}) will be uploaded to fal.ai and cut out there with your fal.ai key. Estimated
            cost: <strong>{estimateFalCost(fal.endpoint, info).text}</strong>.
          </p>
          <div className="actions start">
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => {
                setConfirming(false);
                onStart();
              }}
            >
              Upload and make my video
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="secondary" onClick={onBack}>
            Back
          </button>
          <button type="button" className="primary" onClick={() => (cloud && !fal.paid ? setConfirming(true) : onStart())}>
            Make my video
          </button>
        </div>
      )}
    </section>
  );
}

/** While the check runs; on a first visit it waits for the segmenter's files, so their download shows. */
function CheckingNote() {
  const files = useSyncExternalStore(subscribeSegmenterFiles, getSegmenterFiles, getSegmenterFiles);
  if (files.phase !== 'fetching') {
    return (
      <p className="alert info" role="status">
        <span className="spinner" aria-hidden="true" /> Looking at the background you filmed in…
      </p>
    );
  }
  const percent = Math.floor(files.fraction * 100);
  return (
    <div className="alert info first-time" role="status">
      <span className="spinner" aria-hidden="true" />
      <div className="first-time-text">
        <p>Getting Restyle ready to find you in your video (first time only): {percent}%</p>
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Getting ready">
          <div className="progress-fill" style={{ width: `${percent}%` }} />
        </div>
      </div>
    </div>
  );
}
