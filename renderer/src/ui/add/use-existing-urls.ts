import { useMemo } from 'react';
import { urlKey } from '../../../../app/ui/url-lines.js';
import { useApp, useServices } from '../services.js';

/** Every address in the list by its key, taken again only when tasks come or go (not with every byte count). */
export function useExistingUrls(): ReadonlyMap<string, number> {
  const { store } = useServices();
  const version = useApp((s) => s.listVersion);
  return useMemo(() => {
    void version;
    return new Map([...store.getState().tasks.values()].map((task) => [urlKey(task.url), task.id]));
  }, [store, version]);
}
