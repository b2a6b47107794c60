import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Copy, ExternalLink, MoreHorizontal, Pause, Play, RotateCw, X } from 'lucide-react';
import { useRef, type CSSProperties, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskDetails, TaskView } from '../../../../app/contract/views.js';
import { allows, taskActions, type TaskAction } from '../../../../app/ui/task-actions.js';
import { displayName, formatBytes, formatEta, formatSpeed, splitUrlForDisplay } from '../../../../app/ui/format.js';
import { reasonWords, taskWords } from '../../../../app/ui/task-words.js';
import { FileTypeTile } from '../common/FileTypeTile.js';
import { PathText } from '../common/PathText.js';
import { TechnicalDetail } from '../common/TechnicalDetail.js';
import { useApp, useServices } from '../services.js';
import { useSlotsFree } from '../common/use-slots-free.js';
import { useTaskActions } from '../list/use-task-actions.js';
import { sayWords } from '../../i18n/say.js';
import { SegmentBar } from './SegmentBar.js';
import { useTaskDetails } from './use-task-details.js';

function Url({ url }: { readonly url: string }) {
  const { head, tail, query } = splitUrlForDisplay(url);
  return (
    <span className="url" title={url}>
      <span className="head">{head}</span>
      <span className="tail">{tail}</span>
      {query !== '' && <span className="query">{query}</span>}
    </span>
  );
}

function When({ at }: { readonly at: number | null }) {
  if (at === null) return <>—</>;
  const date = new Date(at);
  return <time dateTime={date.toISOString()}>{date.toLocaleString()}</time>;
}

/** The server's Last-Modified (an HTTP date) as a time of this machine; null when absent or unreadable. */
function httpDate(value: string | null): number | null {
  if (value === null) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}

function Splitter() {
  const { t } = useTranslation();
  const { store } = useServices();
  const height = useApp((s) => s.detailsHeight);
  const start = useRef<{ y: number; height: number } | null>(null);
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label={t('details.resize')}
      aria-valuenow={height}
      aria-valuemin={140}
      aria-valuemax={600}
      tabIndex={0}
      onKeyDown={(event) => {
        if (event.key === 'ArrowUp') store.getState().setDetailsHeight(height + 20);
        if (event.key === 'ArrowDown') store.getState().setDetailsHeight(height - 20);
      }}
      onPointerDown={(event: PointerEvent<HTMLDivElement>) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        start.current = { y: event.clientY, height };
      }}
      onPointerMove={(event) => {
        if (start.current !== null) store.getState().setDetailsHeight(start.current.height + start.current.y - event.clientY);
      }}
      onPointerUp={() => {
        start.current = null;
      }}
    />
  );
}

function Summary({ task }: { readonly task: TaskView }) {
  const { t } = useTranslation();
  const live = useApp((s) => s.progress.get(task.id));
  const slotsFree = useSlotsFree();
  const words = taskWords(task, Date.now(), { slotsFree });
  const done = live?.bytes ?? task.doneBytes;
  const total = live?.totalBytes ?? task.totalBytes;
  // Canceling deleted the partial file: there are no bytes to tell of, as the list and browsers' download lists say of it.
  const parts =
    task.state === 'canceled'
      ? []
      : [
          total === null
            ? t('details.summaryUnknown', { done: formatBytes(done) })
            : t('details.summary', { done: formatBytes(task.state === 'completed' ? total : done), total: formatBytes(total) }),
        ];
  if (live !== undefined && live.speed > 0) parts.push(formatSpeed(live.speed));
  if (live?.etaSeconds != null) parts.push(t('details.etaSummary', { eta: formatEta(live.etaSeconds) }));
  return (
    <span className="sub">
      <span className="label">{sayWords(words.label)}</span>
      {words.reason !== null && ` — ${sayWords(words.reason)}`}
      {parts.map((part) => ` · ${part}`).join('')}
    </span>
  );
}

