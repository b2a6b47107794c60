import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { startFixtureServer, type FixtureServer } from '../fixtures/fixture-server.js';
import { makeSandbox, runDownload, type Sandbox } from './engine-harness.js';

const MiB = 1 << 20;

let server: FixtureServer;
let box: Sandbox;
let mounted = false;
before(async () => {
  server = await startFixtureServer();
  box = await makeSandbox();
  try {
    // A real, small file system (needs root, as in CI): 64 MiB against a body that decodes to 256 MiB.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', box.dir], { stdio: 'ignore' });
    mounted = true;
  } catch {
    mounted = false;
  }
});
after(async () => {
  if (mounted) execFileSync('umount', [box.dir]);
  await box.remove();
  await server.close();
});

test('a gzip bomb stops with no_space while the disk still has room, and leaves no partial file', { timeout: 60_000 }, async (t) => {
  if (!mounted) return t.skip('cannot mount a tmpfs here (not root)');
  let lowestFree = Infinity;
  let decoded = 0;
  let checks = 0;
  const { error, state } = await runDownload(server.url(`/gzip-bomb?size=${256 * MiB}`), box.dir, {
    onProgress: (bytes) => {
      decoded = bytes;
      // Sampled now and then: statfs on every chunk would slow the test down for nothing.
      if ((checks += 1) % 64 === 0) {
        void statfs(box.dir).then((stats) => {
          lowestFree = Math.min(lowestFree, stats.bavail * stats.bsize);
        });
      }
    },
  });
  assert.equal(error?.code, 'no_space', error?.message);
  assert.match(error?.message ?? '', /stopped with \d+ bytes free/, 'stopped by the guard, not by ENOSPC');
  assert.equal(error?.retryable, false, 'no_space is not retried');
  assert.deepEqual(await box.files(), [], 'the partial file is deleted');
  assert.equal(state.durableBytes, 0);
  assert.ok(decoded > 32 * MiB && decoded < 64 * MiB, `progress counts decoded bytes: ${decoded}`);
  assert.ok(lowestFree > 4 * MiB, `the disk never filled up: ${lowestFree} bytes free at the lowest`);
});
