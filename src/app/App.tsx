import { useCallback, useMemo, useRef, useState } from 'react';
import { SaveProblemBanner } from '../ui/saveProblems';
import { RestyleEngine } from '../media/engine';
import { EngineContext } from '../ui/engineContext';
import { ErrorBoundary } from './ErrorBoundary';
import { Wizard } from '../restyle/Wizard';
import { HistoryView } from '../history/HistoryView';
import type { HistoryEntry } from '../core/domain';
import { ProfileView } from '../profile/ProfileView';
import { SettingsView } from '../settings/SettingsView';
import { UpdateBanner } from '../pwa/UpdateBanner';

type View = { name: 'restyle'; reopen?: HistoryEntry } | { name: 'history' } | { name: 'profile' } | { name: 'settings' };

export function App() {
  const engine = useMemo(() => new RestyleEngine(), []);
  const [view, setView] = useState<View>({ name: 'restyle' });
  // A new key starts a fresh wizard when "New video" is pressed, unless a picked clip waits there:
  // the wizard stays mounted while other tabs show, so that draft (clip and choices) is kept.
  const [wizardKey, setWizardKey] = useState(0);
  const draft = useRef(false);
  const onDraft = useCallback((has: boolean) => {
    draft.current = has;
  }, []);
  const newVideo = () => {
    if (!draft.current) setWizardKey((k) => k + 1);
    setView({ name: 'restyle' });
  };

  return (
    <EngineContext.Provider value={engine}>
      <header className="topbar">
        <a
          className="brand"
          href="./"
          onClick={(e) => {
            e.preventDefault();
            setView({ name: 'restyle' });
          }}
        >
          <span className="brand-mark" aria-hidden="true" />
          Restyle
        </a>
        <nav className="topnav" aria-label="Main">
          <Tab current={view.name === 'restyle'} onClick={() => newVideo()}>
            New video
          </Tab>
          <Tab current={view.name === 'history'} onClick={() => setView({ name: 'history' })}>
            My videos
          </Tab>
          <Tab current={view.name === 'profile'} onClick={() => setView({ name: 'profile' })}>
            Backgrounds
          </Tab>
          <Tab current={view.name === 'settings'} onClick={() => setView({ name: 'settings' })}>
            Settings
          </Tab>
        </nav>
      </header>
      <UpdateBanner />
      <SaveProblemBanner />
      <main className="page">
        <ErrorBoundary>
          <div hidden={view.name !== 'restyle'}>
            <Wizard key={wizardKey} reopen={view.name === 'restyle' ? view.reopen : undefined} onOpenProfile={() => setView({ name: 'profile' })} onDraft={onDraft} />
          </div>
          {view.name === 'profile' && <ProfileView onOpenSettings={() => setView({ name: 'settings' })} />}
          {view.name === 'settings' && <SettingsView onOpenProfile={() => setView({ name: 'profile' })} />}
          {view.name === 'history' && (
            <HistoryView
              onOpen={(entry) => {
                setWizardKey((k) => k + 1);
                setView({ name: 'restyle', reopen: entry });
              }}
              onNew={() => newVideo()}
            />
          )}
        </ErrorBoundary>
      </main>
      <footer className="footer">Your videos stay on this device. Nothing is uploaded.</footer>
    </EngineContext.Provider>
  );
}

function Tab({ current, onClick, children }: { current: boolean; onClick(): void; children: string }) {
  return (
    <button type="button" className={current ? 'tab active' : 'tab'} aria-current={current ? 'page' : undefined} onClick={onClick}>
      {children}
    </button>
  );
}
