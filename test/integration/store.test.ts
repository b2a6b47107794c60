import assert from 'node:assert/strict';
import { defaultSettings } from '../../app/domain/default-settings.js';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { migrations } from '../../main/store/migrations.js';
import { openDatabase, StoreError } from '../../main/store/open-database.js';
import { InvalidSettingsError, SettingsStore } from '../../main/store/settings-store.js';
import { TaskStore } from '../../main/store/task-store.js';
import { rowFromValues, taskFromRow, taskRowColumns, type TaskRow, type TaskRowValues } from '../../main/store/task-row.js';
import { makeSandbox, type Sandbox } from './engine-harness.js';

let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(() => box.remove());

describe('migrations', () => {
  test('1: a new database gets every table, in WAL mode, at the latest version', () => {
    const file = path.join(box.aside, 'new.db');
    const db = openDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all().map((row) => row.name);
    assert.deepEqual(tables, ['groups', 'segments', 'settings', 'tasks']);
    db.close();
  });

  test('1: rejects a state outside the state table', () => {
    const db = openDatabase(path.join(box.aside, 'check.db'));
    assert.throws(
      () => db.prepare(`INSERT INTO tasks (url, current_url, host, dir, state, position, created_at) VALUES ('u', 'u', 'h', '/d', 'exploded', 1, 0)`).run(),
      /CHECK constraint failed/,
    );
    db.close();
  });

  test('opening again keeps the data and applies nothing twice', () => {
    const file = path.join(box.aside, 'again.db');
    const first = openDatabase(file);
    new TaskStore(first).insertMany([{ url: 'http://127.0.0.1/a', dir: '/tmp' }]);
    first.close();
    const second = openDatabase(file);
    assert.equal(new TaskStore(second).list().length, 1);
    second.close();
  });

  test('a database from a newer Peregrine is refused, not downgraded', () => {
    const file = path.join(box.aside, 'future.db');
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    assert.throws(() => openDatabase(file), (error: unknown) => error instanceof StoreError && /newer Peregrine/.test(error.message));
  });

  test('a locked database is a clear error after waiting, not a crash or an empty queue', () => {
    const file = path.join(box.aside, 'locked.db');
    openDatabase(file).close();
    const holder = new Database(file);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    const started = Date.now();
    assert.throws(() => openDatabase(file, { busyTimeoutMs: 200 }), (error: unknown) => error instanceof StoreError && /locked|busy/i.test(error.message));
    assert.ok(Date.now() - started >= 150, 'it waited for the lock first');
    holder.exec('ROLLBACK');
    holder.close();
  });
});

describe('migration 2: owner and lease', () => {
  test('a database from before it keeps its tasks and segments, nobody owns them, and a claim can be recorded', () => {
    const file = path.join(box.aside, 'v1.db');
    const raw = new Database(file);
    raw.exec(migrations[0] ?? '');
    raw.pragma('user_version = 1');
    raw.prepare(`INSERT INTO tasks (url, current_url, host, dir, file_name, state, total_bytes, durable_bytes, etag, position, created_at) VALUES ('http://h/a', 'http://h/a', 'h', '/d', 'a.bin', 'paused', 1000, 400, '"v1"', 1, 0)`).run();
    raw.prepare('INSERT INTO segments (task_id, start, end, durable_end) VALUES (1, 0, 499, 200), (1, 500, 999, 700)').run();
    raw.close();

    const db = openDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
    const row = db.prepare<[], { file_name: string; state: string; durable_bytes: number; etag: string; owner: string | null; lease_until: number | null }>('SELECT * FROM tasks').get();
    assert.deepEqual(
      { ...row },
      { ...row, file_name: 'a.bin', state: 'paused', durable_bytes: 400, etag: '"v1"', owner: null, lease_until: null },
    );
    assert.deepEqual(db.prepare('SELECT start, durable_end FROM segments ORDER BY start').all(), [
      { start: 0, durable_end: 200 },
      { start: 500, durable_end: 700 },
    ]);
    db.prepare(`UPDATE tasks SET owner = 'pid:42', lease_until = 99`).run();
    assert.deepEqual(db.prepare('SELECT owner, lease_until FROM tasks').get(), { owner: 'pid:42', lease_until: 99 });
    const tasks = new TaskStore(db);
    assert.equal(tasks.list()[0]?.state, 'paused');
    db.close();
  });
});

