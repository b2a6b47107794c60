import * as ContextMenu from '@radix-ui/react-context-menu';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { allows, taskActions, type TaskAction } from '../../../../app/ui/task-actions.js';
import { useApp, useServices } from '../services.js';
import { useCommands } from '../use-commands.js';
import { selectedItems } from './selected-items.js';
import { useTaskActions } from './use-task-actions.js';

/** Actions that make sense on one task only. */
const singleOnly: ReadonlySet<TaskAction> = new Set(['open', 'reveal', 'copyUrl', 'refreshUrl', 'details']);
/** Where a separator goes before an action. */
const startsSection: ReadonlySet<TaskAction> = new Set(['pause', 'copyUrl', 'remove']);

/** Where the pointer (or the focused row, for the menu key) asked for the menu; `n` tells two asks at the same point apart. */
export interface MenuRequest {
  readonly x: number;
  readonly y: number;
  readonly n: number;
}

/**
 * The row menu, loaded after the first paint (with Radix's menu and popper,
 * a fifth of the window's script). The list is not its trigger: the list
 * passes each right click on, and the menu opens at that point through a
 * hidden trigger of its own, as Radix opens a context menu for a right
 * click on its trigger.
 */
export function RowMenu({ request }: { readonly request: MenuRequest | null }) {
  const anchor = useRef<HTMLSpanElement>(null);
  const selectedCount = useApp((s) => s.selected.size);
  useEffect(() => {
    if (request === null) return;
    anchor.current?.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: request.x, clientY: request.y }));
  }, [request]);
  return (
    <ContextMenu.Root modal={false}>
      <ContextMenu.Trigger asChild>
        <span ref={anchor} className="menu-anchor" />
      </ContextMenu.Trigger>
      {selectedCount > 0 && <RowMenuContent />}
    </ContextMenu.Root>
  );
}

/**
 * The menu for the selected rows: every action the state of at least one
 * selected task allows (the service skips the rest and says so), and the
 * group actions for a selected group. Read when the menu opens.
 */
export function RowMenuContent() {
  const { t } = useTranslation();
  const { store, host } = useServices();
  const { perform } = useTaskActions();
  const { run } = useCommands();
  const { tasks, groups } = selectedItems(store.getState());
  const ids = tasks.map((task) => task.id);
  const offered = taskActions.filter(
    (action) => (singleOnly.has(action) ? tasks.length === 1 && groups.length === 0 : tasks.length > 0) && tasks.some((task) => allows(action, task.state, host)),
  );
  const [group] = groups;

  return (
    <ContextMenu.Portal>
      <ContextMenu.Content className="menu" aria-label={t('list.label')}>
        {offered.map((action, index) => (
          <div key={action} className="menu-section">
            {index > 0 && startsSection.has(action) && <ContextMenu.Separator className="menu-sep" />}
            <ContextMenu.Item className={`menu-item${action.startsWith('remove') ? ' danger' : ''}`} onSelect={() => void perform(action, ids)}>
              {t(`action.${action}`)}
            </ContextMenu.Item>
          </div>
        ))}
        {group !== undefined && groups.length === 1 && (
          <>
            {offered.length > 0 && <ContextMenu.Separator className="menu-sep" />}
            {group.state === 'active' && (
              <ContextMenu.Item className="menu-item" onSelect={() => void run('groups.pause', { id: group.id })}>
                {t('group.pause')}
              </ContextMenu.Item>
            )}
            {(group.state === 'paused' || group.state === 'failed') && (
              <ContextMenu.Item className="menu-item" onSelect={() => void run('groups.resume', { id: group.id })}>
                {t('group.resume')}
              </ContextMenu.Item>
            )}
            <ContextMenu.Item className="menu-item" onSelect={() => store.getState().setGroupFilter(group.id)}>
              {t('group.showOnly', { name: group.name })}
            </ContextMenu.Item>
            <ContextMenu.Separator className="menu-sep" />
            <ContextMenu.Item className="menu-item danger" onSelect={() => store.getState().openDialog({ kind: 'remove', ids: [], groupId: group.id, withFile: false })}>
              {t('group.remove')}
            </ContextMenu.Item>
          </>
        )}
      </ContextMenu.Content>
    </ContextMenu.Portal>
  );
}
