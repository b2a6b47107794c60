import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { newTransferState } from '../../main/engine/transfer-state.js';
import { makeGzip, makePayload, makeText, sha256, sha256File } from '../fixtures/payload.js';
import { runDownload } from './engine-harness.js';
import { box, file, server, useFixtureSuite } from './fixture-suite.js';

const MiB = 1 << 20;

useFixtureSuite();

let keys = 0;
const key = (): string => `k${(keys += 1)}`;

describe('a correct server', () => {
  test('the file arrives byte for byte under the name from the URL', async () => {
    const { result, error } = await runDownload(server.url('/file?size=3000000&seed=7'), box.dir);
    assert.equal(error, undefined);
    assert.equal(result?.filePath, file('file'));
    assert.equal(await sha256File(file('file')), sha256(makePayload(3_000_000, 7)));
    assert.deepEqual(await box.files(), ['file']);
  });

  test('a folder that does not exist yet is made, with its parents, and the file arrives in it', async () => {
    const dir = path.join(box.dir, 'new', 'sub');
    const { result, error } = await runDownload(server.url('/file?size=100000&seed=8'), dir);
    assert.equal(error, undefined, error?.message);
    assert.equal(result?.filePath, path.join(dir, 'file'));
    assert.equal(await sha256File(path.join(dir, 'file')), sha256(makePayload(100_000, 8)));
    assert.deepEqual(await readdir(dir), ['file']);
  });

  test('a folder that cannot be made (a file is in its way) is a file problem, not a connection to retry', async () => {
    await writeFile(file('blocker'), 'x');
    const { error } = await runDownload(server.url('/file?size=1000'), path.join(box.dir, 'blocker', 'sub'));
    assert.equal(error?.code, 'file_error', error?.message);
    assert.equal(await readFile(file('blocker'), 'utf8'), 'x');
  });

  test('every request asks for identity encoding', async () => {
    await runDownload(server.url('/file?size=1000'), box.dir);
    assert.equal(server.requestsTo('/file').at(-1)?.headers['accept-encoding'], 'identity');
  });

  test('an existing file is never overwritten: the new one is "name (1)"', async () => {
    await writeFile(file('file'), 'precious');
    const { result } = await runDownload(server.url('/file?size=1000'), box.dir);
    assert.equal(result?.fileName, 'file (1)');
    assert.equal(await readFile(file('file'), 'utf8'), 'precious');
    assert.equal(await sha256File(file('file (1)')), sha256(makePayload(1000)));
  });

  test('an empty file is downloaded as an empty file', async () => {
    const { result, error } = await runDownload(server.url('/empty'), box.dir);
    assert.equal(error, undefined);
    assert.equal((await stat(result?.filePath ?? '')).size, 0);
    assert.deepEqual(await box.files(), ['empty']);
  });

  test('a body without Content-Length (chunked) is complete when the server ends it properly', async () => {
    const { error } = await runDownload(server.url('/file?size=500000&chunked=1&name=chunked.bin'), box.dir);
    assert.equal(error, undefined);
    assert.equal(await sha256File(file('chunked.bin')), sha256(makePayload(500_000)));
  });

  test('checkpoints never claim more than the partial file holds', async () => {
    const sizes: number[] = [];
    const claims: string[] = [];
    const { checkpoints } = await runDownload(server.url('/drip?size=400000&chunk=40000&every=30&name=drip.bin'), box.dir, {
      limits: { checkpointIntervalMs: 20 },
      // Read as the checkpoint is taken, before the next byte is written: the .part must already hold what it claims.
      onCheckpoint: (checkpoint) => {
        if (checkpoint.durableBytes === 0) return;
        const held = existsSync(file('drip.bin.part')) ? statSync(file('drip.bin.part')).size : 0;
        if (held < checkpoint.durableBytes) claims.push(`${checkpoint.durableBytes} claimed, ${held} held`);
        sizes.push(checkpoint.durableBytes);
      },
    });
    assert.ok(checkpoints.length >= 3 && sizes.length >= 3, `${checkpoints.length} checkpoints, ${sizes.length} with bytes`);
    assert.deepEqual(claims, [], 'no checkpoint got ahead of the partial file');
    assert.deepEqual([...sizes].sort((a, b) => a - b), sizes, 'durable bytes only grow');
    assert.equal(await sha256File(file('drip.bin')), sha256(makePayload(400_000)));
  });
});