describe('migration 3: on_exists', () => {
  test('tasks recorded before it get "rename"; a policy outside the set is refused', () => {
    const file = path.join(box.aside, 'v2.db');
    const raw = new Database(file);
    for (const step of migrations.slice(0, 2)) raw.exec(step);
    raw.pragma('user_version = 2');
    raw.prepare(`INSERT INTO tasks (url, current_url, host, dir, state, position, created_at) VALUES ('http://h/a', 'http://h/a', 'h', '/d', 'paused', 1, 0)`).run();
    raw.close();
    const db = openDatabase(file);
    const tasks = new TaskStore(db);
    assert.equal(tasks.list()[0]?.onExists, 'rename');
    const [added] = tasks.insertMany([{ url: 'http://h/b', dir: '/d', onExists: 'continue' }]);
    assert.equal(added?.onExists, 'continue');
    assert.equal(tasks.setOnExists(added?.id ?? 0, 'skip').onExists, 'skip');
    assert.throws(() => db.prepare(`UPDATE tasks SET on_exists = 'explode'`).run(), /CHECK constraint failed/);
    db.close();
  });
});

describe('the step after http_status: a canceled task keeps no bytes', () => {
  test('canceled rows recorded before it lose the bytes and ranges of the partial file canceling deleted; other rows keep theirs', () => {
    const file = path.join(box.aside, 'before-canceled-bytes.db');
    const raw = new Database(file);
    for (const step of migrations.slice(0, 4)) raw.exec(step);
    raw.pragma('user_version = 4');
    const insert = raw.prepare(`INSERT INTO tasks (url, current_url, host, dir, file_name, state, total_bytes, durable_bytes, position, created_at) VALUES (?, ?, 'h', '/d', ?, ?, 1000, 700, 1, 0)`);
    insert.run('http://h/a', 'http://h/a', 'a.bin', 'canceled');
    insert.run('http://h/b', 'http://h/b', 'b.bin', 'paused');
    raw.prepare('INSERT INTO segments (task_id, start, end, durable_end) VALUES (1, 0, 499, 300), (1, 500, 999, 900), (2, 0, 499, 300), (2, 500, 999, 900)').run();
    raw.close();
    const tasks = new TaskStore(openDatabase(file));
    assert.deepEqual(
      tasks.list().map((task) => [task.state, task.doneBytes, task.totalBytes]),
      [
        ['canceled', 0, 1000],
        ['paused', 700, 1000],
      ],
    );
    assert.equal(tasks.transferState(1).segments, undefined);
    assert.equal(tasks.transferState(2).segments?.length, 2);
  });
});

describe('canceling', () => {
  test('a task canceled (from any state that allows it) keeps no bytes or ranges: its partial file is deleted', () => {
    const db = openDatabase(path.join(box.aside, 'cancel.db'));
    const tasks = new TaskStore(db);
    const [first, second] = tasks.insertMany([
      { url: 'http://h/a', dir: '/d' },
      { url: 'http://h/b', dir: '/d' },
    ]);
    const state = { url: 'http://h/a', fileName: 'a.bin', totalBytes: 1000, durableBytes: 700, validator: { etag: '"e"' }, segments: [{ start: 0, end: 500, durableEnd: 300 }, { start: 500, end: 1000, durableEnd: 900 }] };
    for (const task of [first, second]) tasks.saveTransferState(task?.id ?? 0, state, null);
    tasks.transition(first?.id ?? 0, 'paused');
    const canceled = tasks.transition(first?.id ?? 0, 'canceled');
    assert.deepEqual([canceled.doneBytes, canceled.totalBytes], [0, 1000], 'the answer to the change');
    assert.deepEqual([tasks.transferState(first?.id ?? 0).durableBytes, tasks.transferState(first?.id ?? 0).segments], [0, undefined]);
    tasks.transition(second?.id ?? 0, 'running');
    assert.equal(tasks.transitionFrom(second?.id ?? 0, 'running', 'canceled')?.doneBytes, 0, 'a running task stopped as canceled');
    assert.equal(tasks.transferState(second?.id ?? 0).segments, undefined);
    db.close();
  });
});

describe('migration 5: http_status', () => {
  test('tasks recorded before it keep their rows with no status; a failure records one and the next transition clears it', () => {
    const file = path.join(box.aside, 'v4.db');
    const raw = new Database(file);
    for (const step of migrations.slice(0, 4)) raw.exec(step);
    raw.pragma('user_version = 4');
    raw.prepare(`INSERT INTO tasks (url, current_url, host, dir, state, reason, message, position, created_at) VALUES ('http://h/a', 'http://h/a', 'h', '/d', 'failed', 'not_found', 'HTTP 404', 1, 0)`).run();
    raw.close();
    const db = openDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
    const tasks = new TaskStore(db);
    const [old] = tasks.list();
    assert.deepEqual([old?.state, old?.reason, old?.message, old?.httpStatus], ['failed', 'not_found', 'HTTP 404', null]);
    const [added] = tasks.insertMany([{ url: 'http://h/b', dir: '/d' }]);
    const id = added?.id ?? 0;
    tasks.transition(id, 'running');
    assert.equal(tasks.transition(id, 'retrying', { reason: 'server_busy', httpStatus: 503, nextAttemptAt: 5 }).httpStatus, 503);
    assert.equal(tasks.transition(id, 'queued').httpStatus, null);
    assert.throws(() => db.prepare('UPDATE tasks SET http_status = 42').run(), /CHECK constraint failed/);
    db.close();
  });
});

