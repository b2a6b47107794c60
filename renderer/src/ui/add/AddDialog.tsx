import * as Dialog from '@radix-ui/react-dialog';
import { CircleAlert, CircleCheck, FolderOpen, X } from 'lucide-react';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { onExistsPolicies } from '../../../../app/domain/on-exists.js';
import { emptyAddForm, planAdd, type AddForm } from '../../../../app/ui/add-form.js';
import { displayName } from '../../../../app/ui/format.js';
import { checkUrlLines, type UrlLine } from '../../../../app/ui/url-lines.js';
import { DialogFooter } from '../common/DialogFooter.js';
import { useServices } from '../services.js';
import { useCommands } from '../use-commands.js';
import { sayAdded } from './say-added.js';
import { useExistingUrls } from './use-existing-urls.js';
import { useFocusReturn } from '../common/use-focus-return.js';

/** Lines shown with a problem at most; the count says how many more. */
const shownProblems = 50;

function Field({ label, hint, error, children, id }: { readonly label: string; readonly hint?: string; readonly error?: string | undefined; readonly children: ReactNode; readonly id: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error !== undefined ? (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : (
        hint !== undefined && <span className="field-hint">{hint}</span>
      )}
    </div>
  );
}

function LineProblems({ lines }: { readonly lines: readonly UrlLine[] }) {
  const { t } = useTranslation();
  const { store } = useServices();
  const problems = lines.filter((line) => line.status !== 'ok');
  if (problems.length === 0) return null;
  return (
    <ul className="line-problems" aria-label={t('add.problems', { count: problems.length })}>
      {problems.slice(0, shownProblems).map((line, index) => {
        const existing = line.existingId === undefined ? undefined : store.getState().tasks.get(line.existingId);
        return (
          <li key={`${line.line}-${index}`} data-status={line.status}>
            <CircleAlert className="i i-sm" aria-hidden="true" />
            <span className="line-no num">{line.line}</span>
            <span className="line-text">{line.url ?? line.text}</span>
            <span className="line-why">{t(`urlLine.${line.status}`, { name: existing === undefined ? '' : displayName(existing.fileName, existing.url) })}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** Many links at once, each line checked as it is typed; the options apply to all of them. */
export function AddDialog({ initialText }: { readonly initialText: string }) {
  const { t } = useTranslation();
  const returnFocus = useFocusReturn();
  const { store, host } = useServices();
  const { run } = useCommands();
  const existing = useExistingUrls();
  const [text, setText] = useState(initialText);
  const [form, setForm] = useState<AddForm>(emptyAddForm);
  const [busy, setBusy] = useState(false);
  const lines = useMemo(() => checkUrlLines(text, existing), [text, existing]);
  const plan = planAdd(lines, form);
  const count = plan.ok ? plan.input.urls.length : lines.filter((line) => line.status === 'ok').length;
  const single = count === 1;
  // Where the downloads go while the folder box is empty: Settings' folder, else the service's.
  const defaultFolder = store.getState().settings?.downloadDir ?? store.getState().defaultDir ?? null;
  const anyExisting = lines.some((line) => line.status === 'existing');
  const skipped = lines.filter((line) => line.status !== 'ok' && !(form.allowDuplicates && line.status === 'existing')).length;
  const errors = plan.ok ? {} : plan.errors;
  const set = <K extends keyof AddForm>(key: K, value: AddForm[K]) => setForm((before) => ({ ...before, [key]: value }));
  const words = (field: keyof typeof errors) => {
    const error = errors[field];
    return error === undefined ? undefined : t(error.key, error.params ?? {});
  };

  const submit = async () => {
    if (!plan.ok || count === 0) return;
    setBusy(true);
    // What was added is said first; the links the service left out then, by run, as every command's partial refusals are.
    const result = await run('tasks.add', plan.input, (added) => sayAdded(store.getState(), added));
    setBusy(false);
    if (result === undefined) return;
    const state = store.getState();
    if (result.groupId !== null) state.toggleExpanded(result.groupId, true);
    state.closeDialog();
  };

  return (
    <Dialog.Root open onOpenChange={(open) => !open && store.getState().closeDialog()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-scrim" />
        <Dialog.Content className="dialog add-dialog" aria-describedby="add-links-hint" onCloseAutoFocus={returnFocus}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <div className="dialog-head">
              <Dialog.Title>{t('add.title')}</Dialog.Title>
              <Dialog.Close className="btn btn-icon btn-sm" aria-label={t('add.close')}>
                <X className="i" aria-hidden="true" />
              </Dialog.Close>
            </div>
            <div className="dialog-body">
              <Field id="add-links" label={t('add.links')}>
                <textarea
                  id="add-links"
                  className="input links"
                  rows={6}
                  value={text}
                  spellCheck={false}
                  autoFocus
                  placeholder="https://…"
                  aria-describedby="add-links-hint add-links-summary"
                  onChange={(event) => setText(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                      event.preventDefault();
                      void submit();
                    }
                  }}
                />
              </Field>
              <p className="field-hint" id="add-links-hint">
                {t('add.linksHint')}
              </p>
              <p className="line-summary" id="add-links-summary" aria-live="polite">
                {count > 0 && <CircleCheck className="i i-sm ok" aria-hidden="true" />}
                {count === 0 && skipped > 0 ? t('add.nothingNew') : t('add.summary', { count })}
                {skipped > 0 && <span className="muted"> · {t('add.problems', { count: skipped })}</span>}
              </p>
              <LineProblems lines={lines} />
              {anyExisting && (
                <label className="check">
                  <input type="checkbox" checked={form.allowDuplicates} onChange={(event) => set('allowDuplicates', event.target.checked)} />
                  {t('add.allowDuplicates')}
                </label>
              )}

              <div className="form-grid">
                <Field id="add-dir" label={t('add.folder')}>
                  <div className="input-row">
                    <input id="add-dir" className="input" value={form.dir} placeholder={defaultFolder === null ? t('add.folderDefault') : t('emptyMeans.theDefault', { value: defaultFolder })} onChange={(event) => set('dir', event.target.value)} />
                    {host.pickFolder !== null && (
                      <button
                        type="button"
                        className="btn btn-outline btn-sm"
                        onClick={() => {
                          void host.pickFolder?.().then((dir) => dir !== null && set('dir', dir));
                        }}
                      >
                        <FolderOpen className="i i-sm" aria-hidden="true" />
                        {t('add.browse')}
                      </button>
                    )}
                  </div>
                </Field>
                <Field id="add-name" label={t('add.fileName')} hint={t('add.fileNameHint')}>
                  <input id="add-name" className="input" value={form.fileName} disabled={!single} placeholder={t('add.fileNameAuto')} onChange={(event) => set('fileName', event.target.value)} />
                </Field>
                <Field id="add-connections" label={t('add.connections')} error={words('connections')}>
                  <input
                    id="add-connections"
                    className="input"
                    inputMode="numeric"
                    value={form.connections}
                    placeholder={t('emptyMeans.theDefault', { value: store.getState().settings?.connections ?? 1 })}
                    onChange={(event) => set('connections', event.target.value)}
                  />
                </Field>
                <Field id="add-speed" label={t('add.speedLimit')} hint={t('add.speedLimitHint')} error={words('speedLimit')}>
                  <input id="add-speed" className="input" value={form.speedLimit} placeholder={t('emptyMeans.noLimit')} aria-invalid={errors.speedLimit !== undefined} onChange={(event) => set('speedLimit', event.target.value)} />
                </Field>
                <Field id="add-checksum" label={t('add.checksum')} hint={t('add.checksumHint')} error={words('checksum')}>
                  <input
                    id="add-checksum"
                    className="input mono"
                    value={form.checksum}
                    disabled={!single}
                    aria-invalid={errors.checksum !== undefined}
                    placeholder="sha256=…"
                    onChange={(event) => set('checksum', event.target.value)}
                  />
                </Field>
                <Field id="add-exists" label={t('add.onExists')}>
                  <select id="add-exists" className="input" value={form.onExists} onChange={(event) => set('onExists', event.target.value as AddForm['onExists'])}>
                    <option value="">{t('add.onExistsDefault')}</option>
                    {onExistsPolicies.map((policy) => (
                      <option key={policy} value={policy}>
                        {t(`add.onExists${policy[0]?.toUpperCase() ?? ''}${policy.slice(1)}`)}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field id="add-headers" label={t('add.headers')} hint={t('add.headersHint')} error={words('headers')}>
                  <textarea id="add-headers" className="input mono" rows={2} value={form.headers} spellCheck={false} onChange={(event) => set('headers', event.target.value)} />
                </Field>
                <div className="field checks">
                  <label className="check">
                    <input type="checkbox" checked={form.startPaused} onChange={(event) => set('startPaused', event.target.checked)} />
                    {t('add.startPaused')}
                  </label>
                  <label className="check">
                    <input type="checkbox" checked={form.asGroup} onChange={(event) => set('asGroup', event.target.checked)} />
                    {t('add.asGroup')}
                  </label>
                  {form.asGroup && (
                    <input className="input" aria-label={t('add.groupName')} placeholder={t('add.groupName')} value={form.groupName} onChange={(event) => set('groupName', event.target.value)} />
                  )}
                </div>
              </div>
            </div>
            <DialogFooter submit={count === 0 ? t('add.submitZero') : t('add.submit', { count })} disabled={busy || count === 0 || !plan.ok} keyshortcuts="Control+Enter" />
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
