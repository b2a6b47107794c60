/**
 * The floor under scenario (c) for any engine keeping Peregrine's promises
 * with got: got-floor's downloads, plus the least a queue must write and check
 * so that a kill at any instant loses nothing and never takes another
 * program's file. Per file, in the engine's order:
 *
 * - the claim committed (the task is running, owned by this process), with
 *   the completion before it as Peregrine does (the first ones together);
 * - the name reserved: the final name looked up, `<name>.part` created
 *   exclusively, and the name committed before the first byte is written;
 * - the body written in 1 MiB batches, fdatasync'ed, closed, and the whole
 *   file committed as durable (a kill after the rename must find it whole);
 * - the `.part` looked at once more (still a regular file of ours), linked to
 *   its final name (a link never replaces a file that appeared meanwhile), the
 *   `.part` removed, the folder fsynced (shared by downloads finishing
 *   together), and the completion committed (shared likewise).
 *
 * The table holds only the columns those steps write; no queue order, owner
 * lease, events, views, limits or CLI. The bench runs it as the tool
 * `queue-floor`:
 *
 *   node dist/test/bench/queue-floor.js LIST OUT DB CONCURRENCY
 */
import { readFileSync } from 'node:fs';
import { link, lstat, open, unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import http from 'node:http';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type BetterSqlite3 from 'better-sqlite3';
import got from 'got';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof BetterSqlite3;

const batchBytes = 1 << 20;

async function main(): Promise<void> {
  const [list, out, databaseFile, concurrency = '1'] = process.argv.slice(2);
  if (list === undefined || out === undefined || databaseFile === undefined) throw new Error('usage: queue-floor.js LIST OUT DB [CONCURRENCY]');
  const urls = readFileSync(list, 'utf8').split('\n').filter((line) => line !== '');
  const db = new Database(databaseFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS tasks (id INTEGER PRIMARY KEY, url TEXT NOT NULL, state TEXT NOT NULL, file_name TEXT, total INTEGER, durable INTEGER NOT NULL DEFAULT 0)');
  const insert = db.prepare('INSERT INTO tasks (url, state) VALUES (?, ?)');
  const ids = db.transaction(() => urls.map((url) => Number(insert.run(url, 'queued').lastInsertRowid)))();
  const claim = db.prepare("UPDATE tasks SET state = 'running' WHERE id = ? AND state = 'queued'");
  const named = db.prepare('UPDATE tasks SET file_name = ?, total = ? WHERE id = ?');
  const durable = db.prepare('UPDATE tasks SET durable = ? WHERE id = ?');
  const completed = db.prepare("UPDATE tasks SET state = 'completed' WHERE id = ?");
  // A commit records the completions that arrived together and claims the downloads that follow them.
  const commit = db.transaction((done: readonly number[], claimed: readonly number[]) => {
    for (const id of done) completed.run(id);
    for (const id of claimed) claim.run(id);
  });
  const folder = new SharedFolderSync(out);
  const completions = new SharedCommit(commit);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });

  let next = Math.min(Number(concurrency), urls.length);
  commit([], ids.slice(0, next));
  const worker = async (first: number): Promise<void> => {
    for (let index: number | undefined = first; index !== undefined; ) {
      const url = urls[index] as string;
      const id = ids[index] as number;
      const body = await request(url, agent);
      const name = decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? 'file');
      const final = path.join(out, name);
      const part = `${final}.part`;
      if (await exists(final)) throw new Error(`${final} exists`);
      const handle = await open(part, 'wx');
      db.transaction(() => named.run(name, Number(body.headers['content-length'] ?? 0), id))();
      const bytes = await write(body.stream, handle);
      await handle.datasync();
      await handle.close();
      db.transaction(() => durable.run(bytes, id))();
      const stats = await lstat(part);
      if (!stats.isFile() || stats.nlink !== 1 || stats.size !== bytes) throw new Error(`${part} changed`);
      await link(part, final);
      await unlink(part);
      await folder.sync();
      index = next < urls.length ? next++ : undefined;
      await completions.commit(id, index === undefined ? undefined : ids[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Number(concurrency), urls.length) }, (_, index) => worker(index)));
  agent.destroy();
  db.close();
}

function request(url: string, agent: http.Agent): Promise<{ stream: Readable; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const stream = got.stream(url, { agent: { http: agent }, decompress: false, retry: { limit: 0 } });
    stream.once('response', (response: { headers: http.IncomingHttpHeaders }) => resolve({ stream, headers: response.headers }));
    stream.on('error', reject);
  });
}

async function write(body: Readable, handle: Awaited<ReturnType<typeof open>>): Promise<number> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let position = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes < batchBytes) continue;
    await handle.writev(pending, position);
    position += pendingBytes;
    pending = [];
    pendingBytes = 0;
  }
  if (pendingBytes > 0) await handle.writev(pending, position);
  return position + pendingBytes;
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** One folder fsync for the downloads that ask while none is under way, as the engine shares it. */
class SharedFolderSync {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly dir: string) {}

  sync(): Promise<void> {
    if (this.next !== undefined) return this.next;
    if (this.running === undefined) return this.start();
    this.next = this.running.then(() => {
      this.next = undefined;
      return this.start();
    });
    return this.next;
  }

  private start(): Promise<void> {
    const running = (async () => {
      const handle = await open(this.dir, 'r');
      await handle.sync();
      await handle.close();
    })().finally(() => {
      this.running = undefined;
    });
    this.running = running;
    return running;
  }
}

/** The completions that arrive in one turn of the event loop, and the claims after them, committed together, as the queue does. */
class SharedCommit {
  private batch: { id: number; next: number | undefined; resolve: () => void }[] = [];

  constructor(private readonly commitAll: (done: readonly number[], claimed: readonly number[]) => void) {}

  commit(id: number, next: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      this.batch.push({ id, next, resolve });
      if (this.batch.length === 1) queueMicrotask(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    this.commitAll(
      batch.map(({ id }) => id),
      batch.flatMap(({ next }) => (next === undefined ? [] : [next])),
    );
    for (const { resolve } of batch) resolve();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
