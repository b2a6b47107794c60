import { useVirtualizer } from '@tanstack/react-virtual';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useAfterFirstPaint } from '../common/use-after-first-paint.js';
import { useTranslation } from 'react-i18next';
import { useApp, useRows, useServices } from '../services.js';
import { ColumnHeader, headerElementId } from './ColumnHeader.js';
import { GroupRow } from './GroupRow.js';
import { rowElementId } from './row-click.js';
import type { MenuRequest } from './RowMenu.js';
import { RowSlots } from './row-slots.js';
import { TaskRow } from './TaskRow.js';
import { listKeyDown } from './use-list-keyboard.js';
import { useTaskActions } from './use-task-actions.js';
import { useFocusAfterRemoval } from './use-focus-after-removal.js';

const RowMenu = lazy(() => import('./RowMenu.js').then((module) => ({ default: module.RowMenu })));

export const rowHeights = { compact: 30, comfortable: 40 } as const;

/**
 * The downloads as a treegrid, virtualized: only the rows in view (and a few
 * around them) exist in the DOM, so 10,000 tasks cost what 40 do. The grid
 * holds the focus; the focused row is its active descendant.
 */
export function TaskList() {
  const { t } = useTranslation();
  const services = useServices();
  const { perform } = useTaskActions();
  const rows = useRows();
  const density = useApp((s) => s.density);
  const focused = useApp((s) => s.focused);
  const headerFocused = useApp((s) => s.headerFocused);
  const search = useApp((s) => s.search.trim());
  const filter = useApp((s) => s.filter);
  // A search that finds nothing says where it looked: a filter or a group hides what the others hold.
  const groupName = useApp((s) => (s.groupFilter === null ? null : (s.groups.get(s.groupFilter)?.name ?? null)));
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const [slots] = useState(() => new RowSlots());
  const rowHeight = rowHeights[density];
  const painted = useAfterFirstPaint();
  const [menuRequest, setMenuRequest] = useState<MenuRequest | null>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (index) => rows[index]?.key ?? index,
    // Rows out of view are only there for smooth scrolling: the first paint does without them.
    overscan: painted ? 10 : 0,
    // The window's size until the list is measured, so the very first render already has rows (not an empty pass, then a second).
    initialRect: { width: window.innerWidth, height: window.innerHeight },
  });
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  // When the list gets shorter (the details dock opens or grows, the window shrinks), the row the keyboard is on stays in sight:
  // opened on a low row, the dock would otherwise cover the very download it describes.
  useEffect(() => {
    const body = scrollRef.current;
    if (body === null) return;
    let height = body.clientHeight;
    const observer = new ResizeObserver(() => {
      const focusedKey = services.store.getState().focused;
      if (body.clientHeight < height && focusedKey !== null) document.getElementById(rowElementId(focusedKey))?.scrollIntoView({ block: 'nearest' });
      height = body.clientHeight;
    });
    observer.observe(body);
    return () => observer.disconnect();
  }, [services]);

  const scrollTo = useCallback((index: number) => index >= 0 && virtualizer.scrollToIndex(index, { align: 'auto' }), [virtualizer]);
  useFocusAfterRemoval(services.store, rows, scrollTo);
  const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / rowHeight) - 1);
  const items = virtualizer.getVirtualItems();
  const itemSlots = slots.assign(items.map((item) => rows[item.index]?.key ?? ''));
  // In slot order, so no row's DOM node ever moves (row-slots.ts); aria-rowindex gives each row its place in the grid.
  const bySlot = items.map((item, position) => ({ item, slot: itemSlots[position] ?? position })).sort((a, b) => a.slot - b.slot);
  const focusedRendered = focused !== null && items.some((item) => rows[item.index]?.key === focused);

  return (
    <div className="tasks">
      <div
        ref={gridRef}
        role="treegrid"
        className="tasks-grid"
        aria-label={t('list.label')}
        aria-multiselectable="true"
        aria-rowcount={rows.length + 1}
        aria-activedescendant={headerFocused !== null ? headerElementId(headerFocused) : focusedRendered && focused !== null ? rowElementId(focused) : undefined}
        aria-keyshortcuts="Control+A Delete Space Enter ContextMenu Shift+F10"
        tabIndex={0}
        onKeyDown={(event) => listKeyDown(event, { services, pageSize, perform, scrollTo })}
        // Entered with no row chosen yet, the keyboard starts on the first sort header, drawn above the rows (the WAI-ARIA grid's first cell).
        onFocus={(event) => {
          const state = services.store.getState();
          if (event.target === event.currentTarget && state.focused === null && state.headerFocused === null) state.focusHeader('name');
        }}
      >
        <ColumnHeader />
        <div
          className="tasks-body"
          ref={scrollRef}
          role="rowgroup"
          // A scrolling box with nothing focusable inside is a Tab stop of its own in Chromium: a second stop after the list's, with a ring
          // around all rows and none on the row. -1 takes it out of the Tab order; a click on it (or its scroll bar) hands the focus to the list.
          tabIndex={-1}
          onFocus={(event) => {
            if (event.target === event.currentTarget) gridRef.current?.focus({ preventScroll: true });
          }}
          onContextMenu={(event) => {
            event.preventDefault();
            setMenuRequest((last) => ({ x: event.clientX, y: event.clientY, n: (last?.n ?? 0) + 1 }));
          }}
        >
          <div className="tasks-spacer" style={{ height: virtualizer.getTotalSize() }}>
            {bySlot.map(({ item, slot }) => {
              const row = rows[item.index];
              if (row === undefined) return null;
              const key = `s${slot}`;
              return row.kind === 'task' ? (
                <TaskRow
                  key={key}
                  id={row.id}
                  rowKey={row.key}
                  level={row.level}
                  posinset={row.posinset}
                  setsize={row.setsize}
                  rowIndex={item.index + 2}
                  top={item.start}
                />
              ) : (
                <GroupRow key={key} id={row.id} rowKey={row.key} expanded={row.expanded} setsize={row.setsize} rowIndex={item.index + 2} top={item.start} />
              );
            })}
          </div>
          {rows.length === 0 && (
            <p className="list-empty">
              {search === ''
                ? t('list.noneInFilter', { filter: t(`filter.${filter}`).toLowerCase() })
                : groupName !== null
                  ? t('list.noMatchIn', { query: search, where: groupName })
                  : filter !== 'all'
                    ? t('list.noMatchIn', { query: search, where: t(`filterTitle.${filter}`) })
                    : t('list.noMatch', { query: search })}
            </p>
          )}
        </div>
        {(painted || menuRequest !== null) && (
          <Suspense fallback={null}>
            <RowMenu request={menuRequest} />
          </Suspense>
        )}
      </div>
    </div>
  );
}
