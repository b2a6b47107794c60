import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Row } from '../../../app/ui/task-rows.js';
import type { PeregrineClient } from '../client/peregrine-client.js';
import type { HostServices } from '../host/host-services.js';
import type { AppState } from '../state/app-state.js';
import type { AppStore } from '../state/app-store.js';

/** What every component may reach: the client, the store, the host, and the one memoized rows selector. */
export interface Services {
  readonly client: PeregrineClient;
  readonly store: AppStore;
  readonly host: HostServices;
  readonly selectRows: (state: AppState) => readonly Row[];
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (services === null) throw new Error('useServices outside <ServicesContext>');
  return services;
}

/** Reads the store through a selector; the component re-renders only when what it selects changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}

export function useRows(): readonly Row[] {
  const { selectRows } = useServices();
  return useApp(selectRows);
}
