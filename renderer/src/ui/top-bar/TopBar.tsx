import { Gauge, Pause, Play, Plus, Search, Settings as SettingsIcon, X } from 'lucide-react';
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { speedLimitToggle } from '../../../../app/domain/speed-limit-toggle.js';
import { planCommand, type TaskCommand } from '../../../../app/domain/task-commands.js';
import { taskStates, type TaskState } from '../../../../app/domain/task-state.js';
import { formatSpeed } from '../../../../app/ui/format.js';
import { Kbd, shortcutLabel } from '../common/Kbd.js';
import { useApp, useServices } from '../services.js';
import { useCommands } from '../use-commands.js';

function Brand() {
  const { t } = useTranslation();
  return (
    <div className="brand">
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <rect width="24" height="24" rx="6" fill="var(--accent)" />
        <path d="M5 8.5 12 12l7-3.5M12 12v6.5M8.2 6.6 12 12l3.8-5.4" stroke="#fff" strokeWidth="1.7" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span>{t('app.name')}</span>
    </div>
  );
}

export const SearchBox = forwardRef<HTMLInputElement>(function SearchBox(_props, ref) {
  const { t } = useTranslation();
  const { store } = useServices();
  const search = useApp((s) => s.search);
  return (
    <div className="search" role="search">
      <Search className="i" aria-hidden="true" />
      <input
        ref={ref}
        type="search"
        value={search}
        placeholder={t('top.search')}
        aria-label={t('top.search')}
        aria-keyshortcuts={t('shortcuts.search')}
        onChange={(event) => store.getState().setSearch(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && search !== '') {
            event.preventDefault();
            store.getState().setSearch('');
          }
        }}
      />
      {search !== '' ? (
        <button type="button" className="btn btn-icon btn-xs" aria-label={t('top.clearSearch')} onClick={() => store.getState().setSearch('')}>
          <X className="i i-sm" aria-hidden="true" />
        </button>
      ) : (
        <Kbd>{shortcutLabel('F')}</Kbd>
      )}
    </div>
  );
});

/**
 * On: the global limit applies. Off: none. The limit it turns back on is the
 * service's (settings.trayLimit), so the tray, the window and every other
 * client show and switch the same one.
 */
function SpeedLimitSwitch() {
  const { t } = useTranslation();
  const { run } = useCommands();
  const limit = useApp((s) => s.settings?.speedLimit ?? 0);
  const restores = useApp((s) => s.settings?.trayLimit ?? null);
  const on = limit > 0;
  const shown = on ? limit : restores;
  return (
    <button
      type="button"
      role="switch"
      className="limit"
      aria-checked={on}
      aria-label={t('top.limitLabel')}
      title={t('top.limitLabel')}
      disabled={shown === null}
      onClick={() => {
        if (restores !== null) void run('settings.set', speedLimitToggle({ speedLimit: limit, trayLimit: restores }));
      }}
    >
      <Gauge className="i" aria-hidden="true" />
      <span className="narrow-hide">{t('top.limit')}</span>
      <span className="limit-value num">{shown === null ? '' : formatSpeed(shown)}</span>
      <span className="switch" aria-hidden="true" />
    </button>
  );
}

function PauseResumeAll() {
  const { t } = useTranslation();
  const { run } = useCommands();
  const canPause = useApp((s) => s.stats !== null && anyMoves('pause', s.stats.byState));
  const canResume = useApp((s) => s.stats !== null && anyMoves('resume', s.stats.byState));
  return (
    <>
      <button type="button" className="btn" aria-disabled={!canPause} disabled={!canPause} title={t('top.pauseAll')} onClick={() => void run('tasks.pause', { all: true })}>
        <Pause className="i" aria-hidden="true" />
        <span className="narrow-hide">{t('top.pauseAll')}</span>
      </button>
      <button type="button" className="btn" aria-disabled={!canResume} disabled={!canResume} title={t('top.resumeAll')} onClick={() => void run('tasks.resume', { all: true })}>
        <Play className="i" aria-hidden="true" />
        <span className="narrow-hide">{t('top.resumeAll')}</span>
      </button>
    </>
  );
}

export function TopBar({ searchRef }: { readonly searchRef: React.RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const { store } = useServices();
  return (
    <header className="topbar">
      <Brand />
      <button type="button" className="btn btn-primary" aria-keyshortcuts={t('shortcuts.add')} onClick={() => store.getState().openDialog({ kind: 'add', text: '' })}>
        <Plus className="i" aria-hidden="true" />
        {t('top.add')}
        <span className="narrow-gone">
          <Kbd>{shortcutLabel('N')}</Kbd>
        </span>
      </button>
      <SearchBox ref={searchRef} />
      <span className="spacer" />
      <PauseResumeAll />
      <span className="vsep" aria-hidden="true" />
      <SpeedLimitSwitch />
      <button type="button" className="btn btn-icon" aria-label={t('top.settings')} title={t('top.settings')} onClick={() => store.getState().openDialog({ kind: 'settings' })}>
        <SettingsIcon className="i" aria-hidden="true" />
      </button>
    </header>
  );
}

/** Whether a command on every download would move one of them: the command table decides, as the service does for "all". */
function anyMoves(command: TaskCommand, byState: Readonly<Record<TaskState, number>>): boolean {
  return taskStates.some((state) => byState[state] > 0 && planCommand(command, state).kind === 'move');
}
