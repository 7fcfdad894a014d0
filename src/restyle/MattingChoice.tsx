import { estimateFalCost, planFalJob } from '../core/falEndpoints';
import type { MattingKind } from '../core/domain';
import type { VideoInfo } from '../protocol/videoInfo';

interface Props {
  info: VideoInfo;
  endpoint: string;
  value: MattingKind;
  onChange(value: MattingKind): void;
  /** fal.ai already cut this clip out (paid): its cost is not shown as if to be paid again. */
  paid?: boolean;
}

/** On this device, or on fal.ai with the person's own key (with what it will cost, up front). */
export function MattingChoice({ info, endpoint, value, onChange, paid = false }: Props) {
  const plan = planFalJob(endpoint, info);
  const cost = estimateFalCost(endpoint, info);
  return (
    <fieldset className="choice matting">
      <legend>Cut me out</legend>
      <label className="check">
        <input type="radio" name="matting" checked={value === 'local'} onChange={() => onChange('local')} />
        <span>
          On this device <span className="hint">free, private</span>
        </span>
      </label>
      <label className="check">
        <input type="radio" name="matting" checked={value === 'fal'} disabled={!plan.ok} onChange={() => onChange('fal')} />
        <span>
          On fal.ai <span className="hint">finer hair and edges · {paid ? 'already paid for this clip' : cost.text}</span>
        </span>
      </label>
      {!plan.ok && <p className="hint">{plan.message}</p>}
    </fieldset>
  );
}
