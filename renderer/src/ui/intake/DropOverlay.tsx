import { ArrowDown, FileText, Link, TextSelect } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../services.js';

/** Covers the window while links are dragged over it; hidden from assistive technology (paste and Ctrl+N are the keyboard paths). */
export function DropOverlay() {
  const { t } = useTranslation();
  const direct = useApp((s) => s.settings?.addWithoutAsking === true);
  return (
    <div className="drop" aria-hidden="true" data-testid="drop-overlay">
      <div className="drop-zone">
        <div className="drop-card">
          <div className="drop-badge">
            <ArrowDown className="i" />
          </div>
          <h2>{t('drop.title')}</h2>
          <p>{t('drop.text')}</p>
          <div className="kinds">
            <span className="kind">
              <Link className="i i-sm" />
              {t('drop.links')}
            </span>
            <span className="kind">
              <TextSelect className="i i-sm" />
              {t('drop.text2')}
            </span>
            <span className="kind">
              <FileText className="i i-sm" />
              {t('drop.file')}
            </span>
          </div>
          <p className="fine">{t(direct ? 'drop.nextDirect' : 'drop.next')}</p>
        </div>
      </div>
    </div>
  );
}