describe('the step after canceled bytes: indexes on the rows each lookup wants', () => {
  const planOf = (db: Database.Database, sql: string): string => JSON.stringify(db.prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all().map((row) => row.detail));

  test('a database from before it keeps its tasks; the queue, the retries and the running tasks are each found through their own index, not a scan', () => {
    const file = path.join(box.aside, 'v5.db');
    const raw = new Database(file);
    for (const step of migrations.slice(0, 5)) raw.exec(step);
    raw.pragma('user_version = 5');
    const insert = raw.prepare(`INSERT INTO tasks (url, current_url, host, dir, state, owner, next_attempt_at, position, created_at) VALUES (?, ?, 'h', '/d', ?, ?, ?, ?, 0)`);
    insert.run('http://h/a', 'http://h/a', 'queued', null, null, 2);
    insert.run('http://h/b', 'http://h/b', 'running', 'pid:7', null, 1);
    insert.run('http://h/c', 'http://h/c', 'retrying', null, 50, 3);
    insert.run('http://h/d', 'http://h/d', 'queued', null, null, 0);
    raw.close();

    const db = openDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
    const tasks = new TaskStore(db);
    assert.deepEqual(tasks.nextQueued(8).map((task) => task.currentUrl), ['http://h/d', 'http://h/a']);
    assert.deepEqual(tasks.listInState('running').map((task) => task.url), ['http://h/b']);
    assert.deepEqual(tasks.dueRetries(60).map((task) => task.url), ['http://h/c']);
    assert.equal(tasks.nextRetryAt(), 50);
    assert.deepEqual(tasks.renewLeases('pid:7', 99), [2]);
    tasks.releaseLeases('pid:7');
    assert.equal(tasks.leaseOf(2), undefined);

    assert.match(planOf(db, "SELECT id FROM tasks WHERE state = 'queued' ORDER BY priority DESC, position, id LIMIT 8"), /USING (COVERING )?INDEX tasks_queued_in_order/);
    assert.doesNotMatch(planOf(db, "SELECT id FROM tasks WHERE state = 'queued' ORDER BY priority DESC, position, id LIMIT 8"), /TEMP B-TREE/);
    assert.match(planOf(db, "SELECT * FROM tasks WHERE state = 'retrying' AND next_attempt_at <= 5 ORDER BY next_attempt_at"), /USING INDEX tasks_retrying_by_time/);
    assert.match(planOf(db, "SELECT * FROM tasks WHERE state = 'running' ORDER BY id"), /USING (COVERING )?INDEX tasks_running/);
    assert.match(planOf(db, "UPDATE tasks SET lease_until = 1 WHERE owner = 'x' AND state = 'running'"), /USING (COVERING )?INDEX tasks_running/);
    db.close();
  });
});

