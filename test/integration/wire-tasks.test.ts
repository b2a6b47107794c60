import assert from 'node:assert/strict';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { encodeTask } from '../../app/contract/wire-snapshot.js';
import { maskedPassword } from '../../app/domain/secrets.js';
import { GroupStore } from '../../main/store/group-store.js';
import { openDatabase } from '../../main/store/open-database.js';
import { TaskStore } from '../../main/store/task-store.js';
import { toTaskView } from '../../main/service/views.js';
import { wireTaskFromRow } from '../../main/service/wire-tasks.js';
import { makeSandbox, type Sandbox } from './engine-harness.js';

let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(() => box.remove());

const sha256 = 'a'.repeat(64);

/** Each case: columns set on one row, beyond what insertMany writes. */
const cases: readonly (readonly [what: string, set: string])[] = [
  ['nothing beyond the defaults', ''],
  ['a password in the URL and in the message', `url = 'https://u:secret@h.example/a', state = 'failed', reason = 'http_status', message = 'GET https://u:secret@h.example/a: 404', http_status = 404, finished_at = 50`],
  ['a requested name only', `requested_name = 'asked.bin'`],
  ['a claimed name beside the requested one', `requested_name = 'asked.bin', file_name = 'asked (1).bin'`],
  ['request headers', `headers = '{"Cookie":"x=1","Authorization":"Bearer t"}'`],
  ['bytes and size', `state = 'paused', reason = 'by_user', total_bytes = 1000, durable_bytes = 400`],
  ['a checksum not checked yet', `checksum = 'sha256=${sha256}'`],
  ['a checksum verified by completion', `checksum = 'SHA-256:${sha256.toUpperCase()}', state = 'completed', total_bytes = 10, durable_bytes = 10, finished_at = 70`],
  ['a checksum that did not match', `checksum = 'sha256=${sha256}', state = 'failed', reason = 'checksum_mismatch', finished_at = 70`],
  ['a checksum that cannot be read', `checksum = 'crc32=zz'`],
  ['a reason this version does not know', `state = 'failed', reason = 'from_the_future', finished_at = 80`],
  ['a retry waiting', `state = 'retrying', reason = 'server_busy', http_status = 503, attempts = 2, next_attempt_at = 90`],
  ['its own limits and a priority', `speed_limit = 5000, connections = 4, priority = 2`],
  ['zero bytes of a known size', `total_bytes = 0`],
];

test('a snapshot task made straight from the view columns is exactly the event view in its wire form', () => {
  const db = openDatabase(path.join(box.aside, 'wire.db'));
  const tasks = new TaskStore(db, () => 1_000);
  const group = new GroupStore(db, () => 1_000).create('batch');
  const added = tasks.insertMany(
    cases.map((_, index) => ({ url: `https://h.example/${index}.bin`, dir: box.dir })),
    group.id,
  );
  tasks.insertMany([{ url: 'https://h.example/alone.bin', dir: box.dir }]);
  cases.forEach(([, set], index) => {
    if (set !== '') db.prepare(`UPDATE tasks SET ${set} WHERE id = ?`).run(added[index]?.id);
  });
  const rows = tasks.viewRows();
  const full = tasks.list();
  assert.equal(rows.length, cases.length + 1);
  rows.forEach((row, index) => {
    const task = full[index];
    assert.ok(task !== undefined);
    assert.deepEqual(wireTaskFromRow(row), encodeTask(toTaskView(task)), cases[index]?.[0] ?? 'a task without a group');
  });
  const masked = wireTaskFromRow(rows[1] ?? assert.fail('no row'));
  assert.equal(masked.url, `https://u:${maskedPassword}@h.example/a`, 'the password is masked, as in every view');
  assert.ok(masked.message?.includes(maskedPassword) === true && !masked.message.includes('secret'));
  db.close();
});
