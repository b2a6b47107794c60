import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { RemoveResult } from '../../app/contract/commands.js';
import { box, server } from './fixture-suite.js';
import { rig, useServiceSuite } from './service-suite.js';

useServiceSuite({ start: true });

test('a removal whose partial file cannot be deleted still tells every client the download is gone', async () => {
  const { ids } = await rig.service.call('tasks.add', { urls: [server.url('/drip?size=400000&chunk=10000&every=20&name=stuck.bin&key=leftover')], connections: 1 });
  const id = ids[0] ?? 0;
  await rig.waitFor((message) => message.event === 'tasks.progress' && message.payload.progress.some((row) => row.id === id && row.bytes > 50_000));
  await rig.service.call('tasks.pause', { ids: [id] });
  // Something else took the partial file's place: a folder with a file in it cannot be unlinked.
  const part = path.join(box.dir, 'stuck.bin.part');
  await rm(part);
  await mkdir(part);
  await writeFile(path.join(part, 'inside'), 'x');
  // A second download removed in the same command, after the one whose file stays.
  const other = await rig.service.call('tasks.add', { urls: [server.url('/file?size=1000&name=other.bin&key=leftover2')], startPaused: true });
  const otherId = other.ids[0] ?? 0;
  const reply = await rig.service.dispatch('tasks.remove', { ids: [id, otherId] });
  // The row is gone whatever the file did: the list every client shows must lose it too.
  assert.equal(rig.service.tasks.get(id), undefined);
  await rig.waitFor((message) => message.event === 'tasks.removed' && message.payload.removed.some((removed) => removed.id === id), 2_000);
  // The command did what it could: every download removed, the file left behind named with its reason.
  assert.ok(reply.ok, `the command answers: ${JSON.stringify(reply)}`);
  assert.equal(rig.service.tasks.get(otherId), undefined, 'the next download of the command is removed too');
  const [first, second] = (reply.result as RemoveResult).removed;
  assert.equal(first?.id, id);
  assert.equal(first?.fileDeleted, false);
  assert.match(first?.leftover ?? '', /stuck\.bin\.part.*EISDIR|EISDIR.*stuck\.bin\.part/);
  assert.deepEqual(second, { id: otherId, fileDeleted: false });
  assert.deepEqual((reply.result as RemoveResult).refused, []);
  rig.logged.length = 0;
  await rm(part, { recursive: true });
});
