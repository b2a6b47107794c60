/**
 * Scenario q, the queue at scale: adding 10,000 tasks in one call, opening a
 * store that holds 10,000, and what the scheduler costs with 10,000 queued and
 * 8 running. Every figure comes from a fresh queue-probe.js process.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.js';
import { seedShape, type AddFigures, type OpenFigures, type ProbeKind, type SchedulerFigures } from './queue-figures.js';
import { median } from './report.js';

export const queueTasks = 10_000;
/** The control for the scheduler: the same 8 transfers with few tasks behind them. */
export const fewQueuedTasks = 100;

export interface QueueScaleResult {
  readonly runs: number;
  readonly add: readonly AddFigures[];
  readonly open: readonly OpenFigures[];
  readonly schedulerMany: readonly SchedulerFigures[];
  readonly schedulerFew: readonly SchedulerFigures[];
  readonly failures: readonly string[];
}

export interface QueueCheck {
  readonly label: string;
  readonly value: number | undefined;
  readonly unit: string;
  readonly digits: number;
  /** undefined: reported without a target. */
  readonly target: { readonly relation: '<' | '≤'; readonly limit: number } | undefined;
}

const probeTimeoutMs = 60_000;
const stderrTailBytes = 2000;
const kib = 1024;
/** "Negligible" read as at most 5 % of one core, the drip server included. */
const schedulerCpuLimit = 50;
/** Ten thousand queued tasks may cost at most a quarter more than a hundred: no per-tick work grows with the queue. */
const schedulerRatioLimit = 1.25;

