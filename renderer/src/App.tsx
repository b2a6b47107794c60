export function App() {
  return (
    <main className="app">
      <header className="app-header">
        <h1>Peregrine</h1>
      </header>
      <section className="downloads" aria-label="Downloads">
        <p className="downloads-empty">No downloads yet</p>
      </section>
    </main>
  );
}
