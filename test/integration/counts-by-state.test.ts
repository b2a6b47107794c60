import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TaskState } from '../../app/domain/task-state.js';
import { box, server } from './fixture-suite.js';
import { makeServiceRig } from './service-harness.js';
import { rig, useServiceSuite } from './service-suite.js';

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
});
