import { ArrowDown, Gauge, HardDrive } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { formatBytes, formatSpeed } from '../../../../app/ui/format.js';
import { bytesStillNeeded, folderName, lowOnSpace } from '../../../../app/ui/free-space.js';
import { filterCount } from '../../../../app/ui/task-filter.js';
import { useApp } from '../services.js';
import { SpeedSparkline } from './SpeedSparkline.js';

/** Total speed with its recent history, what is active and queued, the limit. Not a live region: it changes too often to be read out. */
export function StatusBar() {
  const { t } = useTranslation();
  const speed = useApp((s) => s.stats?.speed ?? 0);
  // Out of reach of the service the speed is not known: a dash, not "0 B/s".
  const reachable = useApp((s) => s.connection.kind === 'open');
  const everMoved = useApp((s) => s.speedHistory.some((sample) => sample.speed > 0));
  // The sidebar's meaning of active and queued, so both always agree.
  const active = useApp((s) => (s.stats === null ? 0 : filterCount('active', s.stats)));
  const queued = useApp((s) => (s.stats === null ? 0 : filterCount('queued', s.stats)));
  const limit = useApp((s) => s.settings?.speedLimit ?? 0);
  return (
    <footer className="statusbar">
      <span className="sb-item sb-speed" title={t('status.speed')}>
        <ArrowDown className="i i-sm" aria-hidden="true" />
        <strong className="num">{reachable ? formatSpeed(speed) : '—'}</strong>
        {everMoved ? <SpeedSparkline /> : <span className="muted">{t('status.noActivity')}</span>}
      </span>
      <span className="sb-sep" aria-hidden="true" />
      {active === 0 && queued === 0 ? (
        <span className="sb-item">{t('status.nothing')}</span>
      ) : (
        <>
          <span className="sb-item" data-state="running">
            <span className="dot" aria-hidden="true" />
            {t('status.active', { count: active })}
          </span>
          <span className="sb-item" data-state="queued">
            <span className="dot" aria-hidden="true" />
            {t('status.queued', { count: queued })}
          </span>
        </>
      )}
      <span className="spacer" />
      <span className="sb-item">
        <Gauge className="i i-sm" aria-hidden="true" />
        {limit > 0 ? t('status.limitOn', { speed: formatSpeed(limit) }) : t('status.noLimit')}
      </span>
      <FreeSpace />
    </footer>
  );
}

/** Free space in the download folder, named; in the warning colour, with a tooltip that says why, when it runs low. */
function FreeSpace() {
  const { t } = useTranslation();
  const free = useApp((s) => s.stats?.freeBytes);
  const folder = useApp((s) => s.stats?.freeIn);
  const needed = useApp((s) => bytesStillNeeded(s.progress.values()));
  if (free === undefined) return null;
  const low = lowOnSpace(free, needed);
  const size = formatBytes(free);
  const words =
    folder === undefined
      ? t(low ? 'status.lowSpace' : 'status.free', { size })
      : t(low ? 'status.lowSpaceIn' : 'status.freeIn', { size, folder: folderName(folder) });
  return (
    <span className={`sb-item${low ? ' sb-warn' : ''}`} title={low ? t('status.lowSpaceHint') : folder}>
      <HardDrive className="i i-sm" aria-hidden="true" />
      {words}
    </span>
  );
}
