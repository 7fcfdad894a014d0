/**
 * The app's place in the browser's history. Every tab and wizard step is an entry (see
 * core/route), so Back and Forward move through them and a reload comes back to the same place.
 * Each entry keeps how deep into this visit it is: the app's own Back buttons go back in history
 * when there is an entry of the app's to go back to, and otherwise replace this one (a Back button
 * must never leave the app for whatever page came before it).
 */
import { useSyncExternalStore } from 'react';
import { formatRoute, parseRoute, sameRoute, type Route, type StepName } from '../core/route';

export interface HistoryState {
  route: Route;
  /** The wizard's step: the route's while the wizard shows, else the one it was left at. */
  wizardStep: StepName;
}

/** What this app keeps in each history entry's state. */
interface EntryState {
  restyleDepth: number;
}

const depthOf = (state: unknown): number | null =>
  typeof state === 'object' && state !== null && 'restyleDepth' in state && typeof state.restyleDepth === 'number' ? state.restyleDepth : null;

export class AppHistory {
  private state: HistoryState;
  private depth: number;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly win: Window = window) {
    const route = parseRoute(win.location.hash);
    this.state = { route, wizardStep: route.tab === 'new' ? route.step : 'upload' };
    this.depth = depthOf(win.history.state) ?? 0;
    this.write(route, 'replace');
    win.addEventListener('popstate', (e) => this.arrive(depthOf(e.state)));
    // An address edited by hand (or a link to a hash) arrives without a state of ours.
    win.addEventListener('hashchange', () => this.arrive(depthOf(win.history.state)));
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): HistoryState => this.state;

  /** Goes to a tab or step: a new entry (or, with replace, this one changed). */
  go(route: Route, how: 'push' | 'replace' = 'push'): void {
    if (sameRoute(route, this.state.route)) return;
    this.write(route, how);
    this.set(route);
  }

  /** One entry back, if it is the app's; else `fallback` in place of this entry. */
  back(fallback: Route): void {
    if (this.depth > 0) this.win.history.back();
    else this.go(fallback, 'replace');
  }

  /**
   * The wizard's own moves. While it shows, the address follows; while another tab shows (a job
   * finished, a draft restored), only the step it will show on return changes.
   */
  wizard(step: StepName, how: 'push' | 'replace' | 'back'): void {
    if (this.state.route.tab !== 'new') {
      if (step !== this.state.wizardStep) this.emit({ ...this.state, wizardStep: step });
      return;
    }
    const route: Route = { tab: 'new', step };
    if (how === 'back') this.back(route);
    else this.go(route, how);
  }

  private arrive(depth: number | null): void {
    const route = parseRoute(this.win.location.hash);
    if (depth === null) {
      // Not an entry of ours (typed in): it counts as one more step into the visit.
      this.depth += 1;
      this.win.history.replaceState({ restyleDepth: this.depth } satisfies EntryState, '', this.url(route));
    } else {
      this.depth = depth;
    }
    if (!sameRoute(route, this.state.route)) this.set(route);
  }

  private write(route: Route, how: 'push' | 'replace'): void {
    if (how === 'push') this.depth += 1;
    const entry: EntryState = { restyleDepth: this.depth };
    if (how === 'push') this.win.history.pushState(entry, '', this.url(route));
    else this.win.history.replaceState(entry, '', this.url(route));
  }

  private url(route: Route): string {
    const { pathname, search } = this.win.location;
    return pathname + search + formatRoute(route);
  }

  private set(route: Route): void {
    this.emit({ route, wizardStep: route.tab === 'new' ? route.step : this.state.wizardStep });
  }

  private emit(state: HistoryState): void {
    this.state = state;
    for (const l of this.listeners) l();
  }
}

export function useAppHistory(history: AppHistory): HistoryState {
  return useSyncExternalStore(history.subscribe, history.snapshot);
}

