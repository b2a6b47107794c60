/**
 * The service at scale: 10,000 tasks in the store, 50 of them running
 * against a loopback server, measured through the service as hosts use it.
 *
 *   node --expose-gc dist/test/bench/service-bench.js   prints the figures as one JSON line
 *
 * `runServiceBench()` runs that in a child process (so its timers, heap and
 * handles are its own) and returns the figures with their targets; run.ts
 * calls it within scenario q.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { EventMessage } from '../../app/contract/messages.js';
import { systemClock, type Clock } from '../../main/engine/clock.js';
import { nodeFileSystem } from '../../main/engine/file-system.js';
import { createGotHttpClient } from '../../main/engine/got-http-client.js';
import { assumeOnline } from '../../main/queue/network-monitor.js';
import { defaultQueueSettings, queueSettingsFrom } from '../../main/queue/queue-settings.js';
import { progressIntervalMs } from '../../main/service/progress-batches.js';
import { PeregrineService } from '../../main/service/service.js';
import { openDatabase } from '../../main/store/open-database.js';

const taskCount = 10_000;
const running = 50;
const idleWindowMs = 5_000;
/** Progress batches sampled while the 50 run. */
const batchSamples = 20;
const startTimeoutMs = 30_000;
const dripChunkBytes = 8 * 1024;
const dripEveryMs = 100;

export interface ServiceFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The figure must stay below this (at most, for counts that must be 0). */
  readonly target: number;
  readonly met: boolean;
}

export interface ServiceBenchResult {
  readonly tasks: number;
  readonly running: number;
  /** CPU time of a fixed loop on this machine (about 10 ms on a modern desktop): a loaded or slow machine shows here first. */
  readonly referenceLoopCpuMs: number;
  readonly figures: readonly ServiceFigure[];
}

const figure = (name: string, value: number, unit: string, target: number, atMost = false): ServiceFigure => ({
  name,
  value,
  unit,
  target,
  met: atMost ? value <= target : value < target,
});

/** Runs the measurement in a child process and returns its figures. */
export async function runServiceBench(): Promise<ServiceBenchResult> {
  const script = fileURLToPath(import.meta.url);
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', script], { maxBuffer: 1 << 20, timeout: 300_000 });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as ServiceBenchResult;
}

