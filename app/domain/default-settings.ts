import type { Settings } from './settings.js';

/** Connections one download may use at most, whatever it asks for. */
export const maxConnectionsPerTask = 32;

/**
 * What a new installation starts with. Kept apart from the schema so that
 * code needing only the defaults (the CLI) does not load the validator.
 */
export const defaultSettings: Settings = {
  maxConcurrent: 3,
  maxPerHost: 4,
  retries: 5,
  speedLimit: 0,
  connections: 8,
  maxConnectionsPerHost: 16,
  // 30 s for the answer's headers, 20 s of silence within a body (the engine's defaults).
  timeout: 0,
  downloadDir: null,
  onExists: 'rename',
  addWithoutAsking: false,
  notifications: true,
  openWhenDone: false,
  keepRunningInTray: true,
  notifyWhileFocused: false,
  trayLimit: 1024 * 1024,
  preventSleep: true,
  noticeClick: 'reveal',
  startAtLogin: false,
  theme: 'system',
};
