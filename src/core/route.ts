/**
 * Where the person is in the app, as the address's hash (`#/new/background`): each wizard step and
 * each tab is a history entry, so the browser's Back and Forward move through them, and a reload
 * comes back to the same place. A hash, not a path: the app is static files, served from any folder.
 */
/** `trim`: choosing the 30 s to keep of a longer clip (part of the Video step). */
export type StepName = 'upload' | 'trim' | 'background' | 'precheck' | 'process' | 'review';
export type TabName = 'new' | 'videos' | 'backgrounds' | 'settings';

export type Route = { tab: 'new'; step: StepName } | { tab: Exclude<TabName, 'new'> };

/** The words in the address for each step (what a person may read in it). */
const STEP_SLUGS: Readonly<Record<StepName, string>> = {
  upload: '',
  trim: 'trim',
  background: 'background',
  precheck: 'check',
  process: 'making',
  review: 'done',
};

export const HOME: Route = { tab: 'new', step: 'upload' };

export function formatRoute(route: Route): string {
  if (route.tab !== 'new') return `#/${route.tab}`;
  const slug = STEP_SLUGS[route.step];
  // The start keeps a plain address.
  return slug ? `#/new/${slug}` : '';
}

/** Any hash the app did not write (empty, old, mistyped) is the start. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [tab, slug = ''] = parts;
  if (tab === 'videos' || tab === 'backgrounds' || tab === 'settings') return { tab };
  if (tab !== 'new') return HOME;
  const step = (Object.keys(STEP_SLUGS) as StepName[]).find((s) => STEP_SLUGS[s] === slug);
  return step ? { tab: 'new', step } : HOME;
}

export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}

/** What the wizard holds, for deciding which steps can be shown. */
export interface WizardHolds {
  clip: boolean;
  /** A video being made, or the failure of the last try (both shown on the Make step). */
  making: boolean;
  /** The video made from this clip. */
  made: boolean;
}

/**
 * The step to show for a wanted one: a step whose material is gone (a reload lost the running
 * job, Forward to a Make step that was cancelled, an address typed by hand) falls back to the
 * furthest earlier step that can be shown.
 */
export function reachableStep(wanted: StepName, holds: WizardHolds): StepName {
  switch (wanted) {
    case 'review':
      if (holds.made) return 'review';
      return reachableStep('process', holds);
    case 'process':
      if (holds.making) return 'process';
      return reachableStep('precheck', holds);
    case 'precheck':
    case 'background':
    case 'trim':
      return holds.clip ? wanted : 'upload';
    case 'upload':
      return 'upload';
  }
}