describe('resume', () => {
  // A stall (not a reset) cuts these bodies: every byte sent before the cut is surely read, so the offsets are exact.
  test('a body cut mid-way resumes with Range and If-Range (strong ETag)', async () => {
    const k = key();
    const url = server.url(`/stall?size=${2 * MiB}&at=700000&times=1&key=${k}&name=r.bin`);
    const cut = await runDownload(url, box.dir, { limits: { idleTimeoutMs: 300 } });
    assert.equal(cut.error?.code, 'stalled');
    const { error } = await runDownload(url, box.dir, { state: cut.state });
    assert.equal(error, undefined);
    assert.equal(await sha256File(file('r.bin')), sha256(makePayload(2 * MiB)));
    const [first, second] = server.requestsTo(`/stall?size=${2 * MiB}&at=700000&times=1&key=${k}`);
    assert.equal(first?.headers.range, undefined);
    assert.equal(second?.headers.range, 'bytes=700000-');
    assert.equal(second?.headers['if-range'], `"1-${2 * MiB}"`);
  });

  test('without an ETag, Last-Modified is the validator', async () => {
    const k = key();
    const url = server.url(`/stall?size=100000&at=40000&times=1&key=${k}&etag=none&name=lm.bin`);
    const cut = await runDownload(url, box.dir, { limits: { idleTimeoutMs: 300 } });
    assert.equal(cut.error?.code, 'stalled');
    const { error } = await runDownload(url, box.dir, { state: cut.state });
    assert.equal(error, undefined);
    assert.equal(await sha256File(file('lm.bin')), sha256(makePayload(100_000)));
    const second = server.requestsTo(`/stall?size=100000&at=40000&times=1&key=${k}`)[1];
    assert.equal(second?.headers.range, 'bytes=40000-');
    assert.match(second?.headers['if-range'] ?? '', /GMT$/);
  });

  test('with only a weak ETag and no date there is nothing to prove the file unchanged: restart from zero', async () => {
    const k = key();
    const url = server.url(`/reset?size=100000&at=40000&times=1&key=${k}&etag=weak&lm=none&name=w.bin`);
    const cut = await runDownload(url, box.dir);
    assert.equal(cut.error?.retryable, true, `${cut.error?.code}: ${cut.error?.message}`);
    const { error } = await runDownload(url, box.dir, { state: cut.state });
    assert.equal(error, undefined);
    assert.equal(await sha256File(file('w.bin')), sha256(makePayload(100_000)));
    const second = server.requestsTo(`/reset?size=100000&at=40000&times=1&key=${k}`)[1];
    assert.equal(second?.headers.range, undefined);
  });

  test('a server that ignores Range gets the whole file again, never appended', async () => {
    const partial = makePayload(300_000).subarray(0, 100_000);
    await writeFile(file('ignore-range.part'), partial);
    const state = { ...newTransferState(server.url('/ignore-range?size=300000')), fileName: 'ignore-range', totalBytes: 300_000, validator: { etag: '"1-300000"' }, durableBytes: 100_000 };
    const { error } = await runDownload(state.url, box.dir, { state });
    assert.equal(error, undefined);
    assert.equal(await sha256File(file('ignore-range')), sha256(makePayload(300_000)));
    assert.equal(server.requestsTo('/ignore-range?size=300000').at(-1)?.headers.range, 'bytes=100000-');
  });

  test('a file that changed on the server (new ETag) is restarted, not mixed', async () => {
    const k = key();
    const url = server.url(`/changing?size=200000&key=${k}`);
    const stop = new AbortController();
    const first = await runDownload(url, box.dir, {
      signal: stop.signal,
      limits: { checkpointIntervalMs: 0 },
      onProgress: (bytes) => {
        if (bytes >= 65_536) stop.abort();
      },
    });
    assert.equal(first.error?.code, 'canceled');
    assert.ok(first.state.durableBytes > 0, 'the first version was partly saved');
    const { error } = await runDownload(url, box.dir, { state: first.state });
    assert.equal(error, undefined);
    assert.equal(await sha256File(file('changing')), sha256(makePayload(200_000, 2)));
    assert.equal(server.requestsTo(`/changing?size=200000&key=${k}`)[1]?.headers['if-range'], '"1-200000"');
  });

  test('a 206 for the wrong range is not written: the download restarts', async () => {
    await writeFile(file('bad-content-range.part'), makePayload(100_000).subarray(0, 50_000));
    const state = { ...newTransferState(server.url('/bad-content-range?size=100000')), fileName: 'bad-content-range', totalBytes: 100_000, validator: { etag: '"1-100000"' }, durableBytes: 50_000 };
    const { error } = await runDownload(state.url, box.dir, { state });
    assert.equal(error, undefined);
    assert.equal(await sha256File(file('bad-content-range')), sha256(makePayload(100_000)));
    const requests = server.requestsTo('/bad-content-range?size=100000');
    assert.equal(requests.at(-2)?.headers.range, 'bytes=50000-');
    assert.equal(requests.at(-1)?.headers.range, undefined);
  });

  test('a partial file that is already complete is finished without downloading again (416)', async () => {
    await writeFile(file('file.part'), makePayload(5000));
    const state = { ...newTransferState(server.url('/file?size=5000&seed=1')), fileName: 'file', totalBytes: 5000, validator: { etag: '"1-5000"' }, durableBytes: 5000 };
    const { error } = await runDownload(state.url, box.dir, { state });
    assert.equal(error, undefined);
    assert.deepEqual(await box.files(), ['file']);
    assert.equal(await sha256File(file('file')), sha256(makePayload(5000)));
  });

  test('bytes past the durable length are not trusted: they are fetched again', async () => {
    const garbage = Buffer.concat([makePayload(60_000).subarray(0, 30_000), Buffer.alloc(30_000, 0xff)]);
    await writeFile(file('file.part'), garbage);
    const state = { ...newTransferState(server.url('/file?size=60000')), fileName: 'file', totalBytes: 60_000, validator: { etag: '"1-60000"' }, durableBytes: 30_000 };
    const { error } = await runDownload(state.url, box.dir, { state });
    assert.equal(error, undefined);
    assert.equal(await sha256File(file('file')), sha256(makePayload(60_000)));
    assert.equal(server.requestsTo('/file?size=60000').at(-1)?.headers.range, 'bytes=30000-');
  });

  test('a cancelled download keeps its .part and the next run finishes it', async () => {
    const stop = new AbortController();
    const url = server.url(`/drip?size=300000&chunk=20000&every=20&name=slow.bin`);
    const first = await runDownload(url, box.dir, {
      signal: stop.signal,
      onProgress: (bytes) => {
        if (bytes >= 100_000) stop.abort();
      },
    });
    assert.equal(first.error?.code, 'canceled');
    assert.deepEqual(await box.files(), ['slow.bin.part']);
    assert.ok((await stat(file('slow.bin.part'))).size >= first.state.durableBytes);
    const resumedFrom = first.state.durableBytes;
    const second = await runDownload(url, box.dir, { state: first.state });
    assert.equal(second.error, undefined);
    assert.equal(await sha256File(file('slow.bin')), sha256(makePayload(300_000)));
    assert.equal(server.requestsTo('/drip?size=300000').at(-1)?.headers.range, `bytes=${resumedFrom}-`);
  });
});

