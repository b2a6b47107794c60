import assert from 'node:assert/strict';
import { closeSync, openSync, readSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { startFixtureServer, type FixtureServer, type RecordedRequest } from '../fixtures/fixture-server.js';
import { makePayload, readFileRange, sha256, sha256File } from '../fixtures/payload.js';
import { etagFor } from '../fixtures/routes/file-options.js';
import { nodeFileSystem, type FileSystem } from '../../main/engine/file-system.js';
import { makeSandbox, runDownload, type Sandbox } from './engine-harness.js';
import { isState, makeQueueRig, waitForTask } from './queue-harness.js';

const MiB = 1 << 20;
const TEST = { timeout: 30_000 };

let server: FixtureServer;
let box: Sandbox;

before(async () => {
  server = await startFixtureServer();
});
after(async () => {
  await server.close();
});
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.remove();
});

/** The first byte a request asked for, or undefined without a Range header. */
function rangeStart(request: RecordedRequest): number | undefined {
  const match = /^bytes=(\d+)-/.exec(request.headers.range ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Every byte of `[start, end)` in the file equals the payload's: what was recorded as durable really is the file. */
async function assertRangesMatch(file: string, payload: Buffer, ranges: readonly { start: number; end: number }[]): Promise<void> {
  for (const { start, end } of ranges) {
    if (end === start) continue;
    assert.ok((await readFileRange(file, start, end)).equals(payload.subarray(start, end)), `bytes ${start}-${end - 1} are the payload's`);
  }
}

describe('segmented downloads', () => {
  test('a file is split over the connections asked for, every range request carries If-Range, the bytes are right', TEST, async () => {
    const size = 8 * MiB;
    const route = `/drip?size=${size}&seed=11&chunk=65536&every=10&name=split.bin`;
    const outcome = await runDownload(server.url(route), box.dir, { connections: 4, limits: { checkpointIntervalMs: 50 } });
    assert.equal(outcome.error, undefined, outcome.error?.message);
    assert.equal(await sha256File(path.join(box.dir, 'split.bin')), sha256(makePayload(size, 11)));
    assert.deepEqual(await box.files(), ['split.bin']);

    const requests = server.requestsTo(route);
    const [first, ...others] = requests;
    assert.equal(first?.headers.range, 'bytes=0-', 'the first request asks for the whole file as a range');
    assert.ok(others.length >= 3, `${others.length + 1} requests for 4 connections`);
    for (const request of others) {
      assert.equal(request.headers['if-range'], etagFor(11, size), `If-Range on ${request.headers.range}`);
      assert.equal(request.status, 206);
    }
    assert.ok(Math.max(...requests.map((request) => request.openAtArrival)) >= 3, 'the connections overlapped');
    const recorded = outcome.checkpoints.filter((checkpoint) => checkpoint.segments !== undefined);
    assert.ok(recorded.some((checkpoint) => (checkpoint.segments?.length ?? 0) >= 2), 'progress was recorded per range');
    assert.equal(outcome.state.segments, undefined, 'a finished file keeps no ranges');
  });

  test('a connection that finishes early takes half of the slowest range (no idle connection at the tail)', TEST, async () => {
    const size = 8 * MiB;
    // The answer from byte 0 drips at about 1.6 MB/s; every other range arrives at once.
    const route = `/uneven?size=${size}&seed=12&chunk=32768&every=20&name=tail.bin`;
    const outcome = await runDownload(server.url(route), box.dir, { connections: 2 });
    assert.equal(outcome.error, undefined, outcome.error?.message);
    assert.equal(await sha256File(path.join(box.dir, 'tail.bin')), sha256(makePayload(size, 12)));
    const half = size / 2;
    const starts = server.requestsTo(route).map(rangeStart);
    assert.ok(starts.includes(half), 'the second connection starts at the middle');
    const stolen = starts.filter((start) => start !== undefined && start > 0 && start < half);
    assert.ok(stolen.length >= 1, `ranges taken from the slow first half: ${JSON.stringify(starts)}`);
  });

  test('when range requests get 200, the download falls back to one connection and never writes a body at the wrong offset', TEST, async () => {
    const size = 4 * MiB;
    // Honours the first range request (the one that reveals the size), then answers 200 to every other.
    const route = `/range-only-once?size=${size}&seed=13&key=fallback&name=fallback.bin`;
    const outcome = await runDownload(server.url(route), box.dir, { connections: 4 });
    assert.equal(outcome.error, undefined, outcome.error?.message);
    assert.equal(await sha256File(path.join(box.dir, 'fallback.bin')), sha256(makePayload(size, 13)));
    const requests = server.requestsTo(route);
    assert.ok(requests.some((request) => request.status === 200 && rangeStart(request) !== 0), 'a range request was answered 200');
    assert.ok(requests.length <= 8, `${requests.length} requests: one fallback, not a loop`);
  });

  test('servers that turn extra connections away (503) get fewer connections, and the download completes', TEST, async () => {
    const size = 6 * MiB;
    const route = `/busy?size=${size}&seed=14&max=2&chunk=65536&every=10&name=busy.bin`;
    const outcome = await runDownload(server.url(route), box.dir, { connections: 6 });
    assert.equal(outcome.error, undefined, outcome.error?.message);
    assert.equal(await sha256File(path.join(box.dir, 'busy.bin')), sha256(makePayload(size, 14)));
    const requests = server.requestsTo(route);
    assert.ok(requests.some((request) => request.status === 503), 'the server did refuse some connections');
    assert.ok(requests.filter((request) => request.status === 503).length <= 6, 'each refusal lowered the count: no retry storm');
  });

  test('a range is recorded as durable only once its bytes are in the file', TEST, async () => {
    const size = 8 * MiB;
    const payload = makePayload(size, 18);
    const route = `/drip?size=${size}&seed=18&chunk=65536&every=10&name=recorded.bin`;
    const part = path.join(box.dir, 'recorded.bin.part');
    const wrong: string[] = [];
    let checked = 0;
    const outcome = await runDownload(server.url(route), box.dir, {
      connections: 4,
      limits: { checkpointIntervalMs: 20 },
      onCheckpoint: (state) => {
        // Read at the very moment of recording, before any later write can land.
        if (state.segments === undefined || state.durableBytes === state.totalBytes) return;
        const fd = openSync(part, 'r');
        try {
          for (const { start, durableEnd } of state.segments) {
            const bytes = Buffer.alloc(durableEnd - start);
            const read = readSync(fd, bytes, 0, bytes.length, start);
            if (read !== bytes.length || !bytes.equals(payload.subarray(start, durableEnd))) wrong.push(`${start}-${durableEnd}`);
            checked += 1;
          }
        } finally {
          closeSync(fd);
        }
      },
    });
    assert.equal(outcome.error, undefined, outcome.error?.message);
    assert.ok(checked >= 8, `${checked} ranges checked`);
    assert.deepEqual(wrong, [], 'every range recorded as durable was in the file');
    assert.equal(await sha256File(path.join(box.dir, 'recorded.bin')), sha256(payload));
  });

  test('an interrupted segmented download keeps every durable range and resumes each where it stopped', TEST, async () => {
    const size = 8 * MiB;
    const payload = makePayload(size, 15);
    const route = `/drip?size=${size}&seed=15&chunk=32768&every=10&name=resume.bin`;
    const controller = new AbortController();
    const first = await runDownload(server.url(route), box.dir, {
      connections: 4,
      limits: { checkpointIntervalMs: 50 },
      signal: controller.signal,
      onProgress: (bytes) => {
        if (bytes >= 3 * MiB) controller.abort();
      },
    });
    assert.equal(first.error?.code, 'canceled');
    const segments = first.state.segments ?? [];
    assert.ok(segments.filter((segment) => segment.durableEnd > segment.start).length >= 2, `several ranges in progress: ${JSON.stringify(segments)}`);
    assert.deepEqual(await box.files(), ['resume.bin.part']);
    await assertRangesMatch(
      path.join(box.dir, 'resume.bin.part'),
      payload,
      segments.map((segment) => ({ start: segment.start, end: segment.durableEnd })),
    );

    const before = server.requestsTo(route).length;
    const second = await runDownload(server.url(route), box.dir, { connections: 4, state: first.state });
    assert.equal(second.error, undefined, second.error?.message);
    assert.equal(await sha256File(path.join(box.dir, 'resume.bin')), sha256(payload));
    const resumed = server.requestsTo(route).slice(before);
    const unfinished = segments.filter((segment) => segment.durableEnd < segment.end);
    for (const segment of unfinished) {
      const request = resumed.find((candidate) => candidate.headers.range === `bytes=${segment.durableEnd}-${segment.end - 1}`);
      assert.ok(request, `range ${segment.durableEnd}-${segment.end - 1} resumed where it stopped`);
      assert.equal(request.headers['if-range'], etagFor(15, size));
    }
    assert.ok(resumed.every((request) => rangeStart(request) !== 0 || segments.some((segment) => segment.durableEnd === 0)), 'nothing restarted from zero');
  });
});

describe('segmented downloads under stress', () => {
  test('a pause that lands before the ranges start opens no range connection', TEST, async () => {
    const route = `/drip?size=${8 * MiB}&seed=22&chunk=65536&every=10&name=early.bin`;
    const controller = new AbortController();
    const outcome = await runDownload(server.url(route), box.dir, {
      connections: 4,
      signal: controller.signal,
      // The ranges are planned and recorded; the connections have not opened yet.
      onCheckpoint: (state) => {
        if (state.segments !== undefined) controller.abort();
      },
    });
    assert.equal(outcome.error?.code, 'canceled');
    assert.deepEqual(
      server.requestsTo(route).map((request) => request.headers.range),
      ['bytes=0-'],
      'only the request that found the size',
    );
  });

  test('a fatal answer on one connection stops the others at once, the first one included', TEST, async () => {
    // The first connection drips at about 330 KB/s: finishing its quarter would take over 6 s.
    const route = `/range-then-fail?size=${8 * MiB}&seed=23&code=403&chunk=16384&every=50&name=fatal.bin`;
    const started = Date.now();
    const outcome = await runDownload(server.url(route), box.dir, { connections: 4 });
    assert.equal(outcome.error?.code, 'forbidden');
    assert.ok(Date.now() - started < 3_000, `stopped after ${Date.now() - started} ms`);
    assert.deepEqual(await box.files(), ['fatal.bin.part'], 'the partial file is kept for a later retry');
  });

  test('a server that answers ranges with fewer bytes than asked gets asked for the rest', TEST, async () => {
    const size = 4 * MiB;
    const route = `/capped-range?size=${size}&seed=24&cap=524288&name=capped.bin`;
    const outcome = await runDownload(server.url(route), box.dir, { connections: 4 });
    assert.equal(outcome.error, undefined, outcome.error?.message);
    assert.equal(await sha256File(path.join(box.dir, 'capped.bin')), sha256(makePayload(size, 24)));
    assert.ok(server.requestsTo(route).length >= size / 524_288, 'every capped answer was followed by a request for the rest');
  });

  test('a wrong checksum on a segmented file keeps nothing: no final file, no .part, no ranges to resume', TEST, async () => {
    const route = `/file?size=${4 * MiB}&seed=26&name=sum.bin`;
    const outcome = await runDownload(server.url(route), box.dir, {
      connections: 4,
      request: { checksum: { algorithm: 'sha256', hex: '0'.repeat(64) } },
    });
    assert.equal(outcome.error?.code, 'checksum_mismatch');
    assert.deepEqual(await box.files(), []);
    assert.equal(outcome.state.segments, undefined);
    assert.equal(outcome.state.durableBytes, 0);
  });

  for (const connections of [1, 4]) {
    test(`after a failed fsync nothing more is recorded as durable (${connections} connection${connections > 1 ? 's' : ''})`, TEST, async () => {
      const route = `/drip?size=${8 * MiB}&seed=25&chunk=65536&every=10&name=fsync${connections}.bin`;
      let syncs = 0;
      let failedAt: number | undefined;
      const fs: FileSystem = {
        ...nodeFileSystem,
        open: async (file, flags) => {
          const handle = await nodeFileSystem.open(file, flags);
          if (!file.endsWith('.part')) return handle;
          const datasync = handle.datasync.bind(handle);
          handle.datasync = async () => {
            syncs += 1;
            if (syncs === 3) throw Object.assign(new Error('fsync failed'), { code: 'EIO' });
            await datasync();
          };
          return handle;
        },
      };
      const durable: number[] = [];
      const outcome = await runDownload(server.url(route), box.dir, {
        connections,
        fs,
        limits: { checkpointIntervalMs: 20 },
        onCheckpoint: (state) => {
          durable.push(state.durableBytes);
          if (syncs >= 3) failedAt ??= durable.length - 1;
        },
      });
      assert.equal(outcome.error?.code, 'file_error', outcome.error?.message);
      assert.ok(failedAt !== undefined, 'a checkpoint came after the failure');
      const before = Math.max(...durable.slice(0, failedAt));
      assert.ok(durable.slice(failedAt).every((bytes) => bytes <= before), `durable stayed at most ${before}: ${JSON.stringify(durable.slice(failedAt))}`);
    });
  }
});

describe('segmented downloads in the queue', () => {
  test("a task's own connection count wins over the global one", TEST, async () => {
    const rig = makeQueueRig(box, { connections: 8 });
    try {
      const route = `/drip?size=${8 * MiB}&seed=27&chunk=65536&every=10&name=own.bin`;
      const [task] = rig.queue.add([{ url: server.url(route), dir: box.dir }]).tasks;
      assert.ok(task);
      assert.equal(rig.queue.setConnections(task.id, 2).connections, 2);
      rig.queue.start();
      const done = await waitForTask(rig, task.id, isState('completed', 'failed'));
      assert.equal(done.state, 'completed', done.message ?? '');
      assert.equal(await sha256File(path.join(box.dir, 'own.bin')), sha256(makePayload(8 * MiB, 27)));
      const peak = Math.max(...server.requestsTo(route).map((request) => request.openAtArrival));
      assert.equal(peak, 2, 'two connections at once, not eight');
    } finally {
      await rig.close();
    }
  });

  test('the per-host connection cap holds across downloads', TEST, async () => {
    const rig = makeQueueRig(box, { connections: 4, maxConnectionsPerHost: 3, maxConcurrent: 3, maxPerHost: 3 });
    try {
      const urls = ['a', 'b'].map((key) => server.url(`/drip?size=${6 * MiB}&seed=16&chunk=65536&every=10&key=${key}&name=${key}.bin`));
      const { tasks } = rig.queue.add(urls.map((url) => ({ url, dir: box.dir })));
      rig.queue.start();
      for (const task of tasks) await waitForTask(rig, task.id, isState('completed', 'failed'));
      for (const key of ['a', 'b']) assert.equal(await sha256File(path.join(box.dir, `${key}.bin`)), sha256(makePayload(6 * MiB, 16)));
      const requests = server.requestsTo('/drip?size=6291456&seed=16');
      const peak = Math.max(...requests.map((request) => request.openAtArrival));
      assert.ok(peak <= 3, `at most 3 connections to the host at once, saw ${peak}`);
      assert.ok(peak >= 2, 'the downloads did use more than one connection');
    } finally {
      await rig.close();
    }
  });

  test('ranges are stored with the task and a restarted queue resumes every one of them', TEST, async () => {
    const size = 8 * MiB;
    const payload = makePayload(size, 17);
    const url = server.url(`/drip?size=${size}&seed=17&chunk=32768&every=10&name=stored.bin`);
    const rig = makeQueueRig(box, { connections: 4 });
    let stored: { start: number; end: number; durable_end: number }[] = [];
    try {
      const [task] = rig.queue.add([{ url, dir: box.dir }]).tasks;
      assert.ok(task);
      rig.queue.start();
      const deadline = Date.now() + 10_000;
      const query = rig.tasks.db.prepare<[number], { start: number; end: number; durable_end: number }>(
        'SELECT start, end, durable_end FROM segments WHERE task_id = ? ORDER BY start',
      );
      while (Date.now() < deadline) {
        stored = query.all(task.id);
        if (stored.filter((row) => row.durable_end > row.start).length >= 3) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await rig.queue.stop('interrupt');
      stored = query.all(task.id);
      assert.ok(stored.filter((row) => row.durable_end > row.start).length >= 3, `ranges stored: ${JSON.stringify(stored)}`);
      await assertRangesMatch(
        path.join(box.dir, 'stored.bin.part'),
        payload,
        stored.map((row) => ({ start: row.start, end: row.durable_end })),
      );
    } finally {
      await rig.close();
    }
    const before = server.requestsTo('/drip?size=8388608&seed=17').length;
    const again = makeQueueRig(box, { connections: 4 });
    try {
      const [task] = again.tasks.list();
      assert.ok(task);
      again.queue.start();
      const done = await waitForTask(again, task.id, isState('completed', 'failed'));
      assert.equal(done.state, 'completed', done.message ?? '');
      assert.equal(await sha256File(path.join(box.dir, 'stored.bin')), sha256(payload));
      const starts = server.requestsTo('/drip?size=8388608&seed=17').slice(before).map(rangeStart);
      for (const row of stored.filter((candidate) => candidate.durable_end < candidate.end)) {
        assert.ok(starts.includes(row.durable_end), `resumed at ${row.durable_end}`);
      }
      assert.equal(again.tasks.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM segments').get()?.n, 0, 'a finished task keeps no ranges');
    } finally {
      await again.close();
    }
  });
});

describe('switching between one and several connections', () => {
  test('a resume that restarts into ranges records the reset before writing a range, not at the next batched save', TEST, async () => {
    const size = 8 * MiB;
    const payload = makePayload(size, 19);
    const kept = 6 * MiB;
    const route = `/shift-once?size=${size}&seed=19&key=reset&chunk=65536&every=10&name=reset.bin`;
    // Batched saves never come during this test: only saves made at once reach the database.
    const rig = makeQueueRig(box, { connections: 4, checkpointFlushMs: 60_000 });
    try {
      const [task] = rig.queue.add([{ url: server.url(route), dir: box.dir }]).tasks;
      assert.ok(task);
      await writeFile(path.join(box.dir, 'reset.bin.part'), payload.subarray(0, kept));
      rig.tasks.saveTransferStates(new Map([[task.id, { url: server.url(route), fileName: 'reset.bin', totalBytes: size, validator: { etag: etagFor(19, size) }, durableBytes: kept }]]), null);
      const rows = rig.tasks.db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM segments WHERE task_id = ?');
      const seen: { durable: number; segments: number }[] = [];
      const seenRanges = new Set<string>();
      // Look at the row the moment each new range request arrives: by then bytes are about to be written out of order.
      const interval = setInterval(() => {
        for (const request of server.requestsTo(route)) {
          const range = request.headers.range ?? '';
          if (seenRanges.has(range) || range === 'bytes=0-' || range === `bytes=${kept}-`) continue;
          seenRanges.add(range);
          seen.push({ durable: rig.tasks.require(task.id).doneBytes, segments: rows.get(task.id)?.n ?? 0 });
        }
      }, 1);
      rig.queue.start();
      const done = await waitForTask(rig, task.id, isState('completed', 'failed'));
      clearInterval(interval);
      assert.equal(done.state, 'completed', done.message ?? '');
      assert.equal(await sha256File(path.join(box.dir, 'reset.bin')), sha256(payload));
      assert.ok(seen.length >= 1, 'range requests were seen');
      for (const row of seen) {
        assert.ok(row.segments > 0 && row.durable < kept, `the row no longer claims the old ${kept} bytes: ${JSON.stringify(row)}`);
      }
    } finally {
      await rig.close();
    }
  });
});