/** Runs each probe `runs` times, fresh database and process each time; failures are kept and reported, not thrown. */
export async function runQueueScale(runs: number, work: string, log: (line: string) => void): Promise<QueueScaleResult> {
  const folder = path.join(work, 'q');
  await mkdir(folder, { recursive: true });
  const failures: string[] = [];
  const add: AddFigures[] = [];
  const open: OpenFigures[] = [];
  const schedulerMany: SchedulerFigures[] = [];
  const schedulerFew: SchedulerFigures[] = [];
  const attempt = async <T>(label: string, what: ProbeKind, db: string, tasks: number): Promise<T | undefined> => {
    try {
      return await probe<T>(what, db, tasks);
    } catch (error) {
      failures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      log(`  ${label} FAILED ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };

  log(`\n(q) queue scale: ${queueTasks} tasks; ${runs} run(s) of each probe`);
  const seeded = path.join(folder, 'seeded.sqlite');
  const seed = await attempt<{ tasks: number; segments: number }>('seed', 'seed', seeded, queueTasks);
  if (seed !== undefined) log(`  seeded ${seed.tasks} tasks, ${seed.segments} segment rows`);

  for (let round = 0; round < runs; round += 1) {
    const tag = `run ${round + 1}/${runs}`;
    const added = await attempt<AddFigures>(`add ${tag}`, 'add', path.join(folder, `add-${round}.sqlite`), queueTasks);
    if (added !== undefined) {
      add.push(added);
      log(`  ${tag} add        ${added.addMs.toFixed(0)} ms  heap +${added.heapGrowthMb.toFixed(1)} MB  rss ${(added.peakRssKb / kib).toFixed(1)} MiB`);
    }
    if (seed !== undefined) {
      const opened = await attempt<OpenFigures>(`open ${tag}`, 'open', seeded, queueTasks);
      if (opened !== undefined) {
        open.push(opened);
        log(
          `  ${tag} open       ${opened.openMs.toFixed(1)} ms  list ${opened.listMs.toFixed(0)} ms  heap +${opened.heapGrowthListMb.toFixed(1)} MB  rss ${(opened.peakRssKb / kib).toFixed(1)} MiB`,
        );
      }
    }
    // Side by side: each process's CPU is its own, they use a few per cent of a core, and the pair takes one window instead of two.
    const [many, few] = await Promise.all([
      attempt<SchedulerFigures>(`scheduler ${queueTasks} ${tag}`, 'scheduler', path.join(folder, `scheduler-${round}-many.sqlite`), queueTasks),
      attempt<SchedulerFigures>(`scheduler ${fewQueuedTasks} ${tag}`, 'scheduler', path.join(folder, `scheduler-${round}-few.sqlite`), fewQueuedTasks),
    ]);
    for (const [figures, into] of [[many, schedulerMany], [few, schedulerFew]] as const) {
      if (figures === undefined) continue;
      into.push(figures);
      log(`  ${tag} scheduler  ${String(figures.queued).padStart(5)} queued, ${figures.running} running: ${figures.cpuMsPerSecond.toFixed(1)} CPU ms/s  ${storeCalls(figures)}`);
    }
  }
  return { runs, add, open, schedulerMany, schedulerFew, failures };
}

/** Starts `node --expose-gc queue-probe.js`, bounded by a timeout, and parses its one JSON line. */
async function probe<T>(what: ProbeKind, db: string, tasks: number): Promise<T> {
  const script = fileURLToPath(new URL('./queue-probe.js', import.meta.url));
  const child = spawn(process.execPath, ['--expose-gc', '--enable-source-maps', script, what, db, String(tasks)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-stderrTailBytes);
  });
  const kill = (): void => void child.kill('SIGKILL');
  const forget = onCleanup(kill);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, probeTimeoutMs);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  forget();
  const tail = stderr.trim() === '' ? '' : `: ${stderr.trim()}`;
  if (timedOut) throw new Error(`timed out after ${probeTimeoutMs / 1000} s${tail}`);
  if (code !== 0) throw new Error(`exited with ${code ?? signal}${tail}`);
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`printed no JSON line: ${line.slice(0, 200)}`);
  }
}

function storeCalls(figures: SchedulerFigures): string {
  const calls = Object.entries(figures.storeCallsPerSecond);
  return calls.length === 0 ? 'no store calls' : `store calls/s: ${calls.map(([name, rate]) => `${name} ${rate.toFixed(1)}`).join(', ')}`;
}

function medianOf<T>(figures: readonly T[], pick: (one: T) => number): number | undefined {
  return median(figures.map(pick));
}

export function queueChecks(result: QueueScaleResult): QueueCheck[] {
  const many = medianOf(result.schedulerMany, (one) => one.cpuMsPerSecond);
  const few = medianOf(result.schedulerFew, (one) => one.cpuMsPerSecond);
  const tasks = queueTasks.toLocaleString('en');
  return [
    { label: `add ${tasks} tasks in one DownloadQueue.add call`, value: medianOf(result.add, (one) => one.addMs), unit: 'ms', digits: 0, target: { relation: '<', limit: 1000 } },
    { label: 'add: heap growth', value: medianOf(result.add, (one) => one.heapGrowthMb), unit: 'MB', digits: 1, target: { relation: '<', limit: 50 } },
    { label: 'add: peak RSS of the process', value: medianOf(result.add, (one) => one.peakRssKb / kib), unit: 'MiB', digits: 1, target: undefined },
    {
      label: `open a store of ${tasks} tasks (openDatabase, stores, first nextQueued(8))`,
      value: medianOf(result.open, (one) => one.openMs),
      unit: 'ms',
      digits: 1,
      target: { relation: '<', limit: 300 },
    },
    { label: 'open: heap growth', value: medianOf(result.open, (one) => one.heapGrowthOpenMb), unit: 'MB', digits: 1, target: { relation: '<', limit: 50 } },
    { label: `open, then list() all ${tasks}: time of list()`, value: medianOf(result.open, (one) => one.listMs), unit: 'ms', digits: 0, target: undefined },
    { label: `open, then list() all ${tasks}: heap growth with the list held`, value: medianOf(result.open, (one) => one.heapGrowthListMb), unit: 'MB', digits: 1, target: { relation: '<', limit: 50 } },
    { label: 'open: peak RSS of the process', value: medianOf(result.open, (one) => one.peakRssKb / kib), unit: 'MiB', digits: 1, target: undefined },
    { label: `scheduler CPU, ${tasks} queued, 8 running`, value: many, unit: 'ms/s', digits: 1, target: { relation: '≤', limit: schedulerCpuLimit } },
    { label: `scheduler CPU, ${fewQueuedTasks} queued, 8 running`, value: few, unit: 'ms/s', digits: 1, target: undefined },
    {
      label: `scheduler CPU ratio ${tasks} / ${fewQueuedTasks} queued`,
      value: many === undefined || few === undefined || few === 0 ? undefined : many / few,
      unit: '×',
      digits: 2,
      target: { relation: '≤', limit: schedulerRatioLimit },
    },
  ];
}

export function queueCheckMet(check: QueueCheck): boolean | undefined {
  if (check.value === undefined || check.target === undefined) return undefined;
  return check.target.relation === '<' ? check.value < check.target.limit : check.value <= check.target.limit;
}

export function queueScaleMarkdown(result: QueueScaleResult): string {
  const lines = [
    `## (q) ${queueTasks.toLocaleString('en')} tasks: queue scale`,
    '',
    '| measure | median | target | met |',
    '|---|---:|---:|:---:|',
  ];
  for (const check of queueChecks(result)) {
    const value = check.value === undefined ? 'n/a' : `${check.value.toFixed(check.digits)} ${check.unit}`;
    const target = check.target === undefined ? '' : `${check.target.relation} ${check.target.limit} ${check.unit}`;
    const met = queueCheckMet(check);
    lines.push(`| ${check.label} | ${value} | ${target} | ${met === undefined ? '' : met ? '✓' : '✗'} |`);
  }
  const runsOf = [result.add, result.open, result.schedulerMany, result.schedulerFew].map((figures) => figures.length);
  lines.push(
    '',
    `Medians of ${result.runs} run(s), each in a fresh \`node --expose-gc\` process (successful runs: add ${runsOf[0]}, open ${runsOf[1]}, scheduler ${runsOf[2]} and ${runsOf[3]}).`,
    'MB is 10⁶ bytes of V8 heap (heapUsed after a forced GC, before and after); peak RSS is the whole process, Node itself included.',
  );
  const calls = result.schedulerMany.at(-1)?.storeCallsPerSecond;
  if (calls !== undefined) {
    const list = Object.entries(calls).map(([name, rate]) => `${name} ${rate.toFixed(1)}/s`);
    lines.push('', `Store calls during the last ${queueTasks.toLocaleString('en')}-task window: ${list.length === 0 ? 'none' : list.join(', ')}.`);
  }
  lines.push(
    '',
    `Note: the store opened holds ${queueTasks.toLocaleString('en')} queued tasks, ${seedShape.segmentedTasks.toLocaleString('en')} of them with ${seedShape.segmentsPerTask} segment rows each; it was just written, so it is in the page cache (a warm open).`,
    '',
    `Note: scheduler CPU is user + system time of the whole probe over a 5 s window once 8 transfers are receiving, and includes the in-process drip server (8 × 16 KiB every 100 ms, about 1.25 MiB/s in all); the ${queueTasks.toLocaleString('en')}- and ${fewQueuedTasks}-task probes run side by side.`,
  );
  if (result.failures.length > 0) lines.push('', 'Failed runs:', '', ...result.failures.map((failure) => `- ${failure}`));
  return lines.join('\n');
}

/** For report.json: every run's figures, the medians and the verdicts. */
export function queueScaleJson(result: QueueScaleResult): object {
  return {
    id: 'q',
    title: 'queue scale',
    tasks: queueTasks,
    seed: seedShape,
    checks: queueChecks(result).map((check) => ({ ...check, met: queueCheckMet(check) })),
    runs: { add: result.add, open: result.open, schedulerMany: result.schedulerMany, schedulerFew: result.schedulerFew },
    failures: result.failures,
  };
}
