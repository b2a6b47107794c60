import { ExternalLink, FolderOpen } from 'lucide-react';
import { memo, useState } from 'react';
import type { TaskState } from '../../../../app/domain/task-state.js';
import { displayName, formatBytes, formatEta, formatSpeed } from '../../../../app/ui/format.js';
import { FileName } from './FileName.js';
import { FileTypeTile } from '../common/FileTypeTile.js';
import { useApp, useServices } from '../services.js';
import { ProgressBar } from './ProgressBar.js';
import { rowElementId, selectOnClick, selectOnContextMenu } from './row-click.js';
import { StatusWords } from './StatusWords.js';
import { useTaskActions } from './use-task-actions.js';
import { say } from '../../i18n/say.js';

interface Props {
  readonly id: number;
  readonly rowKey: string;
  readonly level: 1 | 2;
  readonly posinset: number | undefined;
  readonly setsize: number | undefined;
  /** 1-based, counting the header row. */
  readonly rowIndex: number;
  readonly top: number;
}

/** One download: selects only its own task and selection; its live numbers are LiveCells', so a progress batch leaves the rest of the row alone. */
export const TaskRow = memo(function TaskRow({ id, rowKey, level, posinset, setsize, rowIndex, top }: Props) {
  const services = useServices();
  const { perform } = useTaskActions();
  const task = useApp((s) => s.tasks.get(id));
  const selected = useApp((s) => s.selected.has(rowKey));
  const focused = useApp((s) => s.focused === rowKey);
  // Open and Show in folder exist only while the pointer or the keyboard is on the row: a screenful of rows changes on every scroll frame.
  // A row element is reused for other tasks while scrolling (row-slots.ts), so the hover remembers whose it was.
  const [hoveredId, setHoveredId] = useState<number | null>(null);
  const hovered = hoveredId === id;
  if (task === undefined) return null;

  const name = displayName(task.fileName, task.url);
  const completed = task.state === 'completed';
  const { startFileDrag, fileUrl, opensFiles } = services.host;
  const opens = completed && opensFiles;
  const draggable = completed && (startFileDrag !== null || fileUrl !== null);

  return (
    <div
      role="row"
      id={rowElementId(rowKey)}
      className={focused ? 'row focused' : 'row'}
      aria-rowindex={rowIndex}
      aria-selected={selected}
      aria-level={level}
      aria-posinset={posinset}
      aria-setsize={setsize}
      data-state={task.state}
      style={{ top }}
      onClick={(event) => selectOnClick(services, rowKey, event)}
      onDoubleClick={() => void perform(opens ? 'open' : 'details', [id])}
      onContextMenu={() => selectOnContextMenu(services, rowKey)}
      onMouseEnter={() => setHoveredId(id)}
      onMouseLeave={() => setHoveredId(null)}
      draggable={draggable}
      title={draggable ? say('list.dragOut') : undefined}
      onDragStart={
        draggable
          ? (event) => {
              if (startFileDrag !== null) {
                // The desktop app drags the file itself (the OS's own drag).
                event.preventDefault();
                startFileDrag(id);
              } else if (fileUrl !== null) {
                event.dataTransfer.effectAllowed = 'copy';
                event.dataTransfer.setData('DownloadURL', downloadUrlData(name, fileUrl(id)));
              }
            }
          : undefined
      }
    >
      <div role="gridcell" className="cell" />
      <div role="gridcell" className="cell name">
        <FileTypeTile name={name} />
        <FileName name={name} />
      </div>
      <LiveCells id={id} name={name} state={task.state} doneBytes={task.doneBytes} totalBytes={task.totalBytes} />
      <div role="gridcell" className="cell status">
        <StatusWords task={task} />
      </div>
      {opens && (hovered || focused) && (
        <div role="gridcell" className="row-actions">
          {/* Below 1024 px only the speed column is free beside the progress: the buttons become icons, their words their names and tooltips. */}
          <button type="button" className="btn btn-xs" tabIndex={-1} title={say('action.open')} onClick={(event) => (event.stopPropagation(), void perform('open', [id]))}>
            <ExternalLink className="i i-sm" aria-hidden="true" />
            <span className="narrow-hide">{say('action.open')}</span>
          </button>
          <button type="button" className="btn btn-xs" tabIndex={-1} title={say('action.reveal')} onClick={(event) => (event.stopPropagation(), void perform('reveal', [id]))}>
            <FolderOpen className="i i-sm" aria-hidden="true" />
            <span className="narrow-hide">{say('action.reveal')}</span>
          </button>
        </div>
      )}
    </div>
  );
});

/**
 * Chromium's drag-out of a file from a web page: "mime:name:url", dropped on
 * the desktop or a file manager as that file (fetched from the url then).
 * The name ends at the next colon, so it cannot hold one.
 */
function downloadUrlData(name: string, url: string): string {
  return `application/octet-stream:${name.replaceAll(':', '_')}:${url}`;
}

interface LiveProps {
  readonly id: number;
  readonly name: string;
  readonly state: TaskState;
  readonly doneBytes: number;
  readonly totalBytes: number | null;
}

/** Size, progress, speed, time left and connections: the cells a progress batch changes, and the only part of a row it re-renders. */
const LiveCells = memo(function LiveCells({ id, name, state, doneBytes, totalBytes }: LiveProps) {
  const live = useApp((s) => s.progress.get(id));
  const running = state === 'running';
  const completed = state === 'completed';
  const done = live?.bytes ?? doneBytes;
  const total = live?.totalBytes ?? totalBytes;
  return (
    <>
      <div role="gridcell" className="cell r num dim">
        {total === null ? '' : formatBytes(total)}
      </div>
      <div role="gridcell" className="cell">
        {/* Canceling deleted the partial file: nothing of it is left to show. Without a size and a byte there is nothing to say: the cell stays blank. */}
        {state !== 'canceled' && (total !== null || done > 0) && <ProgressBar label={name} done={completed && total !== null ? total : done} total={total} ranges={running ? live?.ranges : undefined} />}
      </div>
      <div role="gridcell" className="cell r num">
        {running && live !== undefined && live.speed > 0 ? formatSpeed(live.speed) : ''}
      </div>
      <div role="gridcell" className="cell r num dim">
        {running ? formatEta(live?.etaSeconds ?? null) : ''}
      </div>
      <div role="gridcell" className="cell c num dim">
        {running && live !== undefined && live.connections > 0 ? live.connections : ''}
      </div>
    </>
  );
});
