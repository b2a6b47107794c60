/**
 * The floor under scenarios (a), (b) and (c): the same files fetched by a few
 * lines of Node with got (the engine's client) or bare node:http, with
 * keep-alive, N at a time, each written as the engine writes (1 MiB writev
 * batches, an fdatasync every 250 ms and at the end) under `<name>.part`,
 * then renamed, and the folder fsynced once at the end — Peregrine's
 * durability without its queue, database or checks. The bench runs it as the
 * tools `got-floor` and `http-floor`:
 *
 *   node dist/test/bench/http-floor.js got|http LIST OUT CONCURRENCY
 *   node dist/test/bench/http-floor.js got|http ranges URL OUT CONNECTIONS
 *
 * The second, for (b), fetches one file over CONNECTIONS ranges as the
 * engine does: a first request for `bytes=0-` reveals the size, its answer
 * is read for the first range and the others are asked for at once, each
 * written at its offset in one `.part` file (one fdatasync every 250 ms for
 * all of them, and at the end). No rebalancing, checks or checkpoints.
 *
 * What it costs bounds what any change inside the engine can reach: if the
 * floor alone misses a target against aria2c, the target cannot be met with
 * got (or with Node's HTTP at all).
 */
import { readFileSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Readable } from 'node:stream';
import got from 'got';

const batchBytes = 1 << 20;
const syncEveryMs = 250;

type Client = 'got' | 'http';

async function main(): Promise<void> {
  const [client, list, out, concurrency = '1', connections] = process.argv.slice(2);
  if ((client !== 'got' && client !== 'http') || list === undefined || out === undefined) {
    throw new Error('usage: http-floor.js got|http LIST OUT [CONCURRENCY] | got|http ranges URL OUT CONNECTIONS');
  }
  if (list === 'ranges') {
    await fetchRanges(client, out, concurrency, Number(connections ?? 1));
    return;
  }
  const urls = readFileSync(list, 'utf8').split('\n').filter((line) => line !== '');
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let url = urls[next++]; url !== undefined; url = urls[next++]) {
      const name = decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? 'file');
      const file = path.join(out, name);
      await consume((await request(client, url, agent)).body, `${file}.part`);
      await rename(`${file}.part`, file);
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, worker));
  const folder = await open(out, 'r');
  await folder.sync();
  await folder.close();
  agent.destroy();
}

async function fetchRanges(client: Client, url: string, out: string, connections: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const file = path.join(out, decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? 'file'));
  const first = await request(client, url, agent, 'bytes=0-');
  const total = Number(/\/(\d+)$/.exec(first.contentRange ?? '')?.[1]);
  if (!Number.isSafeInteger(total)) throw new Error(`no size in Content-Range: ${first.contentRange}`);
  const share = Math.ceil(total / connections);
  const handle = await open(`${file}.part`, 'w');
  const sync = sharedSync(handle);
  const ranges = [writeBody(first.body, handle, sync, 0, Math.min(share, total))];
  for (let start = share; start < total; start += share) {
    const end = Math.min(start + share, total);
    ranges.push(request(client, url, agent, `bytes=${start}-${end - 1}`).then(({ body }) => writeBody(body, handle, sync, start, end - start)));
  }
  await Promise.all(ranges);
  await handle.datasync();
  await handle.close();
  await rename(`${file}.part`, file);
  const folder = await open(out, 'r');
  await folder.sync();
  await folder.close();
  agent.destroy();
}

/** An fdatasync at most every 250 ms for all the writes to a file, never two at once; nobody waits for it but the end. */
function sharedSync(handle: FileHandle): () => void {
  let lastSync = Date.now();
  let syncing = false;
  return () => {
    if (syncing || Date.now() - lastSync < syncEveryMs) return;
    lastSync = Date.now();
    syncing = true;
    void handle.datasync().finally(() => {
      syncing = false;
    });
  };
}

/**
 * Writes the body (or its first `length` bytes) at `start` in 1 MiB batches, one write in flight while the next
 * batch is read, as the engine's writer does; the rest of a longer body (another range's) is left unread.
 */
async function writeBody(body: Readable, handle: FileHandle, sync: () => void, start: number, length = Infinity): Promise<void> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let position = start;
  let left = length;
  let writing: Promise<unknown> = Promise.resolve();
  const writePending = async (): Promise<void> => {
    const buffers = pending;
    const at = position;
    position += pendingBytes;
    pending = [];
    pendingBytes = 0;
    await writing;
    writing = handle.writev(buffers, at).then(sync);
  };
  for await (const received of body as AsyncIterable<Buffer>) {
    const chunk = received.length > left ? received.subarray(0, left) : received;
    left -= chunk.length;
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= batchBytes || left === 0) await writePending();
    if (left === 0) break;
  }
  if (pendingBytes > 0) await writePending();
  await writing;
  if (length !== Infinity && left > 0) throw new Error(`a range ended ${left} bytes short`);
}

async function request(client: Client, url: string, agent: http.Agent, range?: string): Promise<{ body: Readable; contentRange: string | undefined }> {
  const headers = range === undefined ? {} : { range };
  if (client === 'http') {
    return new Promise((resolve, reject) => {
      http.get(url, { agent, headers }, (response: IncomingMessage) => resolve({ body: response, contentRange: response.headers['content-range'] })).on('error', reject);
    });
  }
  return new Promise((resolve, reject) => {
    const stream = got.stream(url, { agent: { http: agent }, headers, decompress: false, retry: { limit: 0 } });
    stream.once('response', (response: IncomingMessage) => resolve({ body: stream, contentRange: response.headers['content-range'] }));
    stream.on('error', reject);
  });
}

async function consume(body: Readable, file: string): Promise<void> {
  const handle = await open(file, 'w');
  await writeBody(body, handle, sharedSync(handle), 0);
  await handle.datasync();
  await handle.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
