import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { EventMessage } from '../../app/contract/messages.js';
import type { GroupView, Snapshot, TaskView } from '../../app/contract/views.js';
import { systemClock, type Clock } from '../../main/engine/clock.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { box, server } from './fixture-suite.js';
import { reopenRig, rig, useServiceSuite } from './service-suite.js';
import { seededRandom } from '../fixtures/seeded-random.js';

useServiceSuite();

let keys = 0;
const key = (): string => `s${(keys += 1)}`;
const drip = (name: string, size = 300_000): string => server.url(`/drip?size=${size}&chunk=10000&every=20&name=${name}&key=${key()}`);
const rowCount = (): number => rig.service.tasks.list().length;

describe('the contract rejects malformed input, and nothing changes', () => {
  const cases: [string, string, unknown][] = [
    ['an unknown method', 'tasks.explode', {}],
    ['a string where urls are expected', 'tasks.add', { urls: 'http://127.0.0.1/a' }],
    ['no urls at all', 'tasks.add', { urls: [] }],
    ['10,001 URLs', 'tasks.add', { urls: Array.from({ length: 10_001 }, (_, i) => `http://127.0.0.1/${i}`) }],
    ['a 9 KiB URL', 'tasks.add', { urls: [`http://127.0.0.1/${'a'.repeat(9 * 1024)}`] }],
    ['a file: URL', 'tasks.add', { urls: ['file:///etc/passwd'] }],
    ['a javascript: URL', 'tasks.add', { urls: ['javascript:alert(1)'] }],
    ['an extra field', 'tasks.add', { urls: ['http://127.0.0.1/a'], evil: true }],
    ['a relative folder', 'tasks.add', { urls: ['http://127.0.0.1/a'], dir: '../elsewhere' }],
    ['a file name for two URLs', 'tasks.add', { urls: ['http://127.0.0.1/a', 'http://127.0.0.1/b'], fileName: 'x' }],
    ['a header with a line break', 'tasks.add', { urls: ['http://127.0.0.1/a'], headers: { 'x-a': 'b\r\nx-evil: 1' } }],
    ['a path where an id is expected', 'tasks.pause', { ids: ['/etc/passwd'] }],
    ['a negative id', 'tasks.details', { id: -1 }],
    ['a fractional id', 'tasks.open', { id: 1.5 }],
    ['a null input', 'tasks.remove', null],
    ['an unknown setting', 'settings.set', { maxConcurrent: 2, colour: 'red' }],
    ['a setting out of range', 'settings.set', { maxConcurrent: 0 }],
  ];
  for (const [what, method, input] of cases) {
    test(what, async () => {
      const settings = rig.service.settings.get();
      const reply = await rig.service.dispatch(method, input);
      assert.equal(reply.ok, false);
      assert.equal(reply.ok ? undefined : reply.error.code, 'invalid_input');
      assert.ok(!reply.ok && reply.error.message.length > 0 && !reply.error.message.includes('    at '), 'a message, never a stack');
      assert.equal(rowCount(), 0);
      assert.deepEqual(rig.service.settings.get(), settings);
    });
  }

  test('a bad line among good ones is reported, the rest are added', async () => {
    const reply = await rig.service.dispatch('tasks.add', { urls: [drip('good'), 'ftp://127.0.0.1/x', 'not a url'], startPaused: true });
    assert.ok(reply.ok);
    const result = reply.result as { ids: number[]; rejected: { url: string; code: string }[] };
    assert.equal(result.ids.length, 1);
    assert.deepEqual(
      result.rejected.map((rejection) => [rejection.url, rejection.code]),
      [
        ['ftp://127.0.0.1/x', 'bad_url'],
        ['not a url', 'bad_url'],
      ],
    );
    assert.equal(rowCount(), 1);
  });

  test('an unknown task id is not_found; a command that does not apply is refused with its refusal code and the state', async () => {
    const details = await rig.service.dispatch('tasks.details', { id: 999 });
    assert.equal(details.ok ? undefined : details.error.code, 'not_found');
    const { ids } = await rig.service.call('tasks.add', { urls: [server.url(`/file?size=1000&key=${key()}`)] });
    const id = ids[0] ?? 0;
    rig.service.start();
    await rig.waitForTask(id, (task) => task.state === 'completed');
    const paused = await rig.service.call('tasks.pause', { ids: [id] });
    assert.deepEqual(paused.refused.map((refusal) => [refusal.code, refusal.refusal, refusal.state]), [['refused', 'complete', 'completed']]);
  });
});