describe('broken bodies', () => {
  test('a stalled body trips the idle watchdog, retryably, and the next attempt finishes the file', async () => {
    const url = server.url(`/stall?size=200000&at=50000&times=1&key=${key()}&name=s.bin`);
    const cut = await runDownload(url, box.dir, { limits: { idleTimeoutMs: 300 } });
    assert.equal(cut.error?.code, 'stalled');
    assert.equal(cut.error.retryable, true);
    const { error } = await runDownload(url, box.dir, { state: cut.state });
    assert.equal(error, undefined);
    assert.equal(await sha256File(file('s.bin')), sha256(makePayload(200_000)));
  });

  test('a stalled attempt fails as stalled and leaves only the .part', async () => {
    const { error } = await runDownload(server.url(`/stall?size=200000&at=50000&key=${key()}&name=s.bin`), box.dir, {
      limits: { idleTimeoutMs: 300 },
    });
    assert.equal(error?.code, 'stalled');
    assert.deepEqual(await box.files(), ['s.bin.part']);
  });

  test('a slow body that keeps moving is not a stall', async () => {
    const { error } = await runDownload(server.url('/drip?size=60000&chunk=6000&every=100&name=d.bin'), box.dir, {
      limits: { idleTimeoutMs: 400 },
    });
    assert.equal(error, undefined);
    assert.equal(await sha256File(file('d.bin')), sha256(makePayload(60_000)));
  });

  test('a body shorter than its Content-Length is an error, never a complete file', async () => {
    const { error } = await runDownload(server.url(`/short?size=50000&claim=80000&key=${key()}&name=short.bin`), box.dir);
    assert.equal(error?.code, 'body_incomplete');
    assert.match(error?.message ?? '', /of 80000 bytes/);
    assert.deepEqual(await box.files(), ['short.bin.part']);
  });

  test('a chunked body cut before its last chunk is an error, never a complete file', async () => {
    const { error } = await runDownload(server.url(`/chunked-cut?size=80000&at=30000&key=${key()}&name=cut.bin`), box.dir);
    assert.ok(error?.retryable, `${error?.code}: ${error?.message}`);
    assert.deepEqual(await box.files(), ['cut.bin.part']);
  });

  test('a chunked body cut once is finished by the next attempt', async () => {
    const url = server.url(`/chunked-cut?size=80000&at=30000&times=1&key=${key()}&name=cut.bin`);
    const cut = await runDownload(url, box.dir);
    assert.equal(cut.error?.retryable, true, `${cut.error?.code}: ${cut.error?.message}`);
    const { error } = await runDownload(url, box.dir, { state: cut.state });
    assert.equal(error, undefined);
    assert.equal(await sha256File(file('cut.bin')), sha256(makePayload(80_000)));
  });

  test('an attempt cut by a reset keeps what it saved: the next one asks only for the rest', async () => {
    const url = server.url(`/reset?size=200000&at=30000&times=20&key=${key()}&name=p.bin`);
    const cut = await runDownload(url, box.dir);
    assert.equal(cut.error?.retryable, true, `${cut.error?.code}: ${cut.error?.message}`);
    const saved = cut.state.durableBytes;
    assert.ok(saved > 0 && saved <= 30_000, `${saved} bytes saved`);
    await runDownload(url, box.dir, { state: cut.state });
    assert.equal(server.requestsTo(url.slice(server.origin.length)).at(-1)?.headers.range, `bytes=${saved}-`);
  });
});