export function serviceBenchMarkdown(result: ServiceBenchResult): string {
  const rows = result.figures.map(
    (one) => `| ${one.name} | ${round(one.value)} ${one.unit} | ${one.unit === '' ? '≤' : '<'} ${one.target} ${one.unit} | ${one.met ? '✓' : '✗'} |`,
  );
  return [
    `## The service at scale: ${result.tasks.toLocaleString('en')} tasks, ${result.running} running against a loopback server`,
    '',
    `Reference: a fixed loop took ${result.referenceLoopCpuMs.toFixed(0)} ms of CPU here (about 10 ms on a modern desktop); wall times on a loaded machine run far above CPU times.`,
    '',
    '| figure | measured | target | |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function round(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

/** A clock that says what the service and queue do with time: every timer armed, and the main-thread time of each callback. */
class CountingClock implements Clock {
  armed = 0;
  fired = 0;
  /** Wall and CPU time of each progress batch (the service's 250 ms timer), all on the main thread. */
  readonly batchMs: number[] = [];
  readonly batchCpuMs: number[] = [];

  now(): number {
    return systemClock.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return systemClock.sleep(ms, signal);
  }

  setTimer(ms: number, callback: () => void): () => void {
    this.armed += 1;
    let pending = true;
    const cancel = systemClock.setTimer(ms, () => {
      pending = false;
      this.armed -= 1;
      this.fired += 1;
      const started = performance.now();
      const cpu = process.cpuUsage();
      callback();
      if (ms !== progressIntervalMs) return;
      this.batchMs.push(performance.now() - started);
      this.batchCpuMs.push(cpuMs(process.cpuUsage(cpu)));
    });
    return () => {
      if (pending) this.armed -= 1;
      pending = false;
      cancel();
    };
  }
}

/** For any GET: a 1 GiB body sent 8 KiB every 100 ms, so every transfer stays running. Its own process: its CPU is not the service's. */
const dripScript = `
const chunk = Buffer.alloc(${dripChunkBytes}, 0x61);
const server = require('node:http').createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(1 << 30) });
  const timer = setInterval(() => response.write(chunk), ${dripEveryMs});
  response.on('close', () => clearInterval(timer));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

async function startDripServer(): Promise<{ origin: string; close: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', dripScript], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [data] = (await once(child.stdout, 'data')) as [Buffer];
  const port = Number(data.toString().trim());
  if (!Number.isInteger(port)) throw new Error(`the drip server said "${data.toString()}"`);
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill();
      await once(child, 'exit');
    },
  };
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** Wall and CPU time of `work`. */
function timed<T>(work: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started, cpuMs: cpuMs(process.cpuUsage(cpu)) };
}

/** What this machine makes of a fixed piece of work (a modern desktop: about 10 ms), to read the other figures by. */
function referenceLoopCpuMs(): number {
  const runs = [0, 1, 2].map(() =>
    timed(() => {
      let sum = 0;
      for (let index = 0; index < 1e7; index += 1) sum += index % 7;
      return sum;
    }).cpuMs,
  );
  return Math.min(...runs);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Waits without a timer of this process (a child's exit), so the idle window counts only the service's own. */
async function waitWithoutTimers(ms: number): Promise<void> {
  const child = spawn('sleep', [String(ms / 1000)], { stdio: 'ignore' });
  await once(child, 'exit');
}

const step = (what: string): void => void process.stderr.write(`service-bench: ${what}\n`);

async function until(what: string, predicate: () => boolean): Promise<void> {
  const deadline = performance.now() + startTimeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${startTimeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function measure(): Promise<ServiceBenchResult> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'peregrine-service-bench-'));
  mkdirSync(path.join(work, 'downloads'));
  const drip = await startDripServer();
  const clock = new CountingClock();
  const db = openDatabase(path.join(work, 'bench.db'));
  const service = new PeregrineService({
    db,
    http: createGotHttpClient(),
    fs: nodeFileSystem,
    clock,
    network: assumeOnline,
    random: Math.random,
    defaultDir: path.join(work, 'downloads'),
    log: (message, error) => process.stderr.write(`${message}: ${String(error)}\n`),
    hostKind: 'serve',
  });
  // What a transport does with every event: serialize it.
  let sentBytes = 0;
  service.onEvent((message: EventMessage) => {
    sentBytes += JSON.stringify(message).length;
  });
  try {
    service.start();
    // Fifty at once is beyond what the settings allow (32): set on the queue itself.
    service.queue.updateSettings({ ...queueSettingsFrom(service.settings.get(), defaultQueueSettings), maxConcurrent: running, maxPerHost: running, maxConnectionsPerHost: running, connections: 1 });

    const urls = Array.from({ length: taskCount }, (_, index) => `${drip.origin}/file-${index}.bin`);
    const addCpu = process.cpuUsage();
    const addStarted = performance.now();
    const reply = await service.dispatch('tasks.add', { urls });
    const addMs = performance.now() - addStarted;
    const addCpuMs = cpuMs(process.cpuUsage(addCpu));
    if (!reply.ok) throw new Error(`tasks.add failed: ${reply.error.message}`);
    step(`added in ${addMs.toFixed(0)} ms`);

    await until(`${running} transfers receiving (${JSON.stringify(service.stats().byState)})`, () => [...service.queue.activeProgress()].filter(([, progress]) => progress.connections > 0).length >= running);
    step('all receiving');
    clock.batchMs.length = 0;
    await until(`${batchSamples} progress batches`, () => clock.batchMs.length >= batchSamples);

    step('batches sampled');
    // What travels: the `snapshot` command's compact answer.
    const snapshots = [0, 1, 2, 3, 4].map(() => timed(() => Buffer.byteLength(JSON.stringify(service.wireSnapshot()))));
    const snapshotBytes = snapshots[0]?.value ?? 0;
    const batchMs = [...clock.batchMs];
    const batchCpuMs = [...clock.batchCpuMs];
    step('snapshots taken');
    // Nothing running: every task paused, the server gone.
    const paused = await service.dispatch('tasks.pause', { all: true });
    if (!paused.ok) throw new Error(`tasks.pause failed: ${paused.error.message}`);
    await until('every transfer stopped', () => service.queue.runningCount === 0);
    await drip.close();
    step('paused');
    // The last progress batch (speed back to zero) is still to come: let it pass.
    await new Promise((resolve) => setTimeout(resolve, 2 * progressIntervalMs));
    const firedBefore = clock.fired;
    const sentBefore = sentBytes;
    await waitWithoutTimers(idleWindowMs);
    const wakeUps = clock.fired - firedBefore;
    const processTimers = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

    return {
      tasks: taskCount,
      running,
      referenceLoopCpuMs: referenceLoopCpuMs(),
      figures: [
        figure('tasks.add of 10,000 URLs, CPU (dispatch: validation, insert, first 50 started)', addCpuMs, 'ms', 1_000),
        figure('tasks.add of 10,000 URLs, wall', addMs, 'ms', 1_000),
        figure('snapshot with JSON.stringify, CPU (median of 5)', median(snapshots.map((one) => one.cpuMs)), 'ms', 100),
        figure('snapshot with JSON.stringify, wall (median of 5)', median(snapshots.map((one) => one.ms)), 'ms', 100),
        figure('snapshot JSON size', snapshotBytes / 1e6, 'MB', 3),
        figure(`progress batch, main-thread CPU (median of ${batchCpuMs.length})`, median(batchCpuMs), 'ms', 2),
        figure(`progress batch, wall (median of ${batchMs.length})`, median(batchMs), 'ms', 2),
        figure('idle: timers armed by the service and queue', clock.armed, '', 0, true),
        figure('idle: timers in the whole process', processTimers, '', 0, true),
        figure(`idle: wake-ups in ${idleWindowMs / 1000} s`, wakeUps, '', 0, true),
        figure(`idle: bytes of events sent in ${idleWindowMs / 1000} s`, sentBytes - sentBefore, '', 0, true),
      ],
    };
  } finally {
    await service.stop('interrupt');
    await drip.close();
    db.close();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${JSON.stringify(await measure())}\n`);
  } catch (error) {
    process.stderr.write(`service-bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