describe('events follow the committed state', () => {
  test('add → added → progress batches → completed, with the right bytes on disk', async () => {
    const size = 400_000;
    const seenInHandler: string[] = [];
    rig.service.onEvent((message) => {
      // A listener reading the database inside its handler sees what the event says.
      if (message.event === 'tasks.changed') {
        for (const task of (message.payload as { tasks: TaskView[] }).tasks) seenInHandler.push(`${task.state}=${rig.service.tasks.get(task.id)?.state}`);
      }
    });
    rig.service.start();
    const { ids } = await rig.service.call('tasks.add', { urls: [drip('whole.bin', size)] });
    const id = ids[0] ?? 0;
    await rig.waitFor((message) => message.event === 'tasks.added');
    const done = await rig.waitForTask(id, (task) => task.state === 'completed');
    assert.equal(done.doneBytes, size);
    assert.equal(await sha256File(path.join(box.dir, 'whole.bin')), sha256(makePayload(size, 1)));
    const batches = rig.events.filter((message) => message.event === 'tasks.progress');
    assert.ok(batches.length >= 2, `several progress batches, got ${batches.length}`);
    const bytes = batches.flatMap((message) => (message.event === 'tasks.progress' ? message.payload.progress.map((row) => row.bytes) : []));
    assert.deepEqual(bytes, [...bytes].sort((a, b) => a - b), 'progress only moves forward');
    for (const seen of seenInHandler) {
      const [event, stored] = seen.split('=');
      assert.equal(stored, event, 'the row read in the handler is the committed one');
    }
    const seqs = rig.events.map((message) => message.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => (seqs[0] ?? 0) + i), 'sequence numbers without gaps');
  });

  test('progress batches come at most four times a second and stop when nothing runs', async () => {
    // Timed when the service's timer fires, which sends the batch at once: the gap the service keeps. Timed
    // in the listener instead, a moment the process spends descheduled after one batch shows as a shorter gap
    // to the next (241–244 ms seen at load 4–6).
    let timerFiredAt = 0;
    const clock: Clock = {
      ...systemClock,
      setTimer: (ms, callback) =>
        systemClock.setTimer(ms, () => {
          timerFiredAt = performance.now();
          callback();
        }),
    };
    await reopenRig(undefined, { clock });
    const times: number[] = [];
    rig.service.onEvent((message) => {
      if (message.event === 'tasks.progress') times.push(timerFiredAt);
    });
    rig.service.start();
    const { ids } = await rig.service.call('tasks.add', { urls: [drip('slow.bin', 1_000_000)] });
    await rig.waitForTask(ids[0] ?? 0, (task) => task.state === 'completed');
    assert.ok(times.length >= 2, `several batches, got ${times.length}`);
    const gaps = times.slice(1).map((time, i) => time - (times[i] ?? 0));
    assert.ok(Math.min(...gaps) >= 245, `batches at least 250 ms apart (the clock in ms against performance.now), got ${Math.min(...gaps)} ms`);
    // A last batch may report the speed falling to zero (late, on a loaded machine); after that, nothing.
    const quietAfter = Date.now() + 5_000;
    let seen = -1;
    while (rig.events.length !== seen && Date.now() < quietAfter) {
      seen = rig.events.length;
      await new Promise((resolve) => setTimeout(resolve, 600));
    }
    const before = rig.events.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(rig.events.length, before, 'silent with nothing running');
  });
});

