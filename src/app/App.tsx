import { useMemo, useState } from 'react';
import { RestyleEngine } from '../media/engine';
import { EngineContext } from './engineContext';
import { ErrorBoundary } from './ErrorBoundary';
import { Wizard } from '../restyle/Wizard';
import { HistoryView } from '../history/HistoryView';
import type { HistoryEntry } from '../services/storage/db';

type View = { name: 'restyle'; reopen?: HistoryEntry } | { name: 'history' };

export function App() {
  const engine = useMemo(() => new RestyleEngine(), []);
  const [view, setView] = useState<View>({ name: 'restyle' });
  // A new key starts a fresh wizard when "New video" is pressed.
  const [wizardKey, setWizardKey] = useState(0);

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
          <button
            type="button"
            className={view.name === 'restyle' ? 'tab active' : 'tab'}
            aria-current={view.name === 'restyle' ? 'page' : undefined}
            onClick={() => {
              setWizardKey((k) => k + 1);
              setView({ name: 'restyle' });
            }}
          >
            New video
          </button>
          <button
            type="button"
            className={view.name === 'history' ? 'tab active' : 'tab'}
            aria-current={view.name === 'history' ? 'page' : undefined}
            onClick={() => setView({ name: 'history' })}
          >
            My videos
          </button>
        </nav>
      </header>
      <main className="page">
        <ErrorBoundary>
          {view.name === 'restyle' ? (
            <Wizard key={wizardKey} reopen={view.reopen} />
          ) : (
            <HistoryView
              onOpen={(entry) => {
                setWizardKey((k) => k + 1);
                setView({ name: 'restyle', reopen: entry });
              }}
              onNew={() => {
                setWizardKey((k) => k + 1);
                setView({ name: 'restyle' });
              }}
            />
          )}
        </ErrorBoundary>
      </main>
      <footer className="footer">Your videos stay on this device. Nothing is uploaded.</footer>
    </EngineContext.Provider>
  );
}
