import type { StateCreator } from 'zustand/vanilla';
import type { Settings } from '../../../app/domain/settings.js';
import type { Stats } from '../../../app/contract/views.js';
import type { ConnectionState } from '../client/peregrine-client.js';
import type { AppState } from './app-state.js';

export interface SpeedSample {
  /** Milliseconds since the epoch, by this window's clock. */
  readonly at: number;
  readonly speed: number;
}

/** How long the status bar's chart looks back. */
export const speedHistoryMs = 5 * 60_000;

export interface ConnectionSlice {
  readonly connection: ConnectionState;
  /** The sequence number of the last event applied; null until the first snapshot. */
  readonly seq: number | null;
  readonly stats: Stats | null;
  readonly settings: Settings | null;
  /** Where downloads go while the settings name no folder; null until the first snapshot. */
  readonly defaultDir: string | null;
  /** Total speed as the service reported it, oldest first; only what was really measured. */
  readonly speedHistory: readonly SpeedSample[];
  setConnection(connection: ConnectionState): void;
}

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  connection: { kind: 'connecting' },
  seq: null,
  stats: null,
  settings: null,
  defaultDir: null,
  speedHistory: [],
  // Out of reach, the last speeds would stay on screen as if still true: rows keep the bytes last seen, without speed, time left or connections.
  setConnection: (connection) =>
    set((state) =>
      connection.kind === 'open' || (state.progress.size === 0 && (state.stats?.speed ?? 0) === 0)
        ? { connection }
        : {
            connection,
            progress: new Map([...state.progress].map(([id, entry]) => [id, { ...entry, speed: 0, etaSeconds: null, connections: 0 }])),
            progressVersion: state.progressVersion + 1,
            stats: state.stats === null ? null : { ...state.stats, speed: 0 },
          },
    ),
});

export function withSample(history: readonly SpeedSample[], sample: SpeedSample): SpeedSample[] {
  const from = sample.at - speedHistoryMs;
  let first = 0;
  while (first < history.length && (history[first] as SpeedSample).at < from) first += 1;
  return [...history.slice(first), sample];
}
