import { createContext, useContext } from 'react';
import { RestyleEngine } from '../media/engine';

/** One engine (and so one media, one matte and one WebCodecs worker) for the whole app. */
export const EngineContext = createContext<RestyleEngine | null>(null);

export function useEngine(): RestyleEngine {
  const engine = useContext(EngineContext);
  if (!engine) throw new Error('EngineContext missing');
  return engine;
}