test('a server that accepts the connection but never answers times out, retryably', async () => {
  const { createServer } = await import('node:net');
  const sockets: import('node:net').Socket[] = [];
  const silent = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as import('node:net').AddressInfo;
  try {
    const { error } = await runDownload(`http://127.0.0.1:${port}/x`, box.dir, { limits: { connectTimeoutMs: 200 } });
    assert.equal(error?.code, 'connect_timeout');
    assert.equal(error?.retryable, true);
    assert.deepEqual(await box.files(), []);
  } finally {
    for (const socket of sockets) socket.destroy();
    silent.close();
  }
});

describe('redirects', () => {
  test('a chain of redirects is followed and the file named after where it ended', async () => {
    const { error, state } = await runDownload(server.url('/redirect?n=4&to=/file%3Fsize%3D9000'), box.dir);
    assert.equal(error, undefined);
    assert.deepEqual(await box.files(), ['file']);
    assert.equal(await sha256File(file('file')), sha256(makePayload(9000)));
    assert.match(state.url, /\/redirect\?n=4/, 'temporary redirects do not change the stored URL');
  });

  test('a permanent redirect updates the stored URL', async () => {
    const { error, state } = await runDownload(server.url('/redirect?n=1&code=301&to=/file%3Fsize%3D100'), box.dir);
    assert.equal(error, undefined);
    assert.equal(state.url, server.url('/file?size=100'));
  });

  test('a redirect loop stops after ten hops', async () => {
    const { error } = await runDownload(server.url('/redirect-loop'), box.dir);
    assert.equal(error?.code, 'too_many_redirects');
    assert.equal(server.requestsTo('/redirect-loop').length, 11);
    assert.deepEqual(await box.files(), []);
  });

  for (const location of ['ftp://127.0.0.1/x', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/plain,hi']) {
    test(`a redirect to ${location.split(':')[0]}: is refused`, async () => {
      const { error } = await runDownload(server.url(`/redirect-to?location=${encodeURIComponent(location)}`), box.dir);
      assert.equal(error?.code, 'redirect_scheme');
      assert.deepEqual(await box.files(), []);
    });
  }
});

describe('status codes', () => {
  // Whether and when these are tried again is the queue's: queue.test.ts and queue-policy.test.ts.
  test('429 with Retry-After is a retryable server_busy carrying the time the server asked for', async () => {
    const { error } = await runDownload(server.url(`/flaky?key=${key()}&fail=1&code=429&retry-after=1&size=1000&name=f.bin`), box.dir);
    assert.equal(error?.code, 'server_busy');
    assert.equal(error.retryable, true);
    assert.equal(error.retryAfterMs, 1000);
    assert.deepEqual(await box.files(), []);
  });

  test('a 502 is a retryable server_error that names the status', async () => {
    const { error } = await runDownload(server.url('/status/502'), box.dir);
    assert.equal(error?.code, 'server_error');
    assert.equal(error.retryable, true);
    assert.match(error.message, /HTTP 502/);
  });

  for (const [status, code] of [
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [410, 'gone'],
  ] as const) {
    test(`${status} fails at once as ${code}`, async () => {
      const before = server.requestsTo(`/status/${status}`).length;
      const { error } = await runDownload(server.url(`/status/${status}`), box.dir);
      assert.equal(error?.code, code);
      assert.equal(error.retryable, false, 'never retried');
      assert.equal(server.requestsTo(`/status/${status}`).length - before, 1, 'one request');
      assert.deepEqual(await box.files(), []);
    });
  }
});

describe('hostile names', () => {
  const cases: [string, string][] = [
    ['../../../evil.sh', 'evil.sh'],
    ['/etc/cron.d/job', 'job'],
    ['..\\..\\win.ini', 'win.ini'],
    ['.hidden', 'hidden'],
    ['CON', '_CON'],
    ['a\u202Etxt.exe', 'atxt.exe'],
    ['dots...', 'dots'],
    ['invoice.pdf.lnk', 'invoice.pdf.lnk.download'],
    ['launcher.DESKTOP', 'launcher.DESKTOP.download'],
    ['harmless.{20D04FE0-3AEA-1069-A2D8-08002B30309D}', 'harmless.download'],
    ['desktop.ini', '_desktop.ini'],
    ['Thumbs.db', '_Thumbs.db'],
  ];
  for (const [suggested, expected] of cases) {
    test(`Content-Disposition filename ${JSON.stringify(suggested)} is saved as ${JSON.stringify(expected)}`, async () => {
      const { error } = await runDownload(server.url(`/file?size=100&name=${encodeURIComponent(suggested)}`), box.dir);
      assert.equal(error, undefined);
      assert.deepEqual(await box.files(), [expected]);
    });
  }

  test('control characters encoded in filename* become underscores', async () => {
    const header = `attachment; filename*=UTF-8''%07bell%00%0A.txt`;
    const { error } = await runDownload(server.url(`/file?size=100&disposition=${encodeURIComponent(header)}`), box.dir);
    assert.equal(error, undefined);
    assert.deepEqual(await box.files(), ['_bell__.txt']);
  });

  test('raw UTF-8 in filename= is read as UTF-8, as browsers do', async () => {
    const { error } = await runDownload(server.url(`/file?size=100&name=${encodeURIComponent('résumé 東京.pdf')}`), box.dir);
    assert.equal(error, undefined);
    assert.deepEqual(await box.files(), ['résumé 東京.pdf']);
  });

  const dispositions: [header: string, expected: string][] = [
    ['attachment; filename="=?gbk?B?1tDOxC5wZGY=?="', '中文.pdf'],
    ["attachment; filename*=Shift_JIS''%93%FA%96%7B%8C%EA.txt", '日本語.txt'],
    ["attachment; filename*0*=UTF-8''foo-%c3%a4; filename*1=\".html\"", 'foo-ä.html'],
    ['attachment; filename=foo%00bar.jpg', 'foo_bar.jpg'],
    // Escapes that are not UTF-8, a malformed encoded word, bytes invalid in their charset: the URL names the file.
    ['attachment; filename=%B7%DD%BD%D1.png', 'file'],
    ['attachment; filename="=?utf-8?Q?caf=EG?="', 'file'],
    ["attachment; filename*=utf-8''caf%E9.png", 'file'],
    // Never a name from inside another parameter, nor after a bare token.
    ['attachment; note="x; filename=evil.exe"', 'file'],
    ['inline; attachment; filename=evil.exe', 'file'],
  ];
  for (const [header, expected] of dispositions) {
    test(`Content-Disposition ${JSON.stringify(header)} is saved as ${JSON.stringify(expected)}`, async () => {
      const { error } = await runDownload(server.url(`/file?size=100&disposition=${encodeURIComponent(header)}`), box.dir);
      assert.equal(error, undefined);
      assert.deepEqual(await box.files(), [expected]);
      assert.equal(await sha256File(file(expected)), sha256(makePayload(100)));
    });
  }

  test('filename* (RFC 5987) wins over filename', async () => {
    const header = `attachment; filename="plain.txt"; filename*=UTF-8''%E2%82%AC%20rates%2F..%2F.txt`;
    const { error } = await runDownload(server.url(`/file?size=100&disposition=${encodeURIComponent(header)}`), box.dir);
    assert.equal(error, undefined);
    assert.deepEqual(await box.files(), ['txt']);
  });

  test('a name of 1000 characters is shortened to fit the file system', async () => {
    const { error, result } = await runDownload(server.url(`/file?size=100&name=${'x'.repeat(1000)}.iso`), box.dir);
    assert.equal(error, undefined);
    assert.ok(Buffer.byteLength(result?.fileName ?? '') <= 240);
    assert.ok(result?.fileName.endsWith('.iso'));
  });

  test('a name given by the user is sanitised the same way', async () => {
    const { result } = await runDownload(server.url('/file?size=100'), box.dir, { request: { fileName: '../../escape.txt' } });
    assert.equal(result?.fileName, 'escape.txt');
  });
});

describe('content encoding', () => {
  test('a server that gzips despite identity: the file is saved decoded', async () => {
    const { error } = await runDownload(server.url('/gzip?size=300000&seed=3'), box.dir);
    assert.equal(error, undefined);
    assert.equal(await sha256File(file('gzip')), sha256(makeText(300_000, 3)));
  });

  test('a .tar.gz served with Content-Encoding: gzip keeps the bytes as sent', async () => {
    const { error } = await runDownload(server.url('/gzip?size=300000&seed=3&name=backup.tar.gz'), box.dir);
    assert.equal(error, undefined);
    assert.equal(await sha256File(file('backup.tar.gz')), sha256(makeGzip(300_000, 3)));
  });
});

describe('checksums', () => {
  for (const algorithm of ['sha256', 'sha1', 'md5'] as const) {
    test(`a matching ${algorithm} completes the file`, async () => {
      const { createHash } = await import('node:crypto');
      const hex = createHash(algorithm).update(makePayload(20_000)).digest('hex');
      const { error } = await runDownload(server.url('/file?size=20000'), box.dir, { request: { checksum: { algorithm, hex } } });
      assert.equal(error, undefined);
      assert.deepEqual(await box.files(), ['file']);
    });
  }

  test('a mismatch fails and keeps nothing under the final name', async () => {
    const { error } = await runDownload(server.url('/file?size=20000'), box.dir, { request: { checksum: { algorithm: 'sha256', hex: '0'.repeat(64) } } });
    assert.equal(error?.code, 'checksum_mismatch');
    assert.deepEqual(await box.files(), []);
  });
});