function Fields({ details }: { readonly details: TaskDetails }) {
  const { t } = useTranslation();
  const { task } = details;
  const why = reasonWords(task);
  const weak = details.etag?.startsWith('W/') === true;
  // Canceling deleted the partial file: there is no file to point at and nothing to resume.
  const canceled = task.state === 'canceled';
  // Stopped by the user (paused, canceled) is not a problem to report.
  const problem = why !== null && task.reason !== 'by_user' && task.reason !== 'canceled';
  return (
    <div className="fields">
      <dl className="kv">
        <dt>{t('details.originalUrl')}</dt>
        <dd>
          <Url url={task.url} />
        </dd>
        <dt>{t('details.finalUrl')}</dt>
        <dd>
          <Url url={details.currentUrl} />
        </dd>
        {canceled ? (
          <>
            <dt>{t('details.folder')}</dt>
            <dd title={task.dir}>
              <PathText text={task.dir} />
            </dd>
          </>
        ) : (
          <>
            <dt>{t('details.savedTo')}</dt>
            <dd title={details.filePath ?? task.dir}>
              <PathText text={details.filePath ?? task.dir} />
              {task.state !== 'completed' && <span className="muted"> · {t('details.partNote')}</span>}
            </dd>
          </>
        )}
        {details.headers.length > 0 && (
          <>
            <dt>{t('details.headers')}</dt>
            <dd className="mono">{details.headers.map((header) => `${header.name}: ${header.value}`).join(' · ')}</dd>
          </>
        )}
      </dl>
      <dl className="kv">
        <dt>{t('details.size')}</dt>
        <dd>{task.totalBytes === null ? t('details.unknown') : `${formatBytes(task.totalBytes)} · ${t('details.bytes', { n: task.totalBytes.toLocaleString() })}`}</dd>
        <dt>{t('details.etag')}</dt>
        <dd>
          {details.etag === null ? (
            '—'
          ) : (
            <>
              <span className="mono">{details.etag}</span>
              <span className="tag">{t(weak ? 'details.weak' : 'details.strong')}</span>
            </>
          )}
        </dd>
        <dt>{t('details.lastModified')}</dt>
        <dd title={details.lastModified ?? undefined}>
          <When at={httpDate(details.lastModified)} />
        </dd>
        {!canceled && (
          <>
            <dt>{t('details.resume')}</dt>
            <dd>{t(details.resumable ? 'details.resumable' : 'details.notResumable')}</dd>
          </>
        )}
      </dl>
      <dl className="kv">
        <dt>{t('details.attempts')}</dt>
        <dd>{task.attempts === 0 ? <span className="muted">{t('details.noRetries')}</span> : task.attempts}</dd>
        {problem && (
          <>
            <dt>{t('details.lastProblem')}</dt>
            <dd>
              {sayWords(why)}
              {/* The engine's or the server's own words, for a report or a search: the reason alone is ours. */}
              {task.message !== null && <TechnicalDetail text={task.message} />}
            </dd>
          </>
        )}
        <dt>{t('details.checksum')}</dt>
        <dd>
          {task.checksum === null ? (
            <span className="muted">{t('details.checksumNone')}</span>
          ) : (
            <>
              {task.checksum.algorithm} <span className="mono">{`${task.checksum.hex.slice(0, 4)}…${task.checksum.hex.slice(-4)}`}</span>
              <ChecksumTag verified={task.checksumVerified} />
            </>
          )}
        </dd>
        <dt>{t('details.added')}</dt>
        <dd>
          <When at={task.createdAt} />
        </dd>
        <dt>{t('details.finished')}</dt>
        <dd>
          <When at={task.finishedAt} />
        </dd>
      </dl>
    </div>
  );
}

