import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import { SaveProblemBanner } from '../ui/saveProblems';
import { RestyleEngine } from '../media/engine';
import { EngineContext } from '../ui/engineContext';
import { ErrorBoundary } from './ErrorBoundary';
import { Wizard } from '../restyle/Wizard';
import { HistoryView } from '../history/HistoryView';
import type { Route, StepName } from '../core/route';
import { AppHistory, useAppHistory } from './appHistory';
import { PrivacyFooter } from './PrivacyFooter';
import { BackgroundsView } from '../backgrounds/BackgroundsView';
import { SettingsView } from '../settings/SettingsView';
import { UpdateBanner } from '../pwa/UpdateBanner';
import { OfflineReadyNote } from '../pwa/OfflineReadyNote';

export function App() {
  const engine = useMemo(() => new RestyleEngine(), []);
  // On a first visit the Check step and the first video wait on the segmenter's files: fetched now.
  useEffect(() => void engine.prepare(), [engine]);
  const history = useMemo(() => new AppHistory(), []);
  const { route, wizardStep } = useAppHistory(history);
  const go = useCallback((to: Route) => history.go(to), [history]);
  const onMove = useCallback((step: StepName, how: 'push' | 'replace' | 'back') => history.wizard(step, how), [history]);
  // The wizard stays mounted while other tabs show: "New video" returns to the clip picked there,
  // at the step it was left at; once its video is made, to a new one.
  const newVideo = () => go({ tab: 'new', step: wizardStep === 'review' ? 'upload' : wizardStep });
  const tab = route.tab;

  return (
    <EngineContext.Provider value={engine}>
      <header className="topbar">
        <a
          className="brand"
          href="./"
          onClick={(e) => {
            e.preventDefault();
            newVideo();
          }}
        >
          <span className="brand-mark" aria-hidden="true" />
          Restyle
        </a>
        <nav className="topnav" aria-label="Main">
          <Tab current={tab === 'new'} onClick={newVideo}>
            New video
          </Tab>
          <Tab current={tab === 'videos'} onClick={() => go({ tab: 'videos' })}>
            My videos
          </Tab>
          <Tab current={tab === 'backgrounds'} onClick={() => go({ tab: 'backgrounds' })}>
            Backgrounds
          </Tab>
          <Tab current={tab === 'settings'} onClick={() => go({ tab: 'settings' })}>
            Settings
          </Tab>
        </nav>
      </header>
      <UpdateBanner />
      <OfflineReadyNote />
      <SaveProblemBanner />
      <main className="page">
        <ErrorBoundary>
          <div hidden={tab !== 'new'}>
            <Wizard step={wizardStep} onMove={onMove} onOpenProfile={() => go({ tab: 'backgrounds' })} onOpenSettings={() => go({ tab: 'settings' })} />
          </div>
          {tab === 'backgrounds' && <BackgroundsView onOpenSettings={() => go({ tab: 'settings' })} />}
          {tab === 'settings' && <SettingsView onOpenProfile={() => go({ tab: 'backgrounds' })} />}
          {tab === 'videos' && <HistoryView onNew={newVideo} />}
        </ErrorBoundary>
      </main>
      <PrivacyFooter />
    </EngineContext.Provider>
  );
}

function Tab({ current, onClick, children }: { current: boolean; onClick(): void; children: ReactNode }) {
  return (
    <button type="button" className={current ? 'tab active' : 'tab'} aria-current={current ? 'page' : undefined} onClick={onClick}>
      {children}
    </button>
  );
}
