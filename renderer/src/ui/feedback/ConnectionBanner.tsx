import { RefreshCw, WifiOff } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../common/use-now.js';
import { useApp, useServices } from '../services.js';

/** Says the service is out of reach, counts down to the next try, and goes away by itself once it is back. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const { client } = useServices();
  const connection = useApp((s) => s.connection);
  const everSynced = useApp((s) => s.seq !== null);
  const now = useNow(connection.kind === 'lost', 500);
  if (connection.kind === 'open' || (connection.kind === 'connecting' && !everSynced)) return null;
  const message =
    connection.kind === 'unauthorized'
      ? t('connection.unauthorized')
      : connection.kind === 'lost' && connection.retryAt > now + 900
        ? t('connection.retryIn', { seconds: Math.ceil((connection.retryAt - now) / 1000) })
        : t('connection.lost');
  return (
    <div className="banner" role="status" data-testid="connection-banner">
      <WifiOff className="i" aria-hidden="true" />
      <span>{message}</span>
      {connection.kind !== 'connecting' && (
        <button type="button" className="btn btn-sm btn-outline" onClick={() => client.reconnect()}>
          <RefreshCw className="i i-sm" aria-hidden="true" />
          {t('connection.retryNow')}
        </button>
      )}
    </div>
  );
}
