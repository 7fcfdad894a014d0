import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { onStoredChange, type Change } from '../services/sync';

export interface Stored<T> {
  /** Undefined until the first read answers. */
  value: T | undefined;
  /** The last read's failure (the value before it is kept); null after a read that worked. */
  error: unknown;
  /** Reads again now (after a change this component made and wants to see at once). */
  reload(): Promise<void>;
}

/**
 * A value kept in storage (IndexedDB, the key store), read when the component mounts and again
 * on every announced change of the given kinds, in this tab or another. `load` and `changes`
 * must be stable (module-level, or useCallback with their inputs). An answer that arrives after a
 * newer read started, or after unmount, is dropped.
 */
export function useStored<T>(load: () => Promise<T>, changes: readonly Change[]): Stored<T> {
  const [state, setState] = useState<{ value: T | undefined; error: unknown }>({ value: undefined, error: null });
  // Which read is the newest: an older one's answer is dropped.
  const reads = useRef({ latest: 0 });

  const reload = useCallback(() => {
    const read = ++reads.current.latest;
    return load().then(
      (value) => {
        if (reads.current.latest === read) setState({ value, error: null });
      },
      (error: unknown) => {
        if (reads.current.latest === read) setState((s) => ({ value: s.value, error }));
      },
    );
  }, [load]);

  useEffect(() => {
    const counter = reads.current;
    void reload();
    const off = onStoredChange(changes, () => void reload());
    return () => {
      off();
      counter.latest++;
    };
  }, [reload, changes]);

  return useMemo(() => ({ value: state.value, error: state.error, reload }), [state, reload]);
}
