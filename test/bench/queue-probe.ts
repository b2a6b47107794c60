/**
 * One measurement of the queue at scale, in a process of its own so its heap
 * and peak RSS belong to that measurement alone. Run by queue-scale.ts as
 *
 *   node --expose-gc dist/test/bench/queue-probe.js <what> <dbPath> [tasks]
 *
 * where <what> is `seed` (write the database `open` reads), `add`, `open` or
 * `scheduler`. Prints one JSON line with the figures on stdout.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { systemClock } from '../../main/engine/clock.js';
import { nodeFileSystem } from '../../main/engine/file-system.js';
import { createGotHttpClient } from '../../main/engine/got-http-client.js';
import { DownloadQueue } from '../../main/queue/download-queue.js';
import { assumeOnline } from '../../main/queue/network-monitor.js';
import { defaultQueueSettings } from '../../main/queue/queue-settings.js';
import { GroupStore } from '../../main/store/group-store.js';
import { openDatabase } from '../../main/store/open-database.js';
import { TaskStore, type NewTask } from '../../main/store/task-store.js';
import { seedShape, type AddFigures, type OpenFigures, type SchedulerFigures } from './queue-figures.js';

const mb = 1e6;
const dripChunk = Buffer.alloc(16 * 1024, 0x61);
const dripEveryMs = 100;
const dripLength = 1 << 30;
const windowMs = 5_000;
const warmUpMs = 500;
const startTimeoutMs = 15_000;

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  if (gc === undefined) throw new Error('run the probe with --expose-gc');
  gc();
  return process.memoryUsage().heapUsed;
}

function peakRssKb(): number {
  return process.resourceUsage().maxRSS;
}

function newTasks(count: number, origin: string, dir: string): NewTask[] {
  return Array.from({ length: count }, (_, index) => ({ url: `${origin}/file-${index}.bin`, dir }));
}

function seed(dbPath: string, count: number): Record<string, number> {
  const db = openDatabase(dbPath);
  try {
    const tasks = new TaskStore(db);
    const added = tasks.insertMany(newTasks(count, 'http://127.0.0.1:9', os.tmpdir()));
    const segmentBytes = 1 << 20;
    const progress = db.prepare<[number, number, number]>('UPDATE tasks SET total_bytes = ?, durable_bytes = ? WHERE id = ?');
    const segment = db.prepare<[number, number, number, number]>('INSERT INTO segments (task_id, start, end, durable_end) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      for (const task of added.slice(0, seedShape.segmentedTasks)) {
        // Each segment half done: a paused segmented download as the store would keep it.
        progress.run(seedShape.segmentsPerTask * segmentBytes, (seedShape.segmentsPerTask * segmentBytes) / 2, task.id);
        for (let index = 0; index < seedShape.segmentsPerTask; index += 1) {
          const start = index * segmentBytes;
          segment.run(task.id, start, start + segmentBytes, start + segmentBytes / 2);
        }
      }
    })();
    const segments = db.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM segments').get()?.count ?? 0;
    return { tasks: added.length, segments };
  } finally {
    db.close();
  }
}

function add(dbPath: string, count: number): AddFigures {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'peregrine-q-add-'));
  const db = openDatabase(dbPath);
  try {
    const queue = new DownloadQueue(depsFor(db), defaultQueueSettings);
    const input = newTasks(count, 'http://127.0.0.1:9', dir);
    const heapBefore = heapAfterGc();
    const started = performance.now();
    const result = queue.add(input);
    const addMs = performance.now() - started;
    const heapAfter = heapAfterGc();
    if (result.tasks.length !== count) throw new Error(`add returned ${result.tasks.length} tasks, expected ${count}`);
    return { addMs, heapGrowthMb: (heapAfter - heapBefore) / mb, peakRssKb: peakRssKb() };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function open(dbPath: string, count: number): OpenFigures {
  const heapBefore = heapAfterGc();
  const started = performance.now();
  const db = openDatabase(dbPath);
  try {
    const tasks = new TaskStore(db);
    new GroupStore(db);
    const first = tasks.nextQueued(8);
    const openMs = performance.now() - started;
    if (first.length !== 8) throw new Error(`nextQueued(8) returned ${first.length} tasks`);
    const heapOpen = heapAfterGc();
    const listStarted = performance.now();
    const all = tasks.list();
    const listMs = performance.now() - listStarted;
    const heapList = heapAfterGc();
    if (all.length !== count) throw new Error(`list() returned ${all.length} tasks, expected ${count}`);
    return {
      openMs,
      listMs,
      listed: all.length,
      heapGrowthOpenMb: (heapOpen - heapBefore) / mb,
      heapGrowthListMb: (heapList - heapBefore) / mb,
      peakRssKb: peakRssKb(),
    };
  } finally {
    db.close();
  }
}

/** For any GET: 200 with a 1 GiB Content-Length, 16 KiB every 100 ms, so a transfer stays running for the whole window. */
async function startDripServer(): Promise<{ server: Server; origin: string; sent: () => number }> {
  let sent = 0;
  const server = createServer((request, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(dripLength) });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const timer = setInterval(() => {
      sent += dripChunk.length;
      response.write(dripChunk);
    }, dripEveryMs);
    response.on('close', () => clearInterval(timer));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('the drip server has no port');
  return { server, origin: `http://127.0.0.1:${address.port}`, sent: () => sent };
}

