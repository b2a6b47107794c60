import { CircleAlert, Info, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Toast } from '../../state/toasts-slice.js';
import { TechnicalDetail } from '../common/TechnicalDetail.js';
import { useApp, useServices } from '../services.js';

function ToastItem({ toast }: { readonly toast: Toast }) {
  const { t } = useTranslation();
  const { store } = useServices();
  // Under the pointer or the focus it stays (its words may be being read or selected); it goes a while after they leave.
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => store.getState().dismissToast(toast.id), toast.tone === 'error' ? 8000 : 3000);
    return () => clearTimeout(timer);
  }, [store, toast, held]);
  const Icon = toast.tone === 'error' ? CircleAlert : Info;
  return (
    <li
      className={`toast ${toast.tone}`}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={(event) => !event.currentTarget.contains(event.relatedTarget) && setHeld(false)}
    >
      <Icon className="i" aria-hidden="true" />
      <span>
        <span className="toast-words">{t(toast.words.key, toast.words.params ?? {})}</span>
        {toast.words.detail !== undefined && <TechnicalDetail text={toast.words.detail} />}
      </span>
      <button type="button" className="btn btn-icon btn-xs" aria-label={t('toast.dismiss')} onClick={() => store.getState().dismissToast(toast.id)}>
        <X className="i i-sm" aria-hidden="true" />
      </button>
    </li>
  );
}

/** Results and notices, read out politely, gone after a few seconds. */
export function Toasts() {
  const toasts = useApp((s) => s.toasts);
  return (
    <div role="status" aria-live="polite">
      <ol className="toasts">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} />
        ))}
      </ol>
    </div>
  );
}
