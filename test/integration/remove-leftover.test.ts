import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
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
  const reply = await rig.service.dispatch('tasks.remove', { ids: [id] });
  // The row is gone whatever the file did: the list every client shows must lose it too.
  assert.equal(rig.service.tasks.get(id), undefined);
  await rig.waitFor((message) => message.event === 'tasks.removed' && message.payload.removed.some((removed) => removed.id === id), 2_000);
  assert.equal(reply.ok, false, 'the leftover is reported');
  rig.logged.length = 0;
  await rm(part, { recursive: true });
});
