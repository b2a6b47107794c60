/**
 * The floor under scenario (s): the least work `peregrine get` of one file
 * must do before its request, and then the download itself, with nothing
 * else — no argument parsing, schemas, queue, owner or control socket:
 *
 *   node dist/test/start-floor/start-floor.cjs URL OUT DB
 *
 * It loads better-sqlite3, opens DB in WAL mode (as the store does), records
 * the download in one transaction, loads got and sends the GET; then writes
 * the body under `<name>.part`, fsyncs it, renames it and fsyncs the folder.
 * scripts/bundle-cli.js bundles it as it bundles the CLI (got's unused
 * features left out alike), so the two differ in what they run, not in how
 * their code is loaded. What it costs is what any got + SQLite process pays
 * before its first request on this machine.
 */
import { open, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import got from 'got';

// Loaded as the store loads it (open-database.ts): required (no scan of a CommonJS package for
// named exports), and handed its addon (no search by the bindings package).
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof BetterSqlite3;
const addon = path.join(path.dirname(require.resolve('better-sqlite3')), '..', 'build', 'Release', 'better_sqlite3.node');

async function main(): Promise<void> {
  const [url, out, databaseFile] = process.argv.slice(2);
  if (url === undefined || out === undefined || databaseFile === undefined) throw new Error('usage: start-floor.cjs URL OUT DB');
  const db = new Database(databaseFile, { nativeBinding: addon });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS tasks (id INTEGER PRIMARY KEY, url TEXT NOT NULL, state TEXT NOT NULL)');
  const record = db.prepare('INSERT INTO tasks (url, state) VALUES (?, ?)');
  const id = db.transaction(() => record.run(url, 'running').lastInsertRowid)();
  const file = path.join(out, decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? 'file'));
  const body = got.stream(url, { decompress: false, retry: { limit: 0 } });
  const part = await open(`${file}.part`, 'w');
  let position = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    await part.write(chunk, 0, chunk.length, position);
    position += chunk.length;
  }
  await part.datasync();
  await part.close();
  await rename(`${file}.part`, file);
  const folder = await open(out, 'r');
  await folder.sync();
  await folder.close();
  db.prepare('UPDATE tasks SET state = ? WHERE id = ?').run('completed', id);
  db.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
