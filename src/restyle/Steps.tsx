import type { StepName } from '../core/route';

const STEPS: ReadonlyArray<readonly [Exclude<StepName, 'trim'>, string]> = [
  ['upload', 'Video'],
  ['background', 'Background'],
  ['precheck', 'Check'],
  ['process', 'Make'],
  ['review', 'Done'],
];

/** Where the person is in the five steps. */
export function Steps({ current }: { current: StepName }) {
  // Trimming a long clip is part of the Video step.
  const index = STEPS.findIndex(([name]) => name === (current === 'trim' ? 'upload' : current));
  const label = STEPS[index]?.[1] ?? '';
  return (
    <>
      {/* On a phone, one line that names the step and never moves (the row below is for wider screens). */}
      <p className="steps-summary">
        Step {index + 1} of {STEPS.length} · {label}
      </p>
      <ol className="steps" aria-label="Steps">
      {STEPS.map(([name, label], i) => (
        <li key={name} className={i < index ? 'done' : i === index ? 'current' : ''} aria-current={i === index ? 'step' : undefined}>
          <span className="step-dot" aria-hidden="true">
            {i < index ? '✓' : i + 1}
          </span>
          <span className="step-label">{label}</span>
        </li>
      ))}
      </ol>
    </>
  );
}
