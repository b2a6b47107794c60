import type Database from 'better-sqlite3';
import { planCommand, type TaskCommand } from '../../app/domain/task-commands.js';
import type { TaskState } from '../../app/domain/task-state.js';
import { systemClock } from '../engine/clock.js';
import { nodeFileSystem } from '../engine/file-system.js';
import { createGotHttpClient } from '../engine/got-http-client.js';
import { CommandRefusedError, DownloadQueue } from '../queue/download-queue.js';
import { assumeOnline } from '../queue/network-monitor.js';
import { defaultQueueSettings } from '../queue/queue-settings.js';
import { leaseIsVacant } from '../queue/task-lease.js';
import { GroupStore } from '../store/group-store.js';
import { TaskStore, UnknownTaskError } from '../store/task-store.js';
import type { CliIo } from './cli-io.js';
import { exitCodes, UsageError } from './exit-codes.js';
import type { ForegroundFlags } from './foreground-options.js';
import { openQueueDatabase, runInForeground } from './foreground-run.js';
import { commandThroughOwner, ownerOf } from './owner-commands.js';

type Selection = readonly number[] | 'all';

/** pause and cancel change the stored queue (through the live owner when there is one); returns the exit code. */
export async function pauseOrCancel(name: 'pause' | 'cancel', ids: readonly string[], flags: { readonly db?: string }, io: CliIo): Promise<number> {
  const chosen = selection(ids);
  const owner = await ownerOf(flags.db, io);
  if (owner !== undefined) return commandThroughOwner(owner, name, contractSelection(chosen), { deleteFile: false }, io);
  return withQueue(flags.db, io, (queue, tasks) => applyCommand(queue, tasks, name, chosen, io));
}

/** remove: partial files go; finished files too with --delete-file. */
export async function remove(ids: readonly string[], flags: { readonly db?: string; readonly deleteFile?: boolean }, io: CliIo): Promise<number> {
  const owner = await ownerOf(flags.db, io);
  if (owner !== undefined) {
    return commandThroughOwner(owner, 'remove', contractSelection(selection(ids)), { deleteFile: flags.deleteFile === true }, io);
  }
  return withQueue(flags.db, io, async (queue, tasks) => {
    let code: number = exitCodes.ok;
    for (const id of resolve(selection(ids), tasks, () => true)) {
      try {
        await queue.remove(id, { deleteFile: flags.deleteFile === true });
        io.stdout.write(`task ${id}: removed\n`);
      } catch (error) {
        code = reportRefusal(error, io);
      }
    }
    return code;
  });
}

/** resume and retry queue the tasks again and download them in the foreground, like `get`. */
export async function resumeOrRetry(name: 'resume' | 'retry', ids: readonly string[], flags: ForegroundFlags, io: CliIo): Promise<number> {
  // With a live owner, it downloads them: the command only queues them there.
  const owner = await ownerOf(flags.db, io);
  if (owner !== undefined) return commandThroughOwner(owner, name, contractSelection(selection(ids)), { deleteFile: false }, io);
  const db = openQueueDatabase(flags.db, io);
  try {
    const tasks = new TaskStore(db);
    const queue = queueOn(db, tasks);
    const chosen = resolve(selection(ids), tasks, (state) => planCommand(name, state).kind === 'move');
    const code = await applyCommand(queue, tasks, name, chosen, io);
    // A task still marked running was left so by a crash; the run picks it up again.
    // One another live process runs was refused above.
    const runnable = chosen.filter((id) => {
      const state = tasks.get(id)?.state;
      return state === 'queued' || (state === 'running' && leaseIsVacant(tasks.leaseOf(id), Date.now()));
    });
    if (runnable.length === 0) return code;
    const result = await runInForeground(db, runnable, flags, io);
    return Math.max(code, result);
  } finally {
    db.close();
  }
}

async function applyCommand(queue: DownloadQueue, tasks: TaskStore, command: TaskCommand, chosen: Selection, io: CliIo): Promise<number> {
  let code: number = exitCodes.ok;
  for (const id of resolve(chosen, tasks, (state) => planCommand(command, state).kind === 'move')) {
    try {
      const task = await queue.command(id, command);
      io.stdout.write(`task ${id}: ${task.state}\n`);
    } catch (error) {
      code = reportRefusal(error, io);
    }
  }
  return code;
}

function reportRefusal(error: unknown, io: CliIo): number {
  if (!(error instanceof CommandRefusedError || error instanceof UnknownTaskError)) throw error;
  io.stderr.write(`peregrine: ${error.message}\n`);
  return exitCodes.failed;
}

async function withQueue(dbFlag: string | undefined, io: CliIo, work: (queue: DownloadQueue, tasks: TaskStore) => Promise<number>): Promise<number> {
  const db = openQueueDatabase(dbFlag, io);
  try {
    const tasks = new TaskStore(db);
    return await work(queueOn(db, tasks), tasks);
  } finally {
    db.close();
  }
}

/** A queue that is never started: it applies commands to the store and runs nothing. */
function queueOn(db: Database.Database, tasks: TaskStore): DownloadQueue {
  return new DownloadQueue(
    { tasks, groups: new GroupStore(db), http: createGotHttpClient(), fs: nodeFileSystem, clock: systemClock, network: assumeOnline, random: Math.random },
    defaultQueueSettings,
  );
}

function contractSelection(chosen: Selection): { ids: number[] } | { all: true } {
  return chosen === 'all' ? { all: true } : { ids: [...chosen] };
}

function selection(args: readonly string[]): Selection {
  if (args.length === 1 && args[0] === 'all') return 'all';
  return args.map((arg) => {
    if (!/^\d+$/.test(arg)) throw new UsageError(`"${arg}" is not a task id (a number from \`peregrine list\`) or "all"`);
    return Number(arg);
  });
}

/** "all" means every task the command applies to; explicit ids are taken as given, so refusals are reported. */
function resolve(chosen: Selection, tasks: TaskStore, applies: (state: TaskState) => boolean): number[] {
  if (chosen !== 'all') return [...chosen];
  return tasks
    .list()
    .filter((task) => applies(task.state))
    .map((task) => task.id);
}