/** Counts every call to the store's public methods, so a window can say what it asked of the database. */
function countCalls(store: TaskStore): Map<string, number> {
  const counts = new Map<string, number>();
  const prototype = Object.getPrototypeOf(store) as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const method = prototype[name];
    if (name === 'constructor' || typeof method !== 'function') continue;
    const original = method as (...args: unknown[]) => unknown;
    Object.defineProperty(store, name, {
      value: (...args: unknown[]): unknown => {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        return original.apply(store, args);
      },
    });
  }
  return counts;
}

async function scheduler(dbPath: string, count: number): Promise<SchedulerFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'peregrine-q-sched-'));
  const drip = await startDripServer();
  const db = openDatabase(dbPath);
  let queue: DownloadQueue | undefined;
  try {
    const deps = depsFor(db);
    deps.tasks.insertMany(newTasks(count, drip.origin, dir));
    const calls = countCalls(deps.tasks);
    queue = new DownloadQueue(deps, { ...defaultQueueSettings, maxConcurrent: 8, maxPerHost: 8 });
    let receiving = 0;
    queue.events.on('transferStarted', () => {
      receiving += 1;
    });
    queue.start();
    const deadline = performance.now() + startTimeoutMs;
    while (queue.runningCount < 8 || receiving < 8) {
      if (performance.now() > deadline) {
        throw new Error(`after ${startTimeoutMs / 1000} s only ${queue.runningCount} running, ${receiving} receiving`);
      }
      await delay(20);
    }
    await delay(warmUpMs);
    calls.clear();
    const sentBefore = drip.sent();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await delay(windowMs);
    const cpu = process.cpuUsage(cpuBefore);
    const elapsedMs = performance.now() - started;
    const seconds = elapsedMs / 1000;
    const running = queue.runningCount;
    return {
      queued: count,
      running,
      windowMs: elapsedMs,
      cpuMsPerSecond: (cpu.user + cpu.system) / 1000 / seconds,
      storeCallsPerSecond: Object.fromEntries([...calls].sort().map(([name, calls]) => [name, calls / seconds])),
      bytesPerSecond: (drip.sent() - sentBefore) / seconds,
      peakRssKb: peakRssKb(),
    };
  } finally {
    await queue?.stop('interrupt');
    drip.server.closeAllConnections();
    drip.server.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function depsFor(db: ReturnType<typeof openDatabase>): ConstructorParameters<typeof DownloadQueue>[0] {
  return {
    tasks: new TaskStore(db),
    groups: new GroupStore(db),
    http: createGotHttpClient(),
    fs: nodeFileSystem,
    clock: systemClock,
    network: assumeOnline,
    random: Math.random,
  };
}

async function main(): Promise<void> {
  const [what, dbPath, countText] = process.argv.slice(2);
  const count = Number(countText ?? 10_000);
  if (dbPath === undefined || !Number.isInteger(count) || count < 8) {
    throw new Error('usage: queue-probe.js seed|add|open|scheduler <dbPath> [tasks ≥ 8]');
  }
  const figures =
    what === 'seed'
      ? seed(dbPath, count)
      : what === 'add'
        ? add(dbPath, count)
        : what === 'open'
          ? open(dbPath, count)
          : what === 'scheduler'
            ? await scheduler(dbPath, count)
            : undefined;
  if (figures === undefined) throw new Error(`unknown probe "${what ?? ''}"`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`queue-probe: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
