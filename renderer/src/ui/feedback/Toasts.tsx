import { CircleAlert, Info, X } from 'lucide-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Toast } from '../../state/toasts-slice.js';
import { useApp, useServices } from '../services.js';

function ToastItem({ toast }: { readonly toast: Toast }) {
  const { t } = useTranslation();
  const { store } = useServices();
  useEffect(() => {
    const timer = setTimeout(() => store.getState().dismissToast(toast.id), toast.tone === 'error' ? 8000 : 3000);
    return () => clearTimeout(timer);
  }, [store, toast]);
  const Icon = toast.tone === 'error' ? CircleAlert : Info;
  return (
    <li className={`toast ${toast.tone}`}>
      <Icon className="i" aria-hidden="true" />
      <span>{t(toast.words.key, toast.words.params ?? {})}</span>
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
