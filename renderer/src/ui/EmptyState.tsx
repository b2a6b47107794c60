import { ArrowDown, Clipboard, FileText, Folder, Link, Plus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Kbd, shortcutLabel } from './common/Kbd.js';
import { useLinkIntake } from './intake/use-link-intake.js';
import { useApp, useServices } from './services.js';

/** The first run: what to do, in two sentences, and the ways to do it. Nothing made up: the chips name kinds of things, not downloads. */
export function EmptyState() {
  const { t } = useTranslation();
  const { store, host } = useServices();
  const intake = useLinkIntake();
  const dir = useApp((s) => s.settings?.downloadDir ?? s.defaultDir);
  return (
    <div className="empty">
      <div className="empty-card">
        <div className="empty-art" aria-hidden="true">
          <span className="link-chip c1">
            <Link className="i i-sm" />
            {t('drop.links')}
          </span>
          <span className="link-chip c2">
            <Link className="i i-sm" />
            {t('drop.text2')}
          </span>
          <span className="link-chip c3">
            <FileText className="i i-sm" />
            {t('drop.file')}
          </span>
          <span className="badge">
            <ArrowDown className="i" />
          </span>
        </div>
        <h1>{t('empty.title')}</h1>
        <p className="lead">
          {t('empty.lead')} <Kbd>{shortcutLabel('N')}</Kbd>
        </p>
        <p>{t('empty.paste', { key: shortcutLabel('V') })}</p>
        <div className="cta">
          <button type="button" className="btn btn-primary" aria-keyshortcuts={t('shortcuts.add')} onClick={() => store.getState().openDialog({ kind: 'add', text: '' })}>
            <Plus className="i" aria-hidden="true" />
            {t('empty.add')}
          </button>
          <button
            type="button"
            className="btn btn-outline"
            aria-keyshortcuts={t('shortcuts.paste')}
            onClick={() => {
              host.readClipboard().then(intake, () => store.getState().openDialog({ kind: 'add', text: '' }));
            }}
          >
            <Clipboard className="i" aria-hidden="true" />
            {t('empty.pasteButton')}
          </button>
        </div>
        <div className="ways">
          <div className="way">
            <Link className="i" aria-hidden="true" />
            <div>
              <b>{t('empty.browserTitle')}</b>
              <span>{t('empty.browserText')}</span>
            </div>
          </div>
          <div className="way">
            <FileText className="i" aria-hidden="true" />
            <div>
              <b>{t('empty.listTitle')}</b>
              <span>{t('empty.listText')}</span>
            </div>
          </div>
          <div className="way">
            <Folder className="i" aria-hidden="true" />
            <div>
              <b>{dir === null ? t('empty.folderTitleDefault') : t('empty.folderTitle', { dir })}</b>
              <span>{t('empty.folderText')}</span>
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
