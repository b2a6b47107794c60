import { describe, expect, test } from 'vitest';
import { createAppStore, createRowsSelector, liveResortMs } from '../src/state/app-store.js';
import { event, group, progress, snapshot, task } from './fixtures.js';

describe('tasks and progress', () => {
  test('a progress batch replaces only the rows it names', () => {
    const store = createAppStore();
    store.getState().applySnapshot(snapshot(10, [task(1, { state: 'running' }), task(2, { state: 'running' }), task(3)], { progress: [progress(1, 10), progress(2, 20)] }), 0);
    const before = store.getState();
    expect(store.getState().applyEvent(event(11, 'tasks.progress', { progress: [progress(2, 500)] }), 0)).toBe('applied');
    const after = store.getState();
    expect(after.progress.get(2)?.bytes).toBe(500);
    expect(after.progress.get(1)).toBe(before.progress.get(1));
    expect(after.tasks).toBe(before.tasks);
    expect(after.listVersion).toBe(before.listVersion);
  });

  test('a batch that trails a stop does not bring live numbers back', () => {
    const store = createAppStore();
    store.getState().applySnapshot(snapshot(1, [task(1, { state: 'running' })], { progress: [progress(1, 10)] }), 0);
    store.getState().applyEvent(event(2, 'tasks.changed', { tasks: [task(1, { state: 'paused', reason: 'by_user', doneBytes: 10 })] }), 0);
    expect(store.getState().progress.has(1)).toBe(false);
    store.getState().applyEvent(event(3, 'tasks.progress', { progress: [progress(1, 20)] }), 0);
    expect(store.getState().progress.has(1)).toBe(false);
  });

  test('added, changed and removed tasks keep the order of adding', () => {
    const store = createAppStore();
    store.getState().applySnapshot(snapshot(0, [task(2), task(1)]), 0);
    expect(store.getState().order).toEqual([1, 2]);
    store.getState().applyEvent(event(1, 'tasks.added', { tasks: [task(3)] }), 0);
    store.getState().applyEvent(event(2, 'tasks.removed', { removed: [{ id: 1, fileDeleted: false }] }), 0);
    expect(store.getState().order).toEqual([2, 3]);
    expect([...store.getState().tasks.keys()].sort()).toEqual([2, 3]);
  });

  test('only a change that moves rows rebuilds them', () => {
    const store = createAppStore();
    let now = 0;
    const rows = createRowsSelector(() => now);
    store.getState().applySnapshot(snapshot(0, [task(1, { state: 'running' }), task(2)]), 0);
    const first = rows(store.getState());
    store.getState().applyEvent(event(1, 'tasks.changed', { tasks: [task(1, { state: 'running', doneBytes: 300 })] }), 0);
    store.getState().applyEvent(event(2, 'tasks.progress', { progress: [progress(1, 400)] }), 0);
    expect(rows(store.getState())).toBe(first);
    store.getState().sortBy('speed');
    const bySpeed = rows(store.getState());
    expect(bySpeed).not.toBe(first);
    now += liveResortMs;
    store.getState().applyEvent(event(3, 'tasks.progress', { progress: [progress(1, 500)] }), 0);
    expect(rows(store.getState())).not.toBe(bySpeed);
    store.getState().applyEvent(event(4, 'tasks.changed', { tasks: [task(2, { state: 'failed', reason: 'not_found' })] }), 0);
    store.getState().setFilter('failed');
    expect(rows(store.getState()).map((row) => row.key)).toEqual(['t2']);
  });

  test('sorted by speed, the rows trade places at most every two seconds, not with every progress batch', () => {
    const store = createAppStore();
    let now = 0;
    const rows = createRowsSelector(() => now);
    store.getState().applySnapshot(snapshot(0, [task(1, { state: 'running' }), task(2, { state: 'running' })], { progress: [progress(1, 10, 500), progress(2, 10, 400)] }), 0);
    store.getState().sortBy('speed');
    const order = () => rows(store.getState()).map((row) => row.key);
    const first = order();
    // Two downloads of about the same speed overtake each other four times a second: the list holds still meanwhile.
    for (let batch = 1; batch <= 7; batch += 1) {
      now += 250;
      const [fast, slow] = batch % 2 === 0 ? [1, 2] : [2, 1];
      store.getState().applyEvent(event(batch, 'tasks.progress', { progress: [progress(fast, 10 + batch, 600), progress(slow, 10 + batch, 300)] }), now);
      expect(order()).toEqual(first);
    }
    now += 250;
    store.getState().applyEvent(event(8, 'tasks.progress', { progress: [progress(2, 20, 900), progress(1, 20, 100)] }), now);
    expect(order()).toEqual([...first].reverse());
  });

  test('stats build a speed history of what was measured, five minutes long', () => {
    const store = createAppStore();
    store.getState().applySnapshot(snapshot(0, []), 0);
    for (let i = 1; i <= 400; i += 1) {
      store.getState().applyEvent(event(i, 'stats.changed', { speed: i, total: 0, byState: snapshot(0, []).stats.byState }), i * 1000);
    }
    const history = store.getState().speedHistory;
    expect(history.at(-1)).toEqual({ at: 400_000, speed: 400 });
    expect(history[0]?.at).toBe(100_000);
  });
});

