import * as Dialog from '@radix-ui/react-dialog';
import { FolderOpen, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { settingsPatchSchema, type Settings, type SettingsPatch } from '../../../../app/domain/settings.js';
import { parseByteSize } from '../../../../app/domain/units.js';
import { formatBytes } from '../../../../app/ui/format.js';
import { settingFields, type SettingField } from '../../../../app/ui/setting-fields.js';
import type { Density } from '../../state/view-slice.js';
import { useApp, useServices } from '../services.js';
import { useCommands } from '../use-commands.js';
import { useFocusReturn } from '../common/use-focus-return.js';

const fields = settingFields();

/** Words for a setting; a setting the catalogue does not know yet shows its key rather than nothing. */
/** A field's name and help (what an empty box stands for is said in its placeholder, in the Add dialog's words: emptyMeans). */
function useFieldWords(key: string): { label: string; help: string } {
  const { t, i18n } = useTranslation();
  return i18n.exists(`settingField.${key}.label`) ? { label: t(`settingField.${key}.label`), help: t(`settingField.${key}.help`) } : { label: key, help: '' };
}

/** One setting: edited as typed, sent when left or on Enter (a tick or a choice at once), refused values said beside it. */
function SettingRow({ field, value }: { readonly field: SettingField; readonly value: Settings[keyof Settings] }) {
  const { t } = useTranslation();
  const { host } = useServices();
  const { run } = useCommands();
  const words = useFieldWords(field.key);
  const defaultDir = useApp((s) => s.defaultDir);
  // No limit reads as an empty box that says so, not as a zero to decode.
  const shown = field.kind === 'speed' ? (value === 0 ? '' : formatBytes(Number(value)).replace(/ ?i?B$/, '').replace(' ', '')) : value === null ? '' : String(value);
  const [draft, setDraft] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(shown), [shown]);
  // A switch flips when clicked, not a round trip later; the service's answer (or a refusal) then takes over.
  const [asked, setAsked] = useState<boolean | null>(null);
  useEffect(() => setAsked(null), [value]);
  const id = `setting-${field.key}`;

  const save = (raw: unknown) => {
    const patch = { [field.key]: raw } as SettingsPatch;
    const checked = settingsPatchSchema().safeParse(patch);
    if (!checked.success) {
      setError(field.kind === 'number' ? t('settings.invalid', { min: field.min ?? '', max: field.max ?? '' }) : (checked.error.issues[0]?.message ?? ''));
      return;
    }
    setError(null);
    return run('settings.set', checked.data);
  };
  const commitText = () => {
    if (draft === shown) return;
    if (field.kind === 'number') void save(Number(draft));
    else if (field.kind === 'speed') {
      const bytes = draft.trim() === '' ? 0 : parseByteSize(draft);
      if (bytes === undefined) setError(t('add.badSpeed'));
      else void save(bytes);
    } else void save(draft.trim() === '' && field.kind === 'folder' ? null : draft.trim());
  };

  let control;
  switch (field.kind) {
    case 'boolean':
      control = (
        <input
          id={id}
          type="checkbox"
          className="toggle"
          role="switch"
          checked={asked ?? value === true}
          onChange={(event) => {
            setAsked(event.target.checked);
            void save(event.target.checked)?.then((result) => result === undefined && setAsked(null));
          }}
        />
      );
      break;
    case 'choice':
      control = (
        <select id={id} className="input" value={String(value)} onChange={(event) => void save(event.target.value)}>
          {field.options.map((option) => (
            <option key={option} value={option}>
              {t(`settingChoice.${field.key}.${option}`, { defaultValue: option })}
            </option>
          ))}
        </select>
      );
      break;
    case 'number':
    case 'speed':
    case 'folder':
    case 'text':
      control = (
        <div className="input-row">
          <input
            id={id}
            className="input"
            value={draft}
            inputMode={field.kind === 'number' ? 'numeric' : undefined}
            placeholder={field.kind === 'speed' ? t('emptyMeans.noLimit') : field.kind === 'folder' && defaultDir !== null ? t('emptyMeans.theDefault', { value: defaultDir }) : undefined}
            aria-invalid={error !== null}
            aria-describedby={`${id}-help`}
            onChange={(event) => setDraft(event.target.value)}
            onBlur={commitText}
            onKeyDown={(event) => event.key === 'Enter' && commitText()}
          />
          {field.kind === 'speed' && <span className="muted">{t('settings.unit')}</span>}
          {field.kind === 'folder' && host.pickFolder !== null && (
            <button type="button" className="btn btn-outline btn-sm" onClick={() => void host.pickFolder?.().then((dir) => (dir === null ? undefined : save(dir)))}>
              <FolderOpen className="i i-sm" aria-hidden="true" />
              {t('add.browse')}
            </button>
          )}
        </div>
      );
      break;
  }
  return (
    <div className="setting">
      <label htmlFor={id}>{words.label}</label>
      <div className="setting-control">
        {control}
        <span className={error === null ? 'field-hint' : 'field-error'} id={`${id}-help`} role={error === null ? undefined : 'alert'}>
          {error ?? (field.kind === 'speed' ? `${words.help} ${t('settings.speedHint')}` : words.help)}
        </span>
      </div>
    </div>
  );
}

function WindowPreferences() {
  const { t } = useTranslation();
  const { store } = useServices();
  const density = useApp((s) => s.density);
  return (
    <div className="setting">
      <label htmlFor="pref-density">{t('settings.density')}</label>
      <div className="setting-control">
        <select id="pref-density" className="input" value={density} onChange={(event) => store.getState().setDensity(event.target.value as Density)}>
          <option value="compact">{t('list.compact')}</option>
          <option value="comfortable">{t('list.comfortable')}</option>
        </select>
      </div>
    </div>
  );
}

/** Every setting the service has, validated by its schema, saved and applied at once. */
export function SettingsPage() {
  const { t } = useTranslation();
  const returnFocus = useFocusReturn();
  const { store } = useServices();
  const settings = useApp((s) => s.settings);
  return (
    <Dialog.Root open onOpenChange={(open) => !open && store.getState().closeDialog()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-scrim" />
        <Dialog.Content className="dialog settings-page" aria-describedby={undefined} onCloseAutoFocus={returnFocus}>
          <div className="dialog-head">
            <Dialog.Title>{t('settings.title')}</Dialog.Title>
            <Dialog.Close className="btn btn-icon btn-sm" aria-label={t('settings.close')}>
              <X className="i" aria-hidden="true" />
            </Dialog.Close>
          </div>
          <div className="dialog-body">
            <h3 className="settings-heading">{t('settings.downloads')}</h3>
            {settings !== null && fields.map((field) => <SettingRow key={field.key} field={field} value={settings[field.key]} />)}
            <h3 className="settings-heading">{t('settings.window')}</h3>
            <WindowPreferences />
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
