import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TaskView } from '../../app/contract/views.js';
import { decodeSnapshot, decodeTask, encodeTask } from '../../app/contract/wire-snapshot.js';
import { defaultSettings } from '../../app/domain/default-settings.js';

const plain: TaskView = {
  id: 7, groupId: null, url: 'https://h.example/a.bin', dir: '/d', headerNames: [], fileName: null, state: 'queued', reason: null, message: null,
  httpStatus: null, totalBytes: null, doneBytes: 0, checksum: null, speedLimit: null, connections: null, priority: 0, attempts: 0, nextAttemptAt: null,
  createdAt: 1_000, finishedAt: null,
};
const busy: TaskView = {
  ...plain, id: 8, groupId: 2, headerNames: ['cookie'], fileName: 'a.bin', state: 'retrying', reason: 'server_busy', message: 'HTTP 503', httpStatus: 503,
  totalBytes: 10, doneBytes: 4, checksum: { algorithm: 'sha256', hex: 'ab' }, checksumVerified: false, speedLimit: 5, connections: 2, priority: 1,
  attempts: 2, nextAttemptAt: 9, finishedAt: 3,
};

test('a task travels without its default fields and comes back whole', () => {
  assert.deepEqual(encodeTask(plain), { id: 7, url: 'https://h.example/a.bin', dir: '/d', state: 'queued', createdAt: 1_000 });
  assert.deepEqual(encodeTask(busy), busy, 'nothing left out that is not a default');
  for (const task of [plain, busy]) assert.deepEqual(decodeTask(JSON.parse(JSON.stringify(encodeTask(task))) as ReturnType<typeof encodeTask>), task);
  assert.equal('checksumVerified' in decodeTask(encodeTask(plain)), false, 'an absent checksumVerified stays absent');
});

test('a snapshot of plain tasks is decoded as it is, and a compact one is much smaller', () => {
  const snapshot = { seq: 3, tasks: [plain, busy], groups: [], settings: defaultSettings, stats: { speed: 0, byState: { queued: 1, running: 0, paused: 0, retrying: 1, waiting_network: 0, failed: 0, completed: 0, canceled: 0 }, total: 2 }, progress: [], defaultDir: '/home/me/Downloads' };
  assert.deepEqual(decodeSnapshot(snapshot), snapshot);
  const wire = { ...snapshot, tasks: snapshot.tasks.map(encodeTask) };
  assert.deepEqual(decodeSnapshot(wire), snapshot);
  assert.ok(JSON.stringify(encodeTask(plain)).length * 2 < JSON.stringify(plain).length);
});
