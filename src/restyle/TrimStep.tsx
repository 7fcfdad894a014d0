import { useEffect, useState } from 'react';
import { CAPS, formatSeconds } from '../core/caps';
import { clampTrim, type Trim } from '../core/trim';
import type { VideoInfo } from '../protocol/videoInfo';
import { useEngine } from '../ui/engineContext';
import { BitmapCanvas } from '../ui/BitmapCanvas';

interface Props {
  clip: { file: File; info: VideoInfo };
  trim: Trim;
  onChange(trim: Trim): void;
  onBack(): void;
  onNext(): void;
}

/** Pictures in the strip, and their height in pixels (drawn at twice the shown size for sharp screens). */
const STRIP_COUNT = 10;
const STRIP_HEIGHT = 112;

/** "0:42" for a time in a clip. */
function clock(sec: number): string {
  const s = Math.round(sec);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A clip over 30 s: the person chooses the 30 s to keep on a strip of pictures of the whole clip
 * (the first 30 s until they move it). Only that part is made, its sound with it.
 */
export function TrimStep({ clip, trim, onChange, onBack, onNext }: Props) {
  const { info } = clip;
  const strip = useStrip(clip.file, info.durationSec);
  const latest = Math.max(0, info.durationSec - trim.lengthSec);
  const left = (trim.startSec / info.durationSec) * 100;
  const width = (trim.lengthSec / info.durationSec) * 100;
  const end = trim.startSec + trim.lengthSec;

  return (
    <section className="card" aria-labelledby="trim-title">
      <h1 id="trim-title">Choose the {formatSeconds(trim.lengthSec)} to keep</h1>
      <p className="lede">
        This clip is {formatSeconds(info.durationSec)} long; Restyle makes up to {CAPS.maxDurationSec} s. Slide to choose the part to keep:
        only that part is made, with its sound.
      </p>
      <div className="trim-strip" data-testid="trim-strip" data-ready={strip.every((p) => p !== undefined)}>
        <div className="trim-pictures" aria-hidden="true">
          {strip.map((picture, i) => (
            <BitmapCanvas key={i} picture={picture} className={picture ? 'trim-thumb' : 'trim-thumb empty'} />
          ))}
        </div>
        <div className="trim-window" style={{ left: `${left}%`, width: `${width}%` }} aria-hidden="true" />
      </div>
      <label className="slider">
        <span>
          Keep <output data-testid="trim-range">{`${clock(trim.startSec)} to ${clock(end)}`}</output>
        </span>
        <input
          type="range"
          min={0}
          max={latest}
          step={0.1}
          value={trim.startSec}
          aria-label="Start of the part to keep"
          aria-valuetext={`From ${clock(trim.startSec)} to ${clock(end)}`}
          onChange={(e) => onChange(clampTrim({ startSec: Number(e.target.value), lengthSec: trim.lengthSec }, info.durationSec))}
        />
      </label>
      <div className="actions sticky">
        <button type="button" className="secondary" onClick={onBack}>
          Different video
        </button>
        <button type="button" className="primary" onClick={onNext}>
          Continue
        </button>
      </div>
    </section>
  );
}

/** The strip's pictures: undefined while coming, null where one couldn't be made. */
function useStrip(file: File, durationSec: number): (ImageBitmap | null | undefined)[] {
  const engine = useEngine();
  const [pictures, setPictures] = useState<{ file: File; list: (ImageBitmap | null)[] } | null>(null);
  useEffect(() => {
    let live = true;
    const times = Array.from({ length: STRIP_COUNT }, (_, i) => ((i + 0.5) * durationSec) / STRIP_COUNT);
    engine
      .thumbnails(file, times, STRIP_HEIGHT)
      .then((list) => {
        if (live) setPictures({ file, list });
        else for (const p of list) p?.close();
      })
      .catch((err: unknown) => {
        console.warn('the strip could not be made:', err);
        if (live) setPictures({ file, list: times.map(() => null) });
      });
    return () => {
      live = false;
    };
  }, [engine, file, durationSec]);
  return pictures?.file === file ? pictures.list : Array.from({ length: STRIP_COUNT }, () => undefined);
}
