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
  downloadDir: null,
  onExists: 'rename',
  addWithoutAsking: false,
  notifications: true,
  openWhenDone: false,
  keepRunningInTray: true,
  theme: 'system',
};
