import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { TaskProgress } from '../../app/contract/views.js';
import { makePayload, sha256 } from '../fixtures/payload.js';
import { box, server } from './fixture-suite.js';
import { reopenRig, rig, useServiceSuite } from './service-suite.js';

/** What the window draws from the contract: ranges filling live, free space, whether a checksum verified. */
useServiceSuite();

let keys = 0;
const drip = (name: string, size: number): string => server.url(`/drip?size=${size}&chunk=16384&every=20&name=${name}&key=v${(keys += 1)}`);

describe('progress of a download over several connections', () => {
  test('batches carry its byte ranges, filling up to the whole file', async () => {
    rig.service.start();
    const size = 3_000_000;
    const { ids } = await rig.service.call('tasks.add', { urls: [drip('ranges.bin', size)] });
    const id = ids[0] ?? 0;
    await rig.waitForTask(id, (task) => task.state === 'completed');
    const withRanges = rig.events.flatMap((message) =>
      message.event === 'tasks.progress' ? message.payload.progress.filter((row): row is TaskProgress & { ranges: NonNullable<TaskProgress['ranges']> } => row.id === id && row.ranges !== undefined) : [],
    );
    assert.ok(withRanges.length >= 2, `ranges in several batches, got ${withRanges.length}`);
    for (const { ranges } of withRanges) {
      assert.ok(ranges.length >= 2, 'only a download over several connections has ranges');
      assert.equal(ranges[0]?.start, 0);
      assert.equal(ranges.at(-1)?.end, size);
      for (const [index, range] of ranges.entries()) {
        assert.ok(range.start <= range.doneEnd && range.doneEnd <= range.end, 'on disk within its range');
        if (index > 0) assert.equal(range.start, ranges[index - 1]?.end, 'ranges side by side');
      }
    }
    const filled = withRanges.map(({ ranges }) => ranges.reduce((sum, range) => sum + range.doneEnd - range.start, 0));
    assert.deepEqual(filled, [...filled].sort((a, b) => a - b), 'ranges only fill up');
    assert.ok((filled.at(-1) ?? 0) > (filled[0] ?? 0), 'ranges fill in live');
  });
});

describe('stats', () => {
  test('say how much space is free in the download folder, and which folder, and nothing when the folder is missing', async () => {
    const { freeBytes: free, freeIn } = rig.service.snapshot().stats;
    assert.ok(free !== undefined && Number.isSafeInteger(free) && free > 0, `free bytes, got ${free}`);
    assert.equal(freeIn, box.dir);
    await reopenRig(() => rm(box.dir, { recursive: true, force: true }));
    assert.equal(rig.service.snapshot().stats.freeBytes, undefined);
  });
});

describe('a checksum', () => {
  test('verified once completed, not verified when the file did not match, not said without one', async () => {
    rig.service.start();
    const size = 200_000;
    const right = `sha256=${sha256(makePayload(size, 1))}`;
    const wrong = `sha256=${'0'.repeat(64)}`;
    const good = await rig.service.call('tasks.add', { urls: [drip('good.bin', size)], checksum: right });
    const bad = await rig.service.call('tasks.add', { urls: [drip('bad.bin', size)], checksum: wrong });
    const none = await rig.service.call('tasks.add', { urls: [drip('none.bin', size)] });
    assert.equal((await rig.waitForTask(good.ids[0] ?? 0, (task) => task.state === 'completed')).checksumVerified, true);
    const failed = await rig.waitForTask(bad.ids[0] ?? 0, (task) => task.state === 'failed');
    assert.equal(failed.reason, 'checksum_mismatch');
    assert.equal(failed.checksumVerified, false);
    assert.equal('checksumVerified' in (await rig.waitForTask(none.ids[0] ?? 0, (task) => task.state === 'completed')), false);
    const waiting = await rig.service.call('tasks.add', { urls: [drip('later.bin', size)], checksum: right, startPaused: true });
    assert.equal(rig.service.snapshot().tasks.find((task) => task.id === waiting.ids[0])?.checksumVerified, undefined, 'not checked yet');
  });
});

