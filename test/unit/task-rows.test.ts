import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GroupView, TaskProgress, TaskView } from '../../app/contract/views.js';
import type { TaskState } from '../../app/domain/task-state.js';
import { allowedActions, toggleCommand } from '../../app/ui/task-actions.js';
import { buildRows, countTasks, type ListView } from '../../app/ui/task-rows.js';

function task(id: number, fields: Partial<TaskView> = {}): TaskView {
  return {
    id, groupId: null, url: `https://h.example/file-${id}.bin`, dir: '/tmp', fileName: `file-${id}.bin`, state: 'queued', reason: null, message: null, httpStatus: null,
    totalBytes: 1000, doneBytes: 0, checksum: null, speedLimit: null, connections: null, priority: 0, attempts: 0, nextAttemptAt: null,
    createdAt: id * 10, finishedAt: null, headerNames: [], ...fields,
  };
}

function group(id: number, count: number): GroupView {
  return { id, name: `Group ${id}`, createdAt: 25, settledAt: null, count, byState: { queued: count }, doneBytes: 0, totalBytes: 1000 * count, state: 'active' };
}

const view: ListView = { filter: 'all', groupId: null, search: '', sortKey: 'added', direction: 'descending', expanded: new Set() };

function source(tasks: TaskView[], groups: GroupView[] = [], progress: TaskProgress[] = []) {
  return {
    tasks: new Map(tasks.map((t) => [t.id, t])),
    order: tasks.map((t) => t.id),
    groups: new Map(groups.map((g) => [g.id, g])),
    progress: new Map(progress.map((p) => [p.id, p])),
  };
}

describe('buildRows', () => {
  const tasks = [task(1), task(2, { groupId: 9 }), task(3, { groupId: 9, state: 'failed' }), task(4, { state: 'running', fileName: 'Alpha.iso' })];
  const data = source(tasks, [group(9, 2)], [{ id: 4, bytes: 900, totalBytes: 1000, speed: 50, etaSeconds: 2, connections: 1 }]);

  test('newest first, a collapsed group as one row', () => {
    assert.deepEqual(buildRows(data, view).map((row) => row.key), ['t4', 'g9', 't1']);
  });

  test('an expanded group lists its members under it, with their place in the set', () => {
    const rows = buildRows(data, { ...view, expanded: new Set([9]) });
    assert.deepEqual(rows.map((row) => [row.key, row.level]), [['t4', 1], ['g9', 1], ['t3', 2], ['t2', 2], ['t1', 1]]);
    assert.deepEqual(rows[2], { kind: 'task', key: 't3', id: 3, level: 2, posinset: 1, setsize: 2 });
    assert.equal(countTasks(rows), 4);
    assert.equal(countTasks(buildRows(data, view)), 4);
  });

  test('a filter keeps a group only for its matching members', () => {
    assert.deepEqual(buildRows(data, { ...view, filter: 'failed', expanded: new Set([9]) }).map((row) => row.key), ['g9', 't3']);
    assert.deepEqual(buildRows(data, { ...view, filter: 'completed' }), []);
  });

  test('search looks at names and addresses', () => {
    assert.deepEqual(buildRows(data, { ...view, search: 'alpha' }).map((row) => row.key), ['t4']);
    assert.deepEqual(buildRows(data, { ...view, search: 'file-1.' }).map((row) => row.key), ['t1']);
  });

  test("search finds a group by its name, with its members, as the list shows the group's name", () => {
    assert.deepEqual(buildRows(data, { ...view, search: 'group 9', expanded: new Set([9]) }).map((row) => row.key), ['g9', 't3', 't2']);
    assert.deepEqual(buildRows(data, { ...view, search: 'group 9', filter: 'failed', expanded: new Set([9]) }).map((row) => row.key), ['g9', 't3'], 'the filter still applies');
    assert.deepEqual(buildRows(data, { ...view, search: 'group 8' }), []);
  });

  test('links added in one go (the same millisecond, as a real clock gives it) are newest first with Newest first and oldest first with Oldest first', () => {
    const at = 1_796_234_537_706;
    const batch = source([task(26, { createdAt: at }), task(27, { createdAt: at }), task(28, { createdAt: at })]);
    assert.deepEqual(buildRows(batch, view).map((row) => row.key), ['t28', 't27', 't26']);
    assert.deepEqual(buildRows(batch, { ...view, direction: 'ascending' }).map((row) => row.key), ['t26', 't27', 't28']);
  });

  test('sorts by name and by live progress', () => {
    assert.deepEqual(buildRows(data, { ...view, sortKey: 'name', direction: 'ascending' }).map((row) => row.key), ['t4', 't1', 'g9']);
    assert.equal(buildRows(data, { ...view, sortKey: 'progress', direction: 'descending' })[0]?.key, 't4');
  });

  test('one group chosen in the sidebar shows its members flat', () => {
    assert.deepEqual(buildRows(data, { ...view, groupId: 9 }).map((row) => [row.key, row.level]), [['t3', 1], ['t2', 1]]);
  });

  test('10,000 tasks are ordered in a fraction of a second', () => {
    const many = source(Array.from({ length: 10_000 }, (_, index) => task(index + 1, { state: index % 7 === 0 ? 'running' : 'queued' })));
    buildRows(many, view);
    const started = performance.now();
    const rows = buildRows(many, { ...view, sortKey: 'name', direction: 'ascending' });
    const elapsed = performance.now() - started;
    assert.equal(rows.length, 10_000);
    assert.ok(elapsed < 400, `took ${elapsed} ms`);
  });
});

describe('task actions', () => {
  test('each state offers only what the service accepts', () => {
    const offered = (state: TaskState) => allowedActions(state, { opensFiles: true }).join(' ');
    assert.equal(offered('running'), 'reveal pause cancel copyUrl details remove removeWithFile');
    assert.equal(offered('failed'), 'reveal retry cancel copyUrl refreshUrl details remove removeWithFile');
    assert.equal(offered('completed'), 'open reveal copyUrl details remove removeWithFile');
    assert.equal(offered('paused'), 'reveal resume cancel copyUrl refreshUrl details remove removeWithFile');
  });

  test('a browser tab is offered no file or folder to open: the service would refuse it', () => {
    assert.equal(allowedActions('completed', { opensFiles: false }).join(' '), 'copyUrl details remove removeWithFile');
    assert.equal(allowedActions('running', { opensFiles: false }).join(' '), 'pause cancel copyUrl details remove removeWithFile');
  });

  test('space pauses when anything moves, else resumes', () => {
    assert.equal(toggleCommand(['completed', 'running']), 'pause');
    assert.equal(toggleCommand(['paused', 'failed']), 'resume');
    assert.equal(toggleCommand(['completed']), null);
  });
});

describe('setting fields', async () => {
  const { settingFields } = await import('../../app/ui/setting-fields.js');
  const { en } = await import('../../app/ui/catalogue-en.js');

  test('every setting has a way to be edited and words in the catalogue', () => {
    const fields = settingFields();
    assert.ok(fields.length >= 6);
    for (const field of fields) {
      const words = (en.settingField as Record<string, { label: string } | undefined>)[field.key];
      assert.ok(words !== undefined && words.label !== '', `no words for the setting ${field.key}`);
    }
    assert.deepEqual(fields.find((field) => field.key === 'maxConcurrent'), { key: 'maxConcurrent', kind: 'number', min: 1, max: 32 });
    assert.deepEqual(fields.find((field) => field.key === 'speedLimit'), { key: 'speedLimit', kind: 'speed' });
  });
});
