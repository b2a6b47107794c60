/**
 * The floor under scenario (a): what receiving one large file over one
 * connection costs Node itself, with got (the engine's client) or bare
 * node:http, the body either dropped or written as the engine writes it
 * (1 MiB writev batches, an fdatasync every 250 ms and at the end). Run it
 * under GNU time to compare its CPU and peak RSS with Peregrine's and
 * aria2c's on the same URL:
 *
 *   /usr/bin/time -f '%U %S %M' node dist/test/bench/http-floor.js URL got|http write|discard [FILE]
 *
 * Node's HTTP parser copies every body chunk into a fresh Buffer, and the
 * chunks' memory is returned only when V8 collects them, so these figures
 * bound what any change inside the engine can reach.
 */
import { open, type FileHandle } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import got from 'got';

const batchBytes = 1 << 20;
const syncEveryMs = 250;

async function main(): Promise<void> {
  const [url, client, sink, file = 'http-floor.bin'] = process.argv.slice(2);
  if (url === undefined || (client !== 'got' && client !== 'http') || (sink !== 'write' && sink !== 'discard')) {
    throw new Error('usage: http-floor.js URL got|http write|discard [FILE]');
  }
  const body = await (client === 'http' ? viaHttp(url) : viaGot(url));
  const handle = sink === 'write' ? await open(file, 'w') : undefined;
  await consume(body, handle);
}

function viaHttp(url: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    http.get(url, (response: IncomingMessage) => resolve(response)).on('error', reject);
  });
}

function viaGot(url: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const stream = got.stream(url, { decompress: false, retry: { limit: 0 } });
    stream.once('response', () => resolve(stream));
    stream.on('error', reject);
  });
}

async function consume(body: Readable, handle: FileHandle | undefined): Promise<void> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let position = 0;
  let writing: Promise<unknown> = Promise.resolve();
  let lastSync = Date.now();
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (handle === undefined) continue;
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes < batchBytes) continue;
    const buffers = pending;
    const at = position;
    position += pendingBytes;
    pending = [];
    pendingBytes = 0;
    await writing;
    writing = handle.writev(buffers, at);
    if (Date.now() - lastSync >= syncEveryMs) {
      lastSync = Date.now();
      await writing;
      await handle.datasync();
    }
  }
  if (handle === undefined) return;
  await writing;
  if (pendingBytes > 0) await handle.writev(pending, position);
  await handle.datasync();
  await handle.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
