import { z } from 'zod';
import { maxConnectionsPerTask } from './default-settings.js';

/** What the user can set; every value is checked here, whoever sends it (UI, CLI, an old database). */
export const settingsSchema = z.object({
  /** Downloads running at once. */
  maxConcurrent: z.number().int().min(1).max(32),
  /** Downloads running at once from one host. */
  maxPerHost: z.number().int().min(1).max(32),
  /** Automatic retries after a retryable failure. */
  retries: z.number().int().min(0).max(100),
  /** Total download speed limit in bytes per second; 0 means none. */
  speedLimit: z.number().int().min(0),
  /** Connections one download may open at once (its ranges are split among them). */
  connections: z.number().int().min(1).max(maxConnectionsPerTask),
  /** Connections open at once to one host, across all downloads. */
  maxConnectionsPerHost: z.number().int().min(1).max(128),
});

export type Settings = z.infer<typeof settingsSchema>;

/** A change to some settings: unknown keys are refused, not ignored, so a typo is noticed. */
export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