describe("the server's last HTTP status", () => {
  test('travels beside the reason in the view, the events and the details, and a retry by the user clears it', async () => {
    rig.service.start();
    const { ids } = await rig.service.call('tasks.add', { urls: [server.url(`/flaky?fail=1&code=404&size=5000&key=v${(keys += 1)}&name=s.bin`)] });
    const id = ids[0] ?? 0;
    const failed = await rig.waitForTask(id, (task) => task.state === 'failed');
    assert.deepEqual([failed.reason, failed.httpStatus], ['not_found', 404]);
    const announced = rig.events.flatMap((message) => (message.event === 'tasks.changed' ? message.payload.tasks.filter((task) => task.id === id) : []));
    assert.equal(announced.at(-1)?.httpStatus, 404, 'the event carries it');
    assert.equal(rig.service.snapshot().tasks.find((task) => task.id === id)?.httpStatus, 404, 'the snapshot carries it');
    assert.equal((await rig.service.call('tasks.details', { id })).task.httpStatus, 404);
    await rig.service.call('tasks.retry', { ids: [id] });
    assert.equal((await rig.service.call('tasks.details', { id })).task.httpStatus, null, 'cleared by the retry');
    const done = await rig.waitForTask(id, (task) => task.state === 'completed');
    assert.equal(done.httpStatus, null);
  });
});

describe('a canceled download', () => {
  test('claims no bytes once its partial file is deleted: not in its view, its details or its group', async () => {
    rig.service.start();
    const { ids, groupId } = await rig.service.call('tasks.add', { urls: [drip('dropped.bin', 3_000_000)], group: 'Dropped' });
    const id = ids[0] ?? 0;
    await rig.waitFor((message) => message.event === 'tasks.progress' && message.payload.progress.some((row) => row.id === id && row.bytes >= 300_000));
    const [paused] = (await rig.service.call('tasks.pause', { ids: [id] })).tasks;
    assert.ok((paused?.doneBytes ?? 0) > 0, 'paused, its bytes on disk count');
    const part = path.join(box.dir, 'dropped.bin.part');
    assert.equal(existsSync(part), true);
    const [canceled] = (await rig.service.call('tasks.cancel', { ids: [id] })).tasks;
    assert.equal(existsSync(part), false, 'canceling deletes the partial file');
    assert.deepEqual([canceled?.state, canceled?.doneBytes], ['canceled', 0], 'the command answers with no bytes');
    assert.equal((await rig.waitForTask(id, (task) => task.state === 'canceled')).doneBytes, 0, 'the event says no bytes');
    const details = await rig.service.call('tasks.details', { id });
    assert.deepEqual([details.task.doneBytes, details.segments], [0, []], 'the details show no bytes and no ranges');
    const snapshot = rig.service.snapshot();
    assert.equal(snapshot.tasks.find((task) => task.id === id)?.doneBytes, 0);
    assert.equal(snapshot.groups.find((group) => group.id === groupId)?.doneBytes, 0, "the group's bytes leave the canceled one out");
  });

  test('canceled while running: no checkpoint of its stopping transfer brings its bytes back', async () => {
    rig.service.start();
    const { ids } = await rig.service.call('tasks.add', { urls: [drip('stopped.bin', 3_000_000)] });
    const id = ids[0] ?? 0;
    await rig.waitFor((message) => message.event === 'tasks.progress' && message.payload.progress.some((row) => row.id === id && row.bytes >= 300_000));
    const [canceled] = (await rig.service.call('tasks.cancel', { ids: [id] })).tasks;
    assert.deepEqual([canceled?.state, canceled?.doneBytes], ['canceled', 0]);
    // The checkpoint interval is 250 ms: a late one would have landed by now.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const details = await rig.service.call('tasks.details', { id });
    assert.deepEqual([details.task.doneBytes, details.segments], [0, []]);
    assert.equal(existsSync(path.join(box.dir, 'stopped.bin.part')), false);
  });
});
