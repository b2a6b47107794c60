import type { AppState } from './app-state.js';

const key = 'peregrine.window';

/** What this window remembers for itself (not settings of the service): order, row height, dock height. */
type Preferences = Pick<AppState, 'sortKey' | 'direction' | 'density' | 'detailsHeight'>;

export function loadPreferences(): Partial<Preferences> {
  try {
    const saved = JSON.parse(localStorage.getItem(key) ?? '{}') as Partial<Record<keyof Preferences, unknown>>;
    const preferences: { -readonly [K in keyof Preferences]?: Preferences[K] } = {};
    if (saved.density === 'compact' || saved.density === 'comfortable') preferences.density = saved.density;
    if (typeof saved.detailsHeight === 'number') preferences.detailsHeight = saved.detailsHeight;
    if (saved.sortKey === 'added' || saved.sortKey === 'name' || saved.sortKey === 'size' || saved.sortKey === 'progress' || saved.sortKey === 'speed') preferences.sortKey = saved.sortKey;
    if (saved.direction === 'ascending' || saved.direction === 'descending') preferences.direction = saved.direction;
    return preferences;
  } catch {
    return {};
  }
}

let last = '';

export function savePreferences(state: AppState): void {
  const text = JSON.stringify({ sortKey: state.sortKey, direction: state.direction, density: state.density, detailsHeight: state.detailsHeight });
  if (text === last) return;
  last = text;
  localStorage.setItem(key, text);
}
