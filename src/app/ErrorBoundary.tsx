import { Component, type ReactNode } from 'react';

/** Last line of defence: a broken screen shows a way back instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('screen failed:', error);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <section className="card" role="alert">
        <h1>Something went wrong on this screen</h1>
        <p>Your saved videos and backgrounds are safe. Reload the page to carry on.</p>
        <button type="button" className="primary" onClick={() => location.reload()}>
          Reload
        </button>
      </section>
    );
  }
}
