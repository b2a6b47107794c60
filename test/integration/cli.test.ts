import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { jsonEvents, runCli, startCli, type CliProcess, type CliRun } from './cli-harness.js';
import { box, db, file, server, useFixtureSuite } from './fixture-suite.js';

useFixtureSuite();

interface ListedTask {
  id: number;
  url: string;
  state: string;
  reason: string | null;
  filePath: string | null;
  doneBytes: number;
  totalBytes: number | null;
  checksum: string | null;
}

async function listTasks(): Promise<ListedTask[]> {
  const run = await runCli(['list', '--db', db, '--json']);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as ListedTask[];
}

describe('peregrine get', () => {
  test('downloads a file with the right bytes, exits 0, and records it as completed', async () => {
    const run = await runCli(['get', server.url('/file?size=2000000&seed=4'), '-d', box.dir, '--db', db]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /saved .*file \(1\.91 MiB\)/);
    assert.equal(await sha256File(file('file')), sha256(makePayload(2_000_000, 4)));
    const [task] = await listTasks();
    assert.equal(task?.state, 'completed');
    assert.equal(task?.filePath, file('file'));
    assert.equal(task?.doneBytes, 2_000_000);
    assert.equal(task?.totalBytes, 2_000_000);
  });

  test('-o names the file (sanitised), --checksum verifies it', async () => {
    const hex = sha256(makePayload(5000));
    const run = await runCli(['get', server.url('/file?size=5000'), '-d', box.dir, '--db', db, '-o', '../x/named.bin', '--checksum', `sha256=${hex}`]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(await box.files(), ['named.bin']);
  });

  test('a checksum mismatch exits 1, says so, and leaves no file', async () => {
    const run = await runCli(['get', server.url('/file?size=5000'), '-d', box.dir, '--db', db, '--checksum', `md5=${'0'.repeat(32)}`]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /does not match the expected checksum/);
    assert.deepEqual(await box.files(), []);
    assert.equal((await listTasks())[0]?.reason, 'checksum_mismatch');
  });

  test('--checksum given for a file already downloaded verifies the file on disk (and is stored when it matches)', async () => {
    const url = server.url('/file?size=5000&name=done.bin');
    const right = `sha256=${sha256(makePayload(5000))}`;
    assert.equal((await runCli(['get', url, '-d', box.dir, '--db', db, '-q'])).code, 0);

    const wrong = await runCli(['get', url, '-d', box.dir, '--db', db, '--checksum', `sha256=${'0'.repeat(64)}`]);
    assert.equal(wrong.code, 1, wrong.stdout);
    assert.match(wrong.stderr, /done\.bin does not match the expected checksum: expected sha256 0{64}, got [0-9a-f]{64}/);
    assert.equal((await listTasks())[0]?.checksum, null, 'a checksum the file does not match is not stored');

    const matching = await runCli(['get', url, '-d', box.dir, '--db', db, '--checksum', right]);
    assert.equal(matching.code, 0, matching.stderr);
    assert.equal((await listTasks())[0]?.checksum, right);

    await writeFile(file('done.bin'), makePayload(5000, 2));
    const replaced = await runCli(['get', url, '-d', box.dir, '--db', db, '--checksum', right]);
    assert.equal(replaced.code, 1, replaced.stdout);
    assert.match(replaced.stderr, /does not match the expected checksum/);
    assert.deepEqual(await box.files(), ['done.bin'], 'the file is left as it is');
    assert.equal(server.requestsTo('/file?size=5000&name=done.bin').length, 1, 'nothing fetched again');
  });

  test('several URLs from arguments and -i, downloaded concurrently, duplicates once', async () => {
    const list = path.join(box.aside, 'list.txt');
    await writeFile(list, `# a comment\n${server.url('/file?size=3000&seed=2&name=b.bin')}\n\n${server.url('/file?size=3000&seed=3&name=c.bin')}\n`);
    const a = server.url('/file?size=3000&seed=1&name=a.bin');
    const run = await runCli(['get', a, a, '-i', list, '-d', box.dir, '--db', db, '-j', '2', '-q']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '', '-q prints nothing on success');
    assert.deepEqual(await box.files(), ['a.bin', 'b.bin', 'c.bin']);
    assert.equal(await sha256File(file('c.bin')), sha256(makePayload(3000, 3)));
    assert.equal((await listTasks()).length, 3);
  });

  test('-i - reads URLs from stdin', async () => {
    const run = await runCli(['get', '-i', '-', '-d', box.dir, '--db', db], { input: `${server.url('/file?size=100&name=in.bin')}\n` });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(await box.files(), ['in.bin']);
  });

  test('-i naming a missing file or a folder is a usage error in words, with no stack and nothing added', async () => {
    for (const [list, words] of [
      [path.join(box.aside, 'no-such-list.txt'), /cannot read the URL list .*no-such-list\.txt: no such file/],
      [box.aside, /cannot read the URL list .*: it is a folder/],
    ] as const) {
      const run = await runCli(['get', '-i', list, '-d', box.dir, '--db', db]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, words);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack');
    }
    assert.deepEqual(await listTasks(), []);
  });

  test('--json prints one event per line: started, progress, completed', async () => {
    const run = await runCli(['get', server.url('/drip?size=200000&chunk=20000&every=60&name=j.bin'), '-d', box.dir, '--db', db, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const events = jsonEvents(run.stdout);
    assert.equal(events[0]?.['event'], 'started');
    assert.equal(events[0]?.['totalBytes'], 200_000);
    assert.ok(events.some((event) => event['event'] === 'progress'));
    const last = events.at(-1);
    assert.equal(last?.['event'], 'completed');
    assert.equal(last?.['file'], file('j.bin'));
    assert.equal(last?.['bytes'], 200_000);
  });

  test('--header is sent', async () => {
    const run = await runCli(['get', server.url('/file?size=10&name=h.bin'), '-d', box.dir, '--db', db, '--header', 'X-Token: abc']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server.requestsTo('/file?size=10&name=h.bin').at(-1)?.headers['x-token'], 'abc');
  });

  test('-c splits a file over that many connections', async () => {
    const route = '/drip?size=4194304&seed=21&chunk=65536&every=10&name=c.bin';
    const run = await runCli(['get', server.url(route), '-c', '3', '-d', box.dir, '--db', db, '-q']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await sha256File(file('c.bin')), sha256(makePayload(4_194_304, 21)));
    const ranges = server.requestsTo(route).map((request) => request.headers.range);
    assert.equal(ranges[0], 'bytes=0-');
    assert.ok(ranges.length >= 3 && ranges.length <= 6, `3 connections (and a few tail splits): ${JSON.stringify(ranges)}`);
  });

  test('running the command again sends its own headers, not the first run\'s', async () => {
    const url = server.url('/status/404?key=headers');
    assert.equal((await runCli(['get', url, '-d', box.dir, '--db', db, '-q', '--header', 'X-Token: old'])).code, 1);
    assert.equal((await runCli(['get', url, '-d', box.dir, '--db', db, '-q', '--header', 'X-Token: new'])).code, 1);
    assert.equal(server.requestsTo('/status/404?key=headers').at(-1)?.headers['x-token'], 'new');
    assert.equal((await listTasks()).length, 1, 'the same task was retried');
  });

  test('a failure exits 1 with the reason; the others still complete', async () => {
    const run = await runCli(['get', server.url('/status/404'), server.url('/file?size=10&name=ok.bin'), '-d', box.dir, '--db', db, '--json']);
    assert.equal(run.code, 1);
    const failed = jsonEvents(run.stdout).find((event) => event['event'] === 'failed');
    assert.equal(failed?.['code'], 'not_found');
    assert.deepEqual(await box.files(), ['ok.bin']);
  });

  test('two different Content-Disposition headers fail at once: exit 1, bad_response, one request, no file', async () => {
    const route = `/file?size=5000&disposition=${encodeURIComponent('attachment; filename="a.txt"')}&disposition2=${encodeURIComponent('attachment; filename="b.exe"')}`;
    const run = await runCli(['get', server.url(route), '-d', box.dir, '--db', db]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /two different Content-Disposition headers/);
    assert.equal(server.requestsTo(route).length, 1, 'not retried');
    assert.deepEqual(await box.files(), []);
    const [task] = await listTasks();
    assert.equal(task?.state, 'failed');
    assert.equal(task?.reason, 'bad_response');
  });

  test('identical Content-Disposition copies are fine: one name, no comma', async () => {
    const disposition = encodeURIComponent('attachment; filename="same.bin"');
    const run = await runCli(['get', server.url(`/file?size=5000&disposition=${disposition}&disposition2=${disposition}`), '-d', box.dir, '--db', db]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(await box.files(), ['same.bin']);
    assert.equal(await sha256File(file('same.bin')), sha256(makePayload(5000)));
  });

  test('an answer Node cannot parse (bare LF in a header) fails at once with the parser\'s reason', async () => {
    const route = '/bare-lf?size=3000';
    const run = await runCli(['get', server.url(route), '-d', box.dir, '--db', db, '-c', '1']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /cannot be used: the HTTP parser refused it: Missing expected CR after header value/);
    assert.equal(server.requestsTo(route).length, 1, 'not retried as a network failure');
    assert.deepEqual(await box.files(), []);
    const [task] = await listTasks();
    assert.equal(task?.state, 'failed');
    assert.equal(task?.reason, 'bad_response');
  });

  test('control characters from a server never reach the terminal: stripped from lines, escaped in JSON', async () => {
    // A C1 CSI (byte 0x9B, read as U+009B) in a Location that cannot be parsed: the error message quotes it.
    const route = `/redirect-to?location=${encodeURIComponent('http://[\u009b2J\u202e')}`;
    const plain = await runCli(['get', server.url(route), '-d', box.dir, '--db', db]);
    assert.equal(plain.code, 1, plain.stderr);
    assert.match(plain.stderr, /unreadable redirect location "http:\/\/\[/);
    assert.doesNotMatch(plain.stderr, /[\u0080-\u009f\u202e]/u);
    const json = await runCli(['get', server.url(route), '-d', box.dir, '--db', path.join(box.aside, 'json.db'), '--json']);
    assert.equal(json.code, 1);
    assert.doesNotMatch(json.stdout, /[\u0080-\u009f\u202e]/u);
    assert.match(String(jsonEvents(json.stdout).find((event) => event['event'] === 'failed')?.['message']), /\u009b2J/u, 'the exact text is still in the JSON');
  });

  test('SIGTERM stops cleanly like Ctrl-C and exits 143; a second signal leaves at once', async () => {
    const url = server.url('/drip?size=2000000&chunk=20000&every=40&name=term.bin');
    const first = startCli(['get', url, '-d', box.dir, '--db', db, '--json', '-c', '1']);
    await waitFor(first, () => jsonEvents(first.stdout()).some((event) => event['event'] === 'progress' && Number(event['bytes']) > 100_000));
    first.child.kill('SIGTERM');
    const stopped = await first.done;
    assert.equal(stopped.code, 143, stopped.stderr);
    assert.deepEqual(await box.files(), ['term.bin.part']);
    const [paused] = await listTasks();
    assert.equal(paused?.state, 'paused');
    assert.ok((paused?.doneBytes ?? 0) > 0);
    const second = startCli(['get', url, '-d', box.dir, '--db', db, '--json', '-c', '1']);
    await waitFor(second, () => jsonEvents(second.stdout()).some((event) => event['event'] === 'started'));
    second.child.kill('SIGTERM');
    second.child.kill('SIGTERM');
    assert.equal((await second.done).code, 143);
  });

  test('a closed stdout (| head -1) stops cleanly: the task is paused, never left running, exit 141', async () => {
    const url = server.url('/drip?size=2000000&chunk=20000&every=40&name=pipe.bin');
    const run = startCli(['get', url, '-d', box.dir, '--db', db, '--json', '-c', '1']);
    await waitFor(run, () => run.stdout().includes('\n'));
    run.child.stdout?.destroy();
    const stopped = await run.done;
    assert.equal(stopped.code, 141, stopped.stderr);
    assert.doesNotMatch(stopped.stderr, /EPIPE|\n\s+at /);
    const [task] = await listTasks();
    assert.equal(task?.state, 'paused');
  });

  test('Ctrl-C stops cleanly (exit 130, .part kept) and the same command resumes', async () => {
    const url = server.url('/drip?size=600000&chunk=30000&every=40&name=big.bin');
    const args = ['get', url, '-d', box.dir, '--db', db, '--json'];
    const first = startCli(args);
    await waitFor(first, () => jsonEvents(first.stdout()).some((event) => event['event'] === 'progress' && Number(event['bytes']) > 100_000));
    first.child.kill('SIGINT');
    const stopped = await first.done;
    assert.equal(stopped.code, 130, stopped.stderr);
    assert.deepEqual(await box.files(), ['big.bin.part']);
    const [paused] = await listTasks();
    assert.equal(paused?.state, 'paused');
    assert.ok((paused?.doneBytes ?? 0) > 0);

    const second = await runCli(args);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(await sha256File(file('big.bin')), sha256(makePayload(600_000)));
    assert.equal(server.requestsTo('/drip?size=600000').at(-1)?.headers.range, `bytes=${paused?.doneBytes}-`);
    assert.equal((await listTasks()).length, 1, 'the second run resumed the same task');
  });
});

test('kill -9 mid-download loses nothing: the same command finishes the file', async () => {
  // 400 KB/s (2.25 s for the file): each run is killed well before it could finish, even on a busy machine.
  const url = server.url('/drip?size=900000&chunk=10000&every=25&name=killed.bin');
  const args = ['get', url, '-d', box.dir, '--db', db, '--json'];
  for (const threshold of [150_000, 450_000]) {
    const run = startCli(args);
    await waitFor(run, () => jsonEvents(run.stdout()).some((event) => event['event'] === 'progress' && Number(event['bytes']) > threshold));
    run.child.kill('SIGKILL');
    assert.equal((await run.done).signal, 'SIGKILL');
    assert.deepEqual(await box.files(), ['killed.bin.part']);
  }
  const [interrupted] = await listTasks();
  assert.equal(interrupted?.state, 'running', 'the crash left it running; the next run picks it up');
  const final = await runCli(args);
  assert.equal(final.code, 0, final.stderr);
  assert.equal(await sha256File(file('killed.bin')), sha256(makePayload(900_000)));
  assert.deepEqual(await box.files(), ['killed.bin']);
});

describe('acting on the stored queue', () => {
  test('pause, resume, retry, cancel and remove by id or all', async () => {
    const slow = server.url('/drip?size=400000&chunk=20000&every=30&name=slow.bin');
    const first = startCli(['get', slow, server.url('/status/404'), '-d', box.dir, '--db', db, '--json', '--retries', '0']);
    await waitFor(first, () => jsonEvents(first.stdout()).some((event) => event['event'] === 'progress' && Number(event['bytes']) > 50_000));
    first.child.kill('SIGINT');
    assert.equal((await first.done).code, 130);
    const [slowTask, missing] = await listTasks();
    assert.equal(slowTask?.state, 'paused');
    assert.equal(missing?.state, 'failed');

    const refused = await runCli(['pause', String(missing?.id), '--db', db]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /cannot be paused; retry it instead/);

    const resumed = await runCli(['resume', String(slowTask?.id), '--db', db, '-q']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(await sha256File(file('slow.bin')), sha256(makePayload(400_000)));

    const retried = await runCli(['retry', 'all', '--db', db, '--retries', '0', '-q']);
    assert.equal(retried.code, 1, 'the 404 fails again');
    assert.match(retried.stderr, /does not exist on the server/);

    const canceled = await runCli(['cancel', String(missing?.id), '--db', db]);
    assert.equal(canceled.code, 0, canceled.stderr);
    assert.match(canceled.stdout, /canceled/);

    const removed = await runCli(['remove', 'all', '--db', db]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(await listTasks(), []);
    assert.deepEqual(await box.files(), ['slow.bin'], 'remove keeps finished files');
  });

  test('remove --delete-file deletes the downloaded file too', async () => {
    assert.equal((await runCli(['get', server.url('/file?size=10&name=x.bin'), '-d', box.dir, '--db', db, '-q'])).code, 0);
    const removed = await runCli(['remove', '1', '--delete-file', '--db', db]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(await box.files(), []);
  });

  test('remove --delete-file goes on past a file the system will not delete, names it, and exits 1', async () => {
    assert.equal((await runCli(['get', server.url('/file?size=10&name=stuck.bin'), server.url('/file?size=20&name=gone.bin'), '-d', box.dir, '--db', db, '-q'])).code, 0);
    // Something else took the finished file's place: a folder with a file in it cannot be unlinked.
    await rm(file('stuck.bin'));
    await mkdir(file('stuck.bin'));
    await writeFile(path.join(file('stuck.bin'), 'inside'), 'x');
    const removed = await runCli(['remove', 'all', '--delete-file', '--db', db]);
    assert.equal(removed.code, 1, removed.stderr);
    assert.match(removed.stdout, /task 1: removed\ntask 2: removed/);
    assert.match(removed.stderr, /task 1: its file could not be deleted: .*stuck\.bin/);
    assert.deepEqual(await listTasks(), []);
    assert.deepEqual(await box.files(), ['stuck.bin']);
    await rm(file('stuck.bin'), { recursive: true });
  });

  test('unknown ids are an error; ids that are not numbers are a usage error', async () => {
    const unknown = await runCli(['pause', '42', '--db', db]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /there is no task 42/);
    const bad = await runCli(['pause', 'first', '--db', db]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not a task id/);
  });
});

describe('usage errors exit 2 with one line', () => {
  const cases: [string, string[], RegExp][] = [
    ['a bad URL', ['get', 'not a url'], /not a valid http\(s\) URL/],
    ['an ftp URL', ['get', 'ftp://example.com/x'], /only http and https/],
    ['no URL', ['get'], /no URL given/],
    ['an unknown option', ['get', '--frobnicate', 'http://127.0.0.1/x'], /unknown option/],
    ['-o with several URLs', ['get', 'http://127.0.0.1/a', 'http://127.0.0.1/b', '-o', 'x'], /-o names one file/],
    ['a malformed checksum', ['get', 'http://127.0.0.1/a', '--checksum', 'sha256=xyz'], /expected sha256=/],
    ['a malformed header', ['get', 'http://127.0.0.1/a', '--header', 'nope'], /Name: value/],
    ['a reserved header', ['get', 'http://127.0.0.1/a', '--header', 'Range: bytes=0-'], /cannot be overridden/],
    ['a header value Node cannot send (beyond Latin-1)', ['get', 'http://127.0.0.1/a', '--header', 'X-Token: \u20ac'], /control character or a character beyond Latin-1/],
    ['a header value with a control character', ['get', 'http://127.0.0.1/a', '--header', 'X-Token: a\u0007b'], /control character/],
    ['a bad number', ['get', 'http://127.0.0.1/a', '-j', '0'], /at least 1/],
    ['too many connections', ['get', 'http://127.0.0.1/a', '-c', '33'], /from 1 to 32/],
    ['an unknown command', ['fetch'], /unknown command/],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const run = await runCli([...args, '--db', db]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.deepEqual(await box.files(), []);
    });
  }
});

test('a destination that cannot be a folder exits 1 with a clear message', async () => {
  await writeFile(path.join(box.dir, 'occupied'), 'x');
  const run = await runCli(['get', server.url('/file?size=10'), '-d', path.join(box.dir, 'occupied', 'sub'), '--db', db]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /cannot write to the folder .*ENOTDIR/);
});

test('a database that is not a database is an error, never replaced', async () => {
  const bogus = path.join(box.aside, 'bogus.db');
  await writeFile(bogus, 'this is not sqlite, but it is the user\'s file'.repeat(100));
  const run = await runCli(['list', '--db', bogus]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /cannot open the queue database/);
  assert.equal(await sha256File(bogus), sha256('this is not sqlite, but it is the user\'s file'.repeat(100)));
});

/**
 * Waits until `condition` holds while `run` is still going. A run that ends
 * first (it finished before the moment the test waits for, or failed) fails at
 * once, with what it printed, instead of being waited on until the timeout.
 */
async function waitFor(run: CliProcess, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended: CliRun | undefined;
  void run.done.then((result) => (ended = result));
  while (!condition()) {
    if (ended !== undefined) throw new Error(`the run ended (code ${ended.code}, signal ${ended.signal}) before the moment waited for; it printed:\n${ended.stdout}${ended.stderr}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting; the run printed so far:\n${run.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
