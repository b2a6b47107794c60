import type { Settings } from '../../app/domain/settings.js';
import type { Stats, TaskProgress } from '../../app/contract/views.js';
import { formatSpeed } from '../../app/domain/units.js';

export type TrayAction = 'show' | 'addFromClipboard' | 'pauseAll' | 'resumeAll' | 'toggleSpeedLimit' | 'quit';

export interface TrayItem {
  readonly action: TrayAction;
  readonly label: string;
  readonly enabled: boolean;
  /** Set for a checkbox item. */
  readonly checked?: boolean;
}

export interface TrayModel {
  /** Something is downloading: the icon shows it. */
  readonly active: boolean;
  readonly tooltip: string;
  readonly items: readonly TrayItem[];
}

/**
 * The tray as data, rebuilt on every change (Linux's AppIndicator shows only
 * a menu set anew, and never reports a click on the icon). "Show" is always
 * there and enabled: the tray is the way back to a closed window.
 */
export function trayModel(stats: Stats, settings: Pick<Settings, 'speedLimit' | 'trayLimit'>): TrayModel {
  const { running, queued, retrying, waiting_network: waiting, paused } = stats.byState;
  const limited = settings.speedLimit > 0;
  return {
    active: running > 0,
    tooltip: trayTooltip(stats),
    items: [
      { action: 'show', label: 'Show Peregrine', enabled: true },
      { action: 'addFromClipboard', label: 'Add from clipboard', enabled: true },
      { action: 'pauseAll', label: 'Pause all', enabled: running + queued + retrying + waiting > 0 },
      { action: 'resumeAll', label: 'Resume all', enabled: paused > 0 },
      { action: 'toggleSpeedLimit', label: `Limit speed to ${formatSpeed(limited ? settings.speedLimit : settings.trayLimit)}`, enabled: true, checked: limited },
      { action: 'quit', label: 'Quit Peregrine', enabled: true },
    ],
  };
}

export function trayTooltip(stats: Stats): string {
  const { running, queued, retrying, waiting_network: waiting, paused, failed } = stats.byState;
  const parts = [
    running > 0 ? `${running} downloading at ${formatSpeed(stats.speed)}` : undefined,
    queued > 0 ? `${queued} queued` : undefined,
    retrying + waiting > 0 ? `${retrying + waiting} waiting to retry` : undefined,
    paused > 0 ? `${paused} paused` : undefined,
    failed > 0 ? `${failed} failed` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? 'Peregrine: nothing to download' : `Peregrine: ${parts.join(', ')}`;
}

/** The window's switch and the tray's are one (app/domain/settings.ts). */
export { speedLimitToggle } from '../../app/domain/speed-limit-toggle.js';

export interface TaskbarProgress {
  /** For setProgressBar: -1 removes the bar, 0..1 fills it, 2 shows it busy (a size is unknown). */
  readonly fraction: number;
  /** Downloads not yet settled (running, queued, retrying, waiting). */
  readonly badge: number;
}

/** The taskbar or dock's bar over every running download, and the badge count. */
export function taskbarProgress(stats: Stats, live: Iterable<TaskProgress>): TaskbarProgress {
  const { running, queued, retrying, waiting_network: waiting } = stats.byState;
  const badge = running + queued + retrying + waiting;
  if (running === 0) return { fraction: -1, badge };
  let done = 0;
  let total = 0;
  for (const progress of live) {
    if (progress.totalBytes === null) return { fraction: 2, badge };
    done += progress.bytes;
    total += progress.totalBytes;
  }
  return { fraction: total === 0 ? 2 : Math.min(1, done / total), badge };
}