function DetailsActions({ task }: { readonly task: TaskView }) {
  const { t } = useTranslation();
  const { store, host } = useServices();
  const { perform } = useTaskActions();
  const offers = (action: TaskAction): boolean => allows(action, task.state, host);
  // A finished download's first action is to open it, as its row offers on hover.
  const primary = offers('pause') ? 'pause' : offers('resume') ? 'resume' : offers('retry') ? 'retry' : offers('open') ? 'open' : null;
  const PrimaryIcon = primary === 'pause' ? Pause : primary === 'resume' ? Play : primary === 'open' ? ExternalLink : RotateCw;
  const more = taskActions.filter((action) => action !== primary && action !== 'details' && action !== 'copyUrl' && offers(action));
  return (
    <div className="actions">
      {primary !== null && (
        <button type="button" className="btn btn-sm btn-outline" title={t(`action.${primary}`)} onClick={() => void perform(primary, [task.id])}>
          <PrimaryIcon className="i i-sm" aria-hidden="true" />
          <span className="narrow-hide">{t(`action.${primary}`)}</span>
        </button>
      )}
      {/* In a narrow window the buttons show their icons only (their words stay their names), so the summary beside them is read whole. */}
      <button type="button" className="btn btn-sm btn-outline" title={t('action.copyUrl')} onClick={() => void perform('copyUrl', [task.id])}>
        <Copy className="i i-sm" aria-hidden="true" />
        <span className="narrow-hide">{t('action.copyUrl')}</span>
      </button>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger className="btn btn-sm btn-icon" aria-label={t('details.more')}>
          <MoreHorizontal className="i" aria-hidden="true" />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
            {more.map((action) => (
              <DropdownMenu.Item key={action} className={`menu-item${action.startsWith('remove') ? ' danger' : ''}`} onSelect={() => void perform(action, [task.id])}>
                {t(`action.${action}`)}
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <button type="button" className="btn btn-sm btn-icon" aria-label={t('details.close')} onClick={() => store.getState().showDetails(null)}>
        <X className="i" aria-hidden="true" />
      </button>
    </div>
  );
}

/** Verified, did not match, or not checked yet: as the service says (completion checks it). */
function ChecksumTag({ verified }: { readonly verified: boolean | undefined }) {
  const { t } = useTranslation();
  if (verified === true) return <span className="tag ok">{t('details.checksumVerified')}</span>;
  if (verified === false) return <span className="tag bad">{t('details.checksumMismatch')}</span>;
  return <span className="tag">{t('details.checksumWhenDone')}</span>;
}

/** Everything about one download, docked under the list; opened by Enter, a double click or the menu. */
export function DetailsDock({ id }: { readonly id: number }) {
  const { t } = useTranslation();
  const task = useApp((s) => s.tasks.get(id));
  const height = useApp((s) => s.detailsHeight);
  const { details, problem } = useTaskDetails(id);
  // While it runs, the ranges come with the progress batches (a few times a second), not only with each fetch of the details.
  const liveRanges = useApp((s) => s.progress.get(id)?.ranges);
  // Out of reach of the service, the connections' last speeds are not shown as if still true.
  const reachable = useApp((s) => s.connection.kind === 'open');
  if (task === undefined) return null;
  const name = displayName(task.fileName, task.url);
  const segments = liveRanges ?? details?.segments ?? [];
  return (
    <section className="details" aria-label={t('details.label', { name })} data-state={task.state} style={{ '--details-h': `${height}px` } as CSSProperties}>
      <Splitter />
      <div className="details-head">
        <FileTypeTile name={name} large />
        <div className="details-title">
          <h2 title={name}>{name}</h2>
          <Summary task={task} />
        </div>
        <DetailsActions task={task} />
      </div>
      {segments.length > 0 && (
        <div className="segments">
          <div className="segments-top">
            <strong>{t('details.ranges')}</strong>
            <span className="muted">{segments.length > 1 ? t('details.rangeCount', { count: segments.length }) : t('details.oneRange')}</span>
          </div>
          <SegmentBar segments={segments} done={task.state === 'completed'} running={liveRanges !== undefined && reachable} />
        </div>
      )}
      {details !== null ? (
        <Fields details={details} />
      ) : problem !== null ? (
        <p className="details-loading" role="status">
          {sayWords(problem)}
          {problem.detail !== undefined && <TechnicalDetail text={problem.detail} />}
        </p>
      ) : (
        <p className="details-loading muted">{t('details.loading')}</p>
      )}
    </section>
  );
}
