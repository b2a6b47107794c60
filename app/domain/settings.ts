import { builtOnFirstUse } from './built-on-first-use.js';
import { maxConnectionsPerTask } from './default-settings.js';
import { z } from './zod.js';

/** What the user can set; every value is checked here, whoever sends it (UI, CLI, an old database). */
export const settingsSchema = z.object({
  /** Downloads running at once. */
  maxConcurrent: z.int().check(z.minimum(1), z.maximum(32)),
  /** Downloads running at once from one host. */
  maxPerHost: z.int().check(z.minimum(1), z.maximum(32)),
  /** Automatic retries after a retryable failure. */
  retries: z.int().check(z.minimum(0), z.maximum(100)),
  /** Total download speed limit in bytes per second; 0 means none. */
  speedLimit: z.int().check(z.minimum(0)),
  /** Connections one download may open at once (its ranges are split among them). */
  connections: z.int().check(z.minimum(1), z.maximum(maxConnectionsPerTask)),
  /** Connections open at once to one host, across all downloads. */
  maxConnectionsPerHost: z.int().check(z.minimum(1), z.maximum(128)),
  /**
   * Seconds a connection may stay silent, for the headers and within the body
   * alike; 0 keeps the defaults: 30 s for the headers, 20 s within the body.
   */
  timeout: z.int().check(z.minimum(0), z.maximum(3600)),
  /** Where downloads go unless the user picks a folder; null means the host's default (the user's Downloads folder). */
  downloadDir: z.nullable(z.string().check(z.minLength(1), z.maxLength(4096))),
  /** What to do when a file of the same name is already in the folder. */
  onExists: z.enum(['rename', 'overwrite', 'skip']),
  /** Dropped or pasted links are added at once instead of opening the Add dialog. */
  addWithoutAsking: z.boolean(),
  /** Tell the user when downloads finish or fail. */
  notifications: z.boolean(),
  /** Open a finished file by itself (never an executable or script). */
  openWhenDone: z.boolean(),
  /** Closing the window keeps downloads running in the tray. */
  keepRunningInTray: z.boolean(),
  /** Notices also while the window has the focus (by default the window itself says it). */
  notifyWhileFocused: z.boolean(),
  /** The limit (bytes per second) the speed-limit switch (tray and window alike) turns back on; kept while the limit is off. */
  trayLimit: z.int().check(z.minimum(1024)),
  /** Keep the computer awake while something downloads. */
  preventSleep: z.boolean(),
  /** What a click on a completion notice does where notices have no buttons (Linux). */
  noticeClick: z.enum(['open', 'reveal']),
  /** Start Peregrine (in the tray) when the user logs in. */
  startAtLogin: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
});

export type Settings = z.infer<typeof settingsSchema>;

/** A change to some settings: unknown keys are refused, not ignored, so a typo is noticed. */
export const settingsPatchSchema = builtOnFirstUse(() => z.strictObject(z.partial(settingsSchema).shape));
export type SettingsPatch = z.infer<ReturnType<typeof settingsPatchSchema>>;