describe('tasks', () => {
  test('ten thousand tasks are added in one transaction, in order', () => {
    const db = openDatabase(path.join(box.aside, 'many.db'));
    const store = new TaskStore(db);
    const tasks = store.insertMany(Array.from({ length: 10_000 }, (_, i) => ({ url: `http://127.0.0.1/f${i}`, dir: '/tmp' })));
    assert.equal(tasks.length, 10_000);
    assert.deepEqual(store.nextQueued(3).map((task) => task.currentUrl), ['http://127.0.0.1/f0', 'http://127.0.0.1/f1', 'http://127.0.0.1/f2']);
    const plan = db.prepare<[], { detail: string }>("EXPLAIN QUERY PLAN SELECT * FROM tasks WHERE state = 'queued' ORDER BY priority DESC, position, id LIMIT 8").all();
    assert.ok(plan.some((row) => /USING INDEX tasks_queued_in_order/.test(row.detail)), JSON.stringify(plan));
    assert.ok(!plan.some((row) => /TEMP B-TREE/.test(row.detail)), 'no sort of the whole table');
    db.close();
  });
  test('the tasks insertMany returns are the rows as a read gives them, in order, whatever differs between them', () => {
    const db = openDatabase(path.join(box.aside, 'returned.db'));
    const store = new TaskStore(db, () => 5_000);
    const [first] = store.insertMany([{ url: 'http://h/first', dir: '/d' }]);
    // A task moved between two others sits at a fractional position: new ones still go after the last.
    store.placeBefore(store.insertMany([{ url: 'http://h/moved', dir: '/d' }])[0]?.id ?? 0, first?.id ?? 0);
    const headers = { Cookie: 'a=1' };
    const requests = [
      { url: 'http://h/1', dir: '/d' },
      { url: 'http://h/2', dir: '/d' },
      { url: 'http://other:8080/3', dir: '/e', requestedName: 'three.bin', headers, checksum: `sha256=${'b'.repeat(64)}` },
      { url: 'http://h/4', dir: '/e', headers, priority: 2, onExists: 'overwrite' as const, connections: 3, speedLimit: 1_000 },
      { url: 'http://h/5', dir: '/d' },
    ];
    const added = store.insertMany(requests, null, 'paused');
    assert.deepEqual(
      added.map((task) => task.url),
      requests.map((request) => request.url),
    );
    assert.deepEqual(added, added.map((task) => store.get(task.id)), 'each as it was recorded');
    assert.deepEqual(
      added.map((task) => [task.state, task.reason]),
      requests.map(() => ['paused', 'by_user']),
    );
    const queuedAfter = store.insertMany([{ url: 'http://h/6', dir: '/d' }]);
    assert.deepEqual(queuedAfter, queuedAfter.map((task) => store.get(task.id)));
    const order = db.prepare<[], { url: string }>('SELECT url FROM tasks ORDER BY position').all().map((row) => row.url);
    assert.deepEqual(order, ['http://h/moved', 'http://h/first', ...requests.map((request) => request.url), 'http://h/6']);
    db.close();
  });
  test('rows read as arrays (taskRowColumns) are the rows SELECT * gives, every column of the table', () => {
    const db = openDatabase(path.join(box.aside, 'raw.db'));
    const store = new TaskStore(db, () => 7_000);
    const [task] = store.insertMany([{ url: 'http://h/a', dir: '/d', requestedName: 'a.bin', headers: { Cookie: 'c=1' }, checksum: `sha256=${'c'.repeat(64)}`, connections: 2, speedLimit: 10 }]);
    const id = task?.id ?? 0;
    store.claim(id, { owner: 'me', until: 9_000 });
    store.saveTransferState(id, { url: 'http://h/b', fileName: 'a.bin', totalBytes: 10, durableBytes: 4, validator: { etag: '"e"', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT' } }, 'me');
    store.transitionFrom(id, 'running', 'retrying', { reason: 'server_error', message: 'HTTP 503', httpStatus: 503, nextAttemptAt: 8_000, attempts: 1 }, 'me');
    const columns = db.prepare<[], { name: string }>('SELECT name FROM pragma_table_info(\'tasks\')').all().map((row) => row.name);
    assert.deepEqual([...taskRowColumns.split(', ')].sort(), [...columns].sort(), 'every column, once');
    const objectRow = db.prepare<[number], TaskRow>('SELECT * FROM tasks WHERE id = ?').get(id);
    const values = db.prepare<[number], TaskRowValues>(`SELECT ${taskRowColumns} FROM tasks WHERE id = ?`).raw(true).get(id);
    assert.ok(objectRow !== undefined && values !== undefined);
    assert.deepEqual(rowFromValues(values), objectRow);
    assert.equal(objectRow.http_status, 503);
    assert.deepEqual(store.get(id), taskFromRow(objectRow));
    db.close();
  });
});

describe('settings', () => {
  test('start from the defaults, keep what the user sets, refuse what is malformed', () => {
    const file = path.join(box.aside, 'settings.db');
    const db = openDatabase(file);
    const settings = new SettingsStore(db);
    assert.deepEqual(settings.get(), defaultSettings);
    assert.equal(settings.set({ maxConcurrent: 8 }).maxConcurrent, 8);
    assert.throws(() => settings.set({ maxConcurrent: 0 }), (error: unknown) => error instanceof InvalidSettingsError && /maxConcurrent/.test(error.message));
    assert.throws(() => settings.set({ maxConcurrent: 'lots' }), InvalidSettingsError);
    assert.throws(() => settings.set({ maxConcurent: 4 }), /Unrecognized key/);
    assert.throws(() => settings.set({ retries: 2, maxPerHost: -1 }), InvalidSettingsError);
    assert.equal(settings.get().retries, 5, 'a refused change changes nothing');
    db.close();
    const reopened = openDatabase(file);
    reopened.prepare("INSERT INTO settings (key, value) VALUES ('retries', '\"many\"')").run();
    assert.deepEqual(new SettingsStore(reopened).get(), { ...defaultSettings, maxConcurrent: 8 }, 'a damaged value falls back to its default');
    reopened.close();
  });
});
