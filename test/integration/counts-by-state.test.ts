import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TaskState } from '../../app/domain/task-state.js';
import { box, server } from './fixture-suite.js';
import { makeServiceRig } from './service-harness.js';
import { reopenRig, rig, useServiceSuite } from './service-suite.js';
import { seededRandom } from '../fixtures/seeded-random.js';

useServiceSuite();

/*
 * The counts by state a client shows come from the last stats.changed; the
 * service works them out from the states it announced. Each case ends with
 * the proof a user would ask for: the last counts sent equal a fresh count of
 * the database.
 */

let keys = 0;
const url = (name: string): string => server.url(`/file?size=1000&name=${name}&key=${(keys += 1)}`);

function lastCounts(): Record<TaskState, number> | undefined {
  const last = rig.events.filter((message) => message.event === 'stats.changed').at(-1);
  return last?.event === 'stats.changed' ? last.payload.byState : undefined;
}

/** Every batch of events scheduled so far has gone out. */
const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

describe('the counts sent agree with the database', () => {
  test('when a client takes a snapshot while a removal is under way (the row gone, its event not yet sent)', async () => {
    const { ids } = await rig.service.call('tasks.add', { urls: [url('a.bin'), url('b.bin')], startPaused: true });
    await settled();
    const removing = rig.service.call('tasks.remove', { ids: [ids[0] ?? 0], deleteFile: false });
    // A client connects meanwhile: its snapshot counts the database as it is.
    rig.service.snapshot();
    await removing;
    await rig.service.call('tasks.resume', { ids: [ids[1] ?? 0] });
    await rig.service.call('tasks.pause', { ids: [ids[1] ?? 0] });
    await settled();
    const truth = rig.service.stats().byState;
    assert.equal(truth.paused, 1);
    assert.deepEqual(lastCounts(), truth);
  });

  test('when another process adds and changes tasks in the same database', async () => {
    const mine = await rig.service.call('tasks.add', { urls: [url('mine.bin')], startPaused: true });
    await settled();
    // A second process on the same database file (as two `peregrine get` runs are).
    const other = makeServiceRig(box);
    try {
      const theirs = await other.service.call('tasks.add', { urls: [url('x.bin'), url('y.bin'), url('z.bin')], startPaused: true });
      // It also cancels the task this service announced as paused.
      await other.service.call('tasks.cancel', { ids: [mine.ids[0] ?? 0] });
      await other.service.call('tasks.cancel', { ids: [theirs.ids[0] ?? 0] });
      await settled();
    } finally {
      await other.close();
    }
    assert.deepEqual(other.logged, []);
    // Then this service records a change of its own: its counts must take in the other's too.
    await rig.service.call('tasks.add', { urls: [url('later.bin')], startPaused: true });
    await settled();
    const truth = rig.service.stats().byState;
    assert.deepEqual([truth.paused, truth.canceled], [3, 2]);
    assert.deepEqual(lastCounts(), truth);
    // And it stays true as this service moves a task the other one changed.
    await rig.service.call('tasks.remove', { ids: [mine.ids[0] ?? 0], deleteFile: false });
    await settled();
    assert.deepEqual(lastCounts(), rig.service.stats().byState);
  });

  test('for a client whose snapshot found counts another process had changed, when they change back', async () => {
    const old = await rig.service.call('tasks.add', { urls: [url('old.bin')], startPaused: true });
    await reopenRig();
    await rig.service.call('tasks.add', { urls: [url('mine.bin')], startPaused: true });
    await settled();
    const other = makeServiceRig(box);
    const theirs = await other.service.call('tasks.add', { urls: [url('theirs.bin')], startPaused: true });
    // A client connects while the other process's task is there: it sees three paused.
    const snapshot = rig.service.snapshot();
    assert.equal(snapshot.stats.byState.paused, 3);
    await other.service.call('tasks.remove', { ids: [...theirs.ids], deleteFile: false });
    await other.close();
    assert.deepEqual(other.logged, []);
    // A change of this service's own (the task it had not seen move) makes it count again: two paused.
    await rig.service.call('tasks.reorder', { id: old.ids[0] ?? 0, beforeId: null });
    await settled();
    let shown = snapshot.stats.byState;
    for (const message of rig.events) if (message.seq > snapshot.seq && message.event === 'stats.changed') shown = message.payload.byState;
    assert.deepEqual(shown, rig.service.stats().byState);
  });
});

describe('random commands with no snapshot between them (the counts follow the events alone)', () => {
  for (const seed of [11, 29, 47]) {
    test(`seed ${seed}: after every step the last counts sent equal a fresh count`, async () => {
      const random = seededRandom(seed);
      const pick = (ids: readonly number[]): number[] => [ids[Math.floor(random() * ids.length)] ?? 0];
      const slow = (name: string): string => server.url(`/drip?size=60000&chunk=5000&every=20&name=${name}&key=${(keys += 1)}`);
      rig.service.start();
      // One snapshot at the start, as a client takes when it connects; none after.
      rig.service.snapshot();
      for (let step = 0; step < 30; step += 1) {
        const ids = rig.service.tasks.list().map((task) => task.id);
        const op = Math.floor(random() * 10);
        if (ids.length === 0 && op >= 3 && op <= 7) continue;
        if (op === 0) await rig.service.call('tasks.add', { urls: [slow(`s${step}.bin`), url(`f${step}.bin`)], startPaused: random() < 0.3 });
        else if (op === 1) await rig.service.call('tasks.add', { urls: [server.url(`/status/404?key=${(keys += 1)}`), server.url(`/flaky?fail=1&code=503&size=2000&key=${(keys += 1)}`)], group: `g${step}` });
        else if (op === 2) await rig.service.call('tasks.add', { urls: [server.url(`/status/503?key=${(keys += 1)}`)] });
        else if (op === 3) await rig.service.call('tasks.pause', { ids: pick(ids) });
        else if (op === 4) await rig.service.call('tasks.resume', { ids: pick(ids) });
        else if (op === 5) await rig.service.call('tasks.retry', { ids: pick(ids) });
        else if (op === 6) await rig.service.call('tasks.cancel', { ids: pick(ids) });
        else if (op === 7) await rig.service.call('tasks.remove', { ids: pick(ids), deleteFile: random() < 0.5 });
        else if (op === 8) {
          // Another process adds a download to the same database and cancels one; this service hears of it at
          // its next change of its own (its clients' counts move with its own batches, as before).
          const other = makeServiceRig(box);
          await other.service.call('tasks.add', { urls: [url(`o${step}.bin`)], startPaused: true });
          if (ids.length > 0) await other.service.call('tasks.cancel', { ids: pick(ids) });
          await other.close();
          assert.deepEqual(other.logged, []);
          await rig.service.call('tasks.add', { urls: [url(`after-o${step}.bin`)], startPaused: true });
        } else await new Promise((resolve) => setTimeout(resolve, 20 + random() * 100));
        await settled();
        assert.deepEqual(lastCounts(), rig.service.stats().byState, `seed ${seed}, step ${step} (op ${op})`);
      }
    });
  }
});
