import type { ErrorInfo } from '../core/errors';
import type { PrecheckState } from './Wizard';
import { VerdictNote } from './VerdictNote';

interface Props {
  precheck: PrecheckState;
  notice: ErrorInfo | null;
  onBack(): void;
  onStart(): void;
}

export function PrecheckStep({ precheck, notice, onBack, onStart }: Props) {
  return (
    <section className="card" aria-labelledby="check-title">
      <h1 id="check-title">Checking your recording</h1>
      {precheck.status === 'running' ? (
        <p className="alert info" role="status">
          <span className="spinner" aria-hidden="true" /> Looking at the background you filmed in…
        </p>
      ) : (
        <VerdictNote verdict={precheck.verdict} />
      )}
      {notice && (
        <p className={notice.code === 'cancelled' ? 'alert info' : 'alert error'} role="status">
          {notice.message}
        </p>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack}>
          Back
        </button>
        <button type="button" className="primary" onClick={onStart}>
          Make my video
        </button>
      </div>
    </section>
  );
}
