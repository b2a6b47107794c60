import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFixtureServer, type FixtureServer } from '../fixtures/fixture-server.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { makeSandbox, runDownload, type Sandbox } from './engine-harness.js';
import { isState, makeQueueRig, waitForTask } from './queue-harness.js';

/** A real, small file system: tmpfs mounted over the download folder (needs root, as in CI). */
function mountTmpfs(dir: string, size: string, remount = false): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `${remount ? 'remount,' : ''}size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let server: FixtureServer;
let box: Sandbox;
let mounted = false;
before(async () => {
  server = await startFixtureServer();
  box = await makeSandbox();
  mounted = mountTmpfs(box.dir, '1m');
});
after(async () => {
  if (mounted) execFileSync('umount', [box.dir]);
  await box.remove();
  await server.close();
});

describe('a full disk', () => {
  test('a file larger than the free space is refused before writing', async (t) => {
    if (!mounted) return t.skip('cannot mount tmpfs here (not root)');
    const { error } = await runDownload(server.url('/file?size=3000000&name=big.iso'), box.dir);
    assert.equal(error?.code, 'no_space');
    assert.match(error?.message ?? '', /3000000 bytes needed/);
    assert.equal((await stat(path.join(box.dir, 'big.iso.part'))).size, 0);
  });

  test('filling up mid-download keeps the partial file, and it resumes once there is room', async (t) => {
    if (!mounted) return t.skip('cannot mount tmpfs here (not root)');
    const url = server.url('/file?size=3000000&chunked=1&seed=5&name=stream.bin');
    const first = await runDownload(url, box.dir);
    assert.equal(first.error?.code, 'no_space', first.error?.message);
    const part = path.join(box.dir, 'stream.bin.part');
    const kept = first.state.durableBytes;
    assert.ok(kept > 0 && kept <= 1 << 20, `${kept} bytes kept`);
    assert.ok((await stat(part)).size >= kept);

    assert.ok(mountTmpfs(box.dir, '8m', true), 'remount with more room');
    const second = await runDownload(url, box.dir, { state: first.state });
    assert.equal(second.error, undefined, second.error?.message);
    assert.equal(await sha256File(path.join(box.dir, 'stream.bin')), sha256(makePayload(3_000_000, 5)));
    assert.equal(server.requestsTo('/file?size=3000000&chunked=1&seed=5').at(-1)?.headers.range, `bytes=${kept}-`);
  });

  test('in the queue: the task is paused with no_space, keeps its partial file, and resumes when asked', async (t) => {
    if (!mounted) return t.skip('cannot mount tmpfs here (not root)');
    for (const name of await readdir(box.dir)) await rm(path.join(box.dir, name));
    assert.ok(mountTmpfs(box.dir, '1m', true), 'shrink back to 1 MiB');
    // One connection and no announced size: the disk fills up mid-body (a known size would be refused up front).
    const rig = makeQueueRig(box, { connections: 1 }, 'queue-full.db');
    try {
      const [task] = rig.queue.add([{ url: server.url('/file?size=2500000&chunked=1&seed=6&name=queued.bin'), dir: box.dir }]).tasks;
      assert.ok(task);
      rig.queue.start();
      const paused = await waitForTask(rig, task.id, isState('paused', 'failed'));
      assert.equal(paused.state, 'paused');
      assert.equal(paused.reason, 'no_space');
      assert.match(paused.message ?? '', /disk space/);
      assert.ok(paused.doneBytes > 0, 'what fitted is kept');
      assert.ok(mountTmpfs(box.dir, '16m', true), 'free some space');
      await rig.queue.command(task.id, 'resume');
      await waitForTask(rig, task.id, isState('completed'));
      assert.equal(await sha256File(path.join(box.dir, 'queued.bin')), sha256(makePayload(2_500_000, 6)));
    } finally {
      await rig.close();
    }
  });
});