describe('sequence numbers', () => {
  test('events the snapshot already reflects are skipped; a gap is reported', () => {
    const store = createAppStore();
    expect(store.getState().applyEvent(event(1, 'tasks.added', { tasks: [task(1)] }), 0)).toBe('stale');
    store.getState().applySnapshot(snapshot(5, [task(1)]), 0);
    expect(store.getState().applyEvent(event(5, 'tasks.removed', { removed: [{ id: 1, fileDeleted: false }] }), 0)).toBe('stale');
    expect(store.getState().tasks.has(1)).toBe(true);
    expect(store.getState().applyEvent(event(7, 'tasks.added', { tasks: [task(2)] }), 0)).toBe('gap');
    expect(store.getState().tasks.has(2)).toBe(false);
    expect(store.getState().seq).toBe(5);
  });

  test('groups follow their events and a removed group leaves the sidebar filter', () => {
    const store = createAppStore();
    store.getState().applySnapshot(snapshot(0, [task(1, { groupId: 4 })], { groups: [group(4)] }), 0);
    store.getState().setGroupFilter(4);
    store.getState().applyEvent(event(1, 'groups.settled', { group: group(4, { state: 'failed', byState: { failed: 1, completed: 1 } }), failedIds: [1] }), 0);
    expect(store.getState().groups.get(4)?.state).toBe('failed');
    expect(store.getState().toasts.at(-1)?.words).toEqual({ key: 'toast.groupFailed', params: { name: 'Group 4', count: 1 } });
    store.getState().applyEvent(event(2, 'groups.removed', { ids: [4] }), 0);
    expect(store.getState().groupFilter).toBe(null);
  });
});

describe('selection', () => {
  const keys = ['t5', 'g1', 't4', 't3', 't2'];

  test('click, Ctrl+click and Shift+click', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().select('g1', 'only', keys);
    s().select('t3', 'range', keys);
    expect([...s().selected]).toEqual(['g1', 't4', 't3']);
    s().select('t4', 'toggle', keys);
    expect([...s().selected].sort()).toEqual(['g1', 't3']);
    s().select('t2', 'toggle', keys);
    expect(s().selected.size).toBe(3);
    s().selectAll(keys);
    expect(s().selected.size).toBe(5);
    s().clearSelection();
    expect(s().selected.size).toBe(0);
  });

  test('arrows move, Shift+arrows extend from the anchor', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().moveFocus(1, keys, false);
    expect([...s().selected]).toEqual(['t5']);
    s().moveFocus(1, keys, true);
    s().moveFocus(1, keys, true);
    expect([...s().selected]).toEqual(['t5', 'g1', 't4']);
    s().moveFocus(-1, keys, true);
    expect([...s().selected]).toEqual(['t5', 'g1']);
    s().moveFocus(10, keys, false);
    expect(s().focused).toBe('t2');
  });

  test('open details follow a single selected download, not a group or a Ctrl+click', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().select('t5', 'only', keys);
    expect(s().detailsId).toBe(null);
    s().showDetails(5);
    s().select('t3', 'only', keys);
    expect(s().detailsId).toBe(3);
    s().moveFocus(1, keys, false);
    expect(s().detailsId).toBe(2);
    s().select('g1', 'only', keys);
    s().select('t4', 'toggle', keys);
    expect(s().detailsId).toBe(2);
  });

  test('a new snapshot keeps the selected rows it still has, tasks and groups, and drops the rest', () => {
    const store = createAppStore();
    store.getState().applySnapshot(snapshot(0, [task(1), task(2), task(3)], { groups: [group(1), group(2)] }), 0);
    store.getState().selectAll(['t1', 't2', 'g1', 'g2']);
    store.getState().applySnapshot(snapshot(5, [task(3), task(2)], { groups: [group(2)] }), 0);
    expect([...store.getState().selected].sort()).toEqual(['g2', 't2']);
    expect(store.getState().order).toEqual([2, 3]);
  });

  test('a removed task leaves the selection and the details', () => {
    const store = createAppStore();
    store.getState().applySnapshot(snapshot(0, [task(1), task(2)]), 0);
    store.getState().selectAll(['t1', 't2']);
    store.getState().showDetails(2);
    store.getState().applyEvent(event(1, 'tasks.removed', { removed: [{ id: 2, fileDeleted: true }] }), 0);
    expect([...store.getState().selected]).toEqual(['t1']);
    expect(store.getState().detailsId).toBe(null);
  });
});

describe('toasts', () => {
  test('the same words again replace the older toast; at most three show', () => {
    const store = createAppStore();
    store.getState().toast({ key: 'toast.added', params: { count: 1 } });
    store.getState().toast({ key: 'toast.added', params: { count: 1 } });
    expect(store.getState().toasts).toHaveLength(1);
    store.getState().toast({ key: 'toast.added', params: { count: 2 } });
    store.getState().toast({ key: 'toast.added', params: { count: 1 } }, 'error');
    store.getState().toast({ key: 'toast.copied' });
    expect(store.getState().toasts.map((toast) => [toast.words.params?.count, toast.tone])).toEqual([
      [2, 'info'],
      [1, 'error'],
      [undefined, 'info'],
    ]);
  });
});
