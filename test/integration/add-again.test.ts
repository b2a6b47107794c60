import assert from 'node:assert/strict';
import { unlink } from 'node:fs/promises';
import { test } from 'node:test';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { box, file, server } from './fixture-suite.js';
import { rig, useServiceSuite } from './service-suite.js';

// The one add path and the one duplicate rule: `tasks.add` finds a URL already in the list for the
// same folder and name; with `again` (the CLI's `get` run a second time) it takes that task up.

useServiceSuite({ scoped: true, start: true });

let keys = 0;
const key = (): string => `again-${(keys += 1)}`;

async function settled(id: number): Promise<string> {
  return (await rig.waitForTask(id, (task) => ['completed', 'failed', 'paused', 'canceled'].includes(task.state))).state;
}

test('a scoped service runs only what is added or resumed through it', async () => {
  const url = (name: string): string => server.url(`/file?size=5000&name=${name}&key=${key()}`);
  // Queued by another process (the app, say): not this command's to download.
  const other = rig.service.queue.add([{ url: url('other.bin'), dir: box.dir }]).tasks[0]?.id ?? 0;
  const { ids } = await rig.service.call('tasks.add', { urls: [url('mine.bin')], dir: box.dir });
  assert.equal(await settled(ids[0] ?? 0), 'completed');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(rig.service.tasks.get(other)?.state, 'queued', 'left alone');
  assert.ok(rig.service.queue.scopeIsDone());

  const resumed = await rig.service.call('tasks.resume', { ids: [other] });
  assert.deepEqual(resumed.tasks.map((task) => task.id), [other]);
  assert.equal(await settled(other), 'completed');
  assert.equal(await sha256File(file('other.bin')), sha256(makePayload(5000)));
});

test('again: a stopped download is queued with this call\'s headers and a fresh set of retries', async () => {
  const route = `/status/404?key=${key()}`;
  const url = server.url(route);
  const first = await rig.service.call('tasks.add', { urls: [url], dir: box.dir, headers: { 'x-token': 'old' } });
  const id = first.ids[0] ?? 0;
  assert.equal(await settled(id), 'failed');

  const plain = await rig.service.call('tasks.add', { urls: [url], dir: box.dir, headers: { 'x-token': 'new' } });
  assert.deepEqual(plain, { ids: [], groupId: null, duplicates: [{ url, existingId: id, state: 'failed' }], rejected: [] }, 'without again: only reported');

  const again = await rig.service.call('tasks.add', { urls: [url], dir: box.dir, headers: { 'x-token': 'new' }, again: true });
  assert.deepEqual(again.ids, []);
  assert.deepEqual(again.duplicates, [{ url, existingId: id, state: 'queued' }]);
  assert.equal(await settled(id), 'failed');
  assert.equal(server.requestsTo(route).length, 2);
  assert.equal(server.requestsTo(route).at(-1)?.headers['x-token'], 'new');
  assert.equal(rig.service.tasks.list().length, 1, 'the same task, not a second one');
});

test('again: a finished file is kept (and checked against a checksum given now); one whose file is gone is downloaded anew', async () => {
  const route = `/file?size=5000&name=done.bin&key=${key()}`;
  const url = server.url(route);
  const { ids } = await rig.service.call('tasks.add', { urls: [url], dir: box.dir });
  const id = ids[0] ?? 0;
  assert.equal(await settled(id), 'completed');

  const kept = await rig.service.call('tasks.add', { urls: [url], dir: box.dir, again: true });
  assert.deepEqual(kept.duplicates, [{ url, existingId: id, state: 'completed' }]);

  const wrong = await rig.service.call('tasks.add', { urls: [url], dir: box.dir, checksum: `sha256=${'0'.repeat(64)}`, again: true });
  assert.equal(wrong.duplicates[0]?.problem?.code, 'checksum_mismatch');
  assert.match(wrong.duplicates[0]?.problem?.message ?? '', /done\.bin does not match the expected checksum: expected sha256 0{64}, got [0-9a-f]{64}/);
  assert.equal((await rig.service.call('tasks.details', { id })).task.checksum, null, 'not stored');

  const right = await rig.service.call('tasks.add', { urls: [url], dir: box.dir, checksum: `sha256=${sha256(makePayload(5000))}`, again: true });
  assert.equal(right.duplicates[0]?.problem, undefined);
  assert.equal((await rig.service.call('tasks.details', { id })).task.checksum?.hex, sha256(makePayload(5000)));
  assert.equal(server.requestsTo(route).length, 1, 'nothing fetched again');

  await unlink(file('done.bin'));
  const anew = await rig.service.call('tasks.add', { urls: [url], dir: box.dir, again: true });
  assert.equal(anew.duplicates.length, 0);
  assert.equal(anew.ids.length, 1);
  assert.notEqual(anew.ids[0], id);
  assert.equal(await settled(anew.ids[0] ?? 0), 'completed');
  assert.equal(await sha256File(file('done.bin')), sha256(makePayload(5000)));
});

test('again cannot be combined with allowDuplicates or a group', async () => {
  for (const extra of [{ allowDuplicates: true }, { group: 'g' }]) {
    const reply = await rig.service.dispatch('tasks.add', { urls: ['http://127.0.0.1/a'], again: true, ...extra });
    assert.equal(reply.ok ? undefined : reply.error.code, 'invalid_input');
  }
  assert.equal(rig.service.tasks.list().length, 0);
});
