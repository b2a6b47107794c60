import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { cliPath, type CliRun } from './cli-harness.js';
import { box, db, server, useFixtureSuite } from './fixture-suite.js';

useFixtureSuite();

/** The CLI under `ulimit -f` (512-byte blocks in POSIX sh): writing past it fails with EFBIG. */
function runLimited(blocks: number, args: readonly string[]): Promise<CliRun> {
  const child = spawn('sh', ['-c', `ulimit -f ${blocks} && exec "$0" "$@"`, process.execPath, cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

test('a file-size limit (EFBIG) is its own failure, not "not enough free disk space"', async () => {
  // The database and its WAL stay well under 2 MiB; the 4 MiB download does not.
  const run = await runLimited(4096, ['get', server.url('/file?size=4194304&name=huge.bin'), '-c', '1', '-d', box.dir, '--db', db]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /larger than this disk or folder allows/);
  assert.doesNotMatch(run.stderr, /free disk space/);
  const rows = new Database(db, { readonly: true }).prepare<[], { state: string; reason: string }>('SELECT state, reason FROM tasks').all();
  assert.deepEqual(rows, [{ state: 'failed', reason: 'file_too_large' }]);
  assert.deepEqual(await box.files(), ['huge.bin.part']);
});
