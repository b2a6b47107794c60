import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './client/connect.js';
import { hostServices } from './host/host-services.js';
import { startI18n } from './i18n/i18n.js';
import { createAppStore, createRowsSelector } from './state/app-store.js';
import { loadPreferences, savePreferences } from './state/preferences.js';
import { startSync } from './state/sync.js';
import { App } from './ui/App.js';
import { ServicesContext } from './ui/services.js';

/**
 * The connection and the snapshot come first: the socket opens and the
 * snapshot is asked for while the catalogue loads and before React renders,
 * so the first render already has the list (the service takes longest to
 * answer a snapshot of many tasks).
 */
async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (container === null) throw new Error('index.html has no #root element');
  const store = createAppStore(loadPreferences());
  const [client] = await Promise.all([connect(), startI18n()]);
  startSync(client, store);
  store.subscribe(savePreferences);
  const services = { client, store, host: hostServices(window.peregrine?.host), selectRows: createRowsSelector() };
  createRoot(container).render(
    <StrictMode>
      <ServicesContext value={services}>
        <App />
      </ServicesContext>
    </StrictMode>,
  );
}

void start();
