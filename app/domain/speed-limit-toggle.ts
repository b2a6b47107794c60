import type { Settings, SettingsPatch } from './settings.js';

/**
 * The global speed-limit switch, the same in the tray and the window: on
 * while `speedLimit` is above zero; switching it off keeps the limit in
 * `trayLimit`, so switching it on restores the same one, for every client.
 * Apart from settings.ts so the window's first load does not carry zod.
 */
export function speedLimitToggle(settings: Pick<Settings, 'speedLimit' | 'trayLimit'>): SettingsPatch {
  return settings.speedLimit > 0 ? { speedLimit: 0, trayLimit: settings.speedLimit } : { speedLimit: settings.trayLimit };
}
