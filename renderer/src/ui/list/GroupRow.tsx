import { ChevronDown } from 'lucide-react';
import { memo } from 'react';
import { formatBytes, formatSpeed } from '../../../../app/ui/format.js';
import { groupLine, groupShownState } from '../../../../app/ui/group-words.js';
import type { AppState } from '../../state/app-state.js';
import { FileTypeTile } from '../common/FileTypeTile.js';
import { StateIcon } from '../common/StateIcon.js';
import { useApp, useServices } from '../services.js';
import { ProgressBar } from './ProgressBar.js';
import { rowElementId, selectOnClick, selectOnContextMenu } from './row-click.js';
import { say } from '../../i18n/say.js';

interface Props {
  readonly id: number;
  readonly rowKey: string;
  readonly expanded: boolean;
  readonly setsize: number;
  readonly rowIndex: number;
  readonly top: number;
}

/** Live bytes and speed of a group's running members: at most the few running downloads are visited. */
function liveOf(state: AppState, groupId: number): { readonly extra: number; readonly speed: number } {
  let extra = 0;
  let speed = 0;
  for (const entry of state.progress.values()) {
    const task = state.tasks.get(entry.id);
    if (task?.groupId !== groupId) continue;
    extra += Math.max(0, entry.bytes - task.doneBytes);
    speed += entry.speed;
  }
  return { extra, speed };
}

export const GroupRow = memo(function GroupRow({ id, rowKey, expanded, setsize, rowIndex, top }: Props) {
  const services = useServices();
  const group = useApp((s) => s.groups.get(id));
  const extra = useApp((s) => liveOf(s, id).extra);
  const speed = useApp((s) => liveOf(s, id).speed);
  const selected = useApp((s) => s.selected.has(rowKey));
  const focused = useApp((s) => s.focused === rowKey);
  const finished = useApp((s) => completedBytes(s).get(id) ?? 0);
  if (group === undefined) return null;
  const { label, words } = groupLine(group);
  const shown = groupShownState(group);
  return (
    <div
      role="row"
      id={rowElementId(rowKey)}
      className={focused ? 'row group focused' : 'row group'}
      aria-rowindex={rowIndex}
      aria-selected={selected}
      aria-level={1}
      aria-expanded={expanded}
      aria-setsize={setsize}
      data-state={shown}
      style={{ top }}
      onClick={(event) => selectOnClick(services, rowKey, event)}
      onDoubleClick={() => services.store.getState().toggleExpanded(id)}
      onContextMenu={() => selectOnContextMenu(services, rowKey)}
    >
      <div role="gridcell" className="cell">
        <button
          type="button"
          className="expander"
          tabIndex={-1}
          aria-label={say(expanded ? 'group.collapse' : 'group.expand', { name: group.name })}
          onClick={(event) => {
            event.stopPropagation();
            services.store.getState().toggleExpanded(id);
          }}
        >
          <ChevronDown className="i" aria-hidden="true" />
        </button>
      </div>
      <div role="gridcell" className="cell name">
        <FileTypeTile name="" group />
        <span className="fname" title={group.name}>
          {group.name}
        </span>
        <span className="gcount">{say('group.files', { count: group.count })}</span>
      </div>
      <div role="gridcell" className="cell r num dim">
        {group.totalBytes === null ? '' : formatBytes(group.totalBytes)}
      </div>
      <div role="gridcell" className="cell">
        {/* A member that failed before its server gave a size leaves the group's byte total unknown for good: the files finished fill the bar instead. */}
        <ProgressBar
          label={group.name}
          done={group.doneBytes + extra}
          total={group.totalBytes}
          finished={finished}
          finishedShare={group.totalBytes === null && group.count > 0 ? (group.byState.completed ?? 0) / group.count : undefined}
        />
      </div>
      <div role="gridcell" className="cell r num">
        {speed > 0 ? formatSpeed(speed) : ''}
      </div>
      <div role="gridcell" className="cell" />
      <div role="gridcell" className="cell" />
      <div role="gridcell" className="cell status">
        <span className="state" title={label === null ? say(words.key, words.params ?? {}) : `${say(label.key)} — ${say(words.key, words.params ?? {})}`}>
          <StateIcon state={shown} />
          <span className="words">
            {label === null ? (
              <span className="label">{say(words.key, words.params ?? {})}</span>
            ) : (
              <>
                <span className="label">{say(label.key)}</span> — {say(words.key, words.params ?? {})}
              </>
            )}
          </span>
        </span>
      </div>
    </div>
  );
});

let completedCache: { readonly version: number; readonly byGroup: ReadonlyMap<number, number> } = { version: -1, byGroup: new Map() };

/**
 * Bytes of each group's completed members, for the muted part of its bar.
 * A member completing moves rows (listVersion), so the sums are taken again only then.
 */
function completedBytes(state: AppState): ReadonlyMap<number, number> {
  if (completedCache.version === state.listVersion) return completedCache.byGroup;
  const byGroup = new Map<number, number>();
  for (const task of state.tasks.values()) {
    if (task.groupId === null || task.state !== 'completed') continue;
    byGroup.set(task.groupId, (byGroup.get(task.groupId) ?? 0) + (task.totalBytes ?? task.doneBytes));
  }
  completedCache = { version: state.listVersion, byGroup };
  return byGroup;
}