describe('counts by state', () => {
  test('the last stats.changed agrees with the database after downloads, a pause, a resume and a removal, with no snapshot between', async () => {
    // One task in the database before the service starts: its first move is one the service has not seen.
    const old = await rig.service.call('tasks.add', { urls: [drip('old.bin', 20_000)], startPaused: true });
    await reopenRig();
    rig.service.start();
    const counts = (): unknown => rig.events.filter((message) => message.event === 'stats.changed').at(-1)?.payload;
    const { ids } = await rig.service.call('tasks.add', { urls: Array.from({ length: 12 }, (_, i) => drip(`c${i}.bin`, 20_000)) });
    await rig.service.call('tasks.pause', { ids: [ids[0] ?? 0] });
    for (const id of ids.slice(1)) await rig.waitForTask(id, (task) => task.state === 'completed');
    await rig.service.call('tasks.resume', { ids: [old.ids[0] ?? 0] });
    await rig.waitForTask(old.ids[0] ?? 0, (task) => task.state === 'completed');
    await rig.service.call('tasks.remove', { ids: [ids[1] ?? 0], deleteFile: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const truth = rig.service.stats().byState;
    assert.deepEqual((counts() as { byState: unknown } | undefined)?.byState, truth);
    assert.equal(truth.completed, 11, 'ten of the twelve and the old one completed, one removed');
    assert.equal(truth.paused + truth.completed, 12, 'every task either paused or completed');
  });
});

/** A client that knows only a snapshot and the events after it. */
class EventModel {
  seq: number;
  readonly tasks = new Map<number, TaskView>();
  readonly groups = new Map<number, GroupView>();
  settings: unknown;
  byState: unknown;

  constructor(snapshot: Snapshot) {
    this.seq = snapshot.seq;
    for (const task of snapshot.tasks) this.tasks.set(task.id, task);
    for (const group of snapshot.groups) this.groups.set(group.id, group);
    this.settings = snapshot.settings;
    this.byState = snapshot.stats.byState;
  }

  apply(message: EventMessage): void {
    if (message.seq <= this.seq) return;
    assert.equal(message.seq, this.seq + 1, 'no gap');
    this.seq = message.seq;
    switch (message.event) {
      case 'tasks.added':
      case 'tasks.changed':
        for (const task of message.payload.tasks) this.tasks.set(task.id, task);
        return;
      case 'tasks.removed':
        for (const { id } of message.payload.removed) this.tasks.delete(id);
        return;
      case 'groups.changed':
        for (const group of message.payload.groups) this.groups.set(group.id, group);
        return;
      case 'groups.removed':
        for (const id of message.payload.ids) this.groups.delete(id);
        return;
      case 'settings.changed':
        this.settings = message.payload;
        return;
      case 'stats.changed':
        this.byState = message.payload.byState;
        return;
      case 'tasks.progress':
      case 'groups.settled':
      case 'notice':
        return;
    }
  }
}

/** Durable bytes of a running task move with checkpoints; live numbers travel in progress batches. */
function comparable(task: TaskView): TaskView {
  return task.state === 'running' ? { ...task, doneBytes: -1 } : task;
}

/** Likewise for a group's sum while any member runs. */
function comparableGroup(group: GroupView): GroupView {
  return (group.byState.running ?? 0) > 0 ? { ...group, doneBytes: -1 } : group;
}

test('a client built from a snapshot and the events stays true through random commands', async () => {
  const seed = Number(process.env.PEREGRINE_SEED ?? Date.now() % 100_000);
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  rig.service.start();
  const model = new EventModel(rig.service.snapshot());
  rig.service.onEvent((message) => model.apply(message));
  const steps = 40;
  try {
    for (let step = 0; step < steps; step += 1) {
      const ids = rig.service.tasks.list().map((task) => task.id);
      const op = Math.floor(random() * 9);
      switch (op) {
        case 0:
        case 1:
          await rig.service.call('tasks.add', { urls: [drip(`r${step}.bin`, 100_000 + Math.floor(random() * 200_000))] });
          break;
        case 2:
          await rig.service.call('tasks.add', { urls: [server.url(`/status/404?key=${key()}`), server.url(`/file?size=5000&key=${key()}`)], group: `g${step}` });
          break;
        case 3:
          if (ids.length > 0) await rig.service.call('tasks.pause', { ids: [pick(ids) ?? 0] });
          break;
        case 4:
          if (ids.length > 0) await rig.service.call('tasks.resume', { ids: [pick(ids) ?? 0] });
          break;
        case 5:
          if (ids.length > 0) await rig.service.call('tasks.cancel', { ids: [pick(ids) ?? 0] });
          break;
        case 6:
          if (ids.length > 0) await rig.service.call('tasks.remove', { ids: [pick(ids) ?? 0], deleteFile: random() < 0.5 });
          break;
        case 7:
          await rig.service.call('settings.set', { maxConcurrent: 1 + Math.floor(random() * 3) });
          break;
        case 8:
          // Transfers finish and fail on their own meanwhile.
          await new Promise((resolve) => setTimeout(resolve, 20 + random() * 150));
          break;
      }
      const fresh = rig.service.snapshot();
      assert.equal(model.seq, fresh.seq);
      assert.deepEqual(
        [...model.tasks.values()].map(comparable).sort((a, b) => a.id - b.id),
        fresh.tasks.map(comparable),
        `tasks after step ${step}`,
      );
      assert.deepEqual([...model.groups.values()].map(comparableGroup).sort((a, b) => a.id - b.id), fresh.groups.map(comparableGroup), `groups after step ${step}`);
      assert.deepEqual(model.settings, fresh.settings);
      assert.deepEqual(model.byState, fresh.stats.byState, `counts after step ${step}`);
    }
  } catch (error) {
    throw new Error(`seed ${seed} (rerun with PEREGRINE_SEED=${seed}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
});

describe('tasks.refreshUrl', () => {
  test('the same file under a new address keeps its bytes: only the rest is asked for', async () => {
    const size = 600_000;
    const first = key();
    rig.service.start();
    const { ids } = await rig.service.call('tasks.add', {
      urls: [server.url(`/drip?size=${size}&chunk=10000&every=30&name=same.bin&key=${first}`)],
      connections: 1,
    });
    const id = ids[0] ?? 0;
    await rig.waitFor((message) => message.event === 'tasks.progress' && message.payload.progress.some((row) => row.bytes > 150_000));
    await rig.service.call('tasks.pause', { ids: [id] });
    const paused = rig.service.tasks.require(id);
    assert.ok(paused.doneBytes > 0);
    const second = key();
    const next = server.url(`/file?size=${size}&name=same.bin&key=${second}`);
    const refreshed = await rig.service.call('tasks.refreshUrl', { id, url: next });
    assert.equal(refreshed.url, next);
    await rig.service.call('tasks.resume', { ids: [id] });
    await rig.waitForTask(id, (task) => task.state === 'completed');
    assert.equal(await sha256File(path.join(box.dir, 'same.bin')), sha256(makePayload(size, 1)));
    const resumed = server.requests.filter((request) => request.path.includes(second) && request.headers.range !== 'bytes=0-0');
    assert.ok(resumed.length > 0);
    for (const request of resumed) assert.match(request.headers.range ?? '', /^bytes=[1-9]\d*-/, 'only the rest was asked for');
  });

  test('a different file under the new address is refused and the partial file is untouched', async () => {
    rig.service.start();
    const { ids } = await rig.service.call('tasks.add', {
      urls: [server.url(`/drip?size=600000&chunk=10000&every=30&name=other.bin&key=${key()}`)],
      connections: 1,
    });
    const id = ids[0] ?? 0;
    await rig.waitFor((message) => message.event === 'tasks.progress' && message.payload.progress.some((row) => row.bytes > 100_000));
    await rig.service.call('tasks.pause', { ids: [id] });
    const part = path.join(box.dir, 'other.bin.part');
    const before = await readFile(part);
    const reply = await rig.service.dispatch('tasks.refreshUrl', { id, url: server.url(`/file?size=600000&seed=7&key=${key()}`) });
    assert.equal(reply.ok ? undefined : reply.error.code, 'refused');
    assert.match(reply.ok ? '' : reply.error.message, /different version/);
    assert.deepEqual(await readFile(part), before);
    assert.match(rig.service.tasks.require(id).url, /other\.bin/);
  });
});

test('settings apply live: the cap lowered from 3 to 1 while 3 run leaves 1 running and 2 queued', async () => {
  rig.service.start();
  const { ids } = await rig.service.call('tasks.add', { urls: [drip('a.bin', 2_000_000), drip('b.bin', 2_000_000), drip('c.bin', 2_000_000)] });
  for (const id of ids) await rig.waitForTask(id, (task) => task.state === 'running');
  await rig.service.call('settings.set', { maxConcurrent: 1 });
  const deadline = Date.now() + 5_000;
  let states: string[] = [];
  while (Date.now() < deadline) {
    states = ids.map((id) => rig.service.tasks.require(id).state).sort();
    if (states.join() === 'queued,queued,running') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.deepEqual(states, ['queued', 'queued', 'running']);
  assert.equal(rig.service.queue.runningCount, 1);
  assert.equal(rig.service.settings.get().maxConcurrent, 1);
  await rig.service.call('tasks.cancel', { all: true });
});
