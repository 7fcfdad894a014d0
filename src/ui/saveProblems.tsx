/**
 * Changes saved in the background (a click on a setting) have nobody waiting on them: when one
 * cannot be saved (the disk is full) it is reported here and shown in plain words in a notice that
 * floats at the bottom of the page, and the view goes back to what is stored.
 */
import { useEffect, useState } from 'react';
import { toErrorInfo } from '../core/errors';

const problems = new EventTarget();

export function reportSaveProblem(err: unknown): void {
  const { code, message } = toErrorInfo(err);
  problems.dispatchEvent(new CustomEvent('problem', { detail: code === 'storage' ? message : "This change couldn't be saved. Please try again." }));
}

export function SaveProblemBanner() {
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    const show = (e: Event) => setMessage((e as CustomEvent<string>).detail);
    problems.addEventListener('problem', show);
    return () => problems.removeEventListener('problem', show);
  }, []);
  if (!message) return null;
  return (
    <div className="alert error save-problem" role="alert" data-testid="save-problem">
      <span>{message}</span>
      <button type="button" className="link" onClick={() => setMessage(null)}>
        Dismiss
      </button>
    </div>
  );
}
