/**
 * The floor under scenarios (a) and (c): the same files fetched by a few
 * lines of Node with got (the engine's client) or bare node:http, with
 * keep-alive, N at a time, each written as the engine writes (1 MiB writev
 * batches, an fdatasync every 250 ms and at the end) under `<name>.part`,
 * then renamed, and the folder fsynced once at the end — Peregrine's
 * durability without its queue, database or checks. The bench runs it as the
 * tools `got-floor` and `http-floor`:
 *
 *   node dist/test/bench/http-floor.js got|http LIST OUT CONCURRENCY
 *
 * What it costs bounds what any change inside the engine can reach: if the
 * floor alone misses a target against aria2c, the target cannot be met with
 * got (or with Node's HTTP at all).
 */
import { readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Readable } from 'node:stream';
import got from 'got';

const batchBytes = 1 << 20;
const syncEveryMs = 250;

type Client = 'got' | 'http';

async function main(): Promise<void> {
  const [client, list, out, concurrency = '1'] = process.argv.slice(2);
  if ((client !== 'got' && client !== 'http') || list === undefined || out === undefined) {
    throw new Error('usage: http-floor.js got|http LIST OUT [CONCURRENCY]');
  }
  const urls = readFileSync(list, 'utf8').split('\n').filter((line) => line !== '');
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let url = urls[next++]; url !== undefined; url = urls[next++]) {
      const name = decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? 'file');
      const file = path.join(out, name);
      await consume(await request(client, url, agent), `${file}.part`);
      await rename(`${file}.part`, file);
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, worker));
  const folder = await open(out, 'r');
  await folder.sync();
  await folder.close();
  agent.destroy();
}

function request(client: Client, url: string, agent: http.Agent): Promise<Readable> {
  if (client === 'http') {
    return new Promise((resolve, reject) => {
      http.get(url, { agent }, (response: IncomingMessage) => resolve(response)).on('error', reject);
    });
  }
  return new Promise((resolve, reject) => {
    const stream = got.stream(url, { agent: { http: agent }, decompress: false, retry: { limit: 0 } });
    stream.once('response', () => resolve(stream));
    stream.on('error', reject);
  });
}

async function consume(body: Readable, file: string): Promise<void> {
  const handle = await open(file, 'w');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let position = 0;
  let writing: Promise<unknown> = Promise.resolve();
  let lastSync = Date.now();
  for await (const chunk of body as AsyncIterable<Buffer>) {
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
  await writing;
  if (pendingBytes > 0) await handle.writev(pending, position);
  await handle.datasync();
  await handle.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
