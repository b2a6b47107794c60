import type { ContractClient } from '../../app/contract/messages.js';
import { DatabaseOwnedError, listenAsOwner } from '../server/control-socket.js';
import { controlSocketPath, type OwnerClient } from '../server/owner-client.js';
import type { HeadlessService, RunTuning } from '../service/open-service.js';
import type { CliIo } from './cli-io.js';
import type { DownloadReporter, Failure } from './download-reporter.js';
import { exitCodes } from './exit-codes.js';
import type { ForegroundFlags } from './foreground-options.js';
import { createJsonReporter } from './json-reporter.js';
import { openLocalService } from './local-service.js';
import { ownerOf } from './owner-commands.js';
import { TaskFollower } from './task-follower.js';
import { createTerminalReporter } from './terminal-reporter.js';

/** Live progress on a terminal, or JSON lines for scripts. */
export async function reporterFor(flags: Pick<ForegroundFlags, 'json' | 'quiet'>, io: CliIo): Promise<DownloadReporter> {
  const write = (line: string): void => void io.stdout.write(line);
  return flags.json
    ? createJsonReporter(write)
    : createTerminalReporter({ out: write, err: (line) => void io.stderr.write(line), stderr: io.stderr, quiet: flags.quiet === true });
}

/** What a foreground command asked of the service, before it follows the downloads. */
export interface Asked {
  /** The tasks to download and follow. */
  readonly ids: readonly number[];
  /** Tasks found settled but failing: a finished file that does not match the checksum given now. */
  readonly failures: ReadonlyMap<number, Failure>;
  /** The command's own exit code so far (1 when something was refused). */
  readonly code: number;
}

export interface ForegroundCommand {
  /** Asks for the downloads (`tasks.add`, `tasks.resume`, …), of the owner or of the service in this process. */
  ask(client: ContractClient, where: 'owner' | 'here'): Promise<Asked>;
}

/** The owner went away, or another process became the owner, between two steps: the command starts over. */
const again = Symbol('again');

/**
 * Runs a command that downloads. With a live owner of the database (the app,
 * `serve`, another command in the foreground), the downloads are asked of it
 * and followed there. Without one, this process runs them, and is the owner
 * while it does: the control socket lets a second command list, pause or add
 * to its live queue.
 */
export async function runInForeground(command: ForegroundCommand, flags: ForegroundFlags, io: CliIo): Promise<number> {
  // Bounded: an owner that keeps appearing and going away is reported, not chased.
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const owner = await ownerOf(flags.db, io);
    const outcome = owner !== undefined ? await throughOwner(owner, command, flags, io) : await asOwner(command, flags, io);
    if (outcome !== again) return outcome;
  }
  io.stderr.write('peregrine: the Peregrine process that owns the database kept going away; try again\n');
  return exitCodes.failed;
}

async function throughOwner(owner: OwnerClient, command: ForegroundCommand, flags: ForegroundFlags, io: CliIo): Promise<number | typeof again> {
  const reporter = await reporterFor(flags, io);
  const follower = new TaskFollower(reporter);
  const stopEvents = owner.onEvent((message) => follower.onEvent(message));
  try {
    const asked = await command.ask(owner, 'owner');
    await follower.follow(asked.ids, asked.failures, async (id) => (await owner.call('tasks.details', { id })).task);
    const interrupted = new Promise<'interrupted'>((resolve) => {
      if (io.signal.aborted) resolve('interrupted');
      io.signal.addEventListener('abort', () => resolve('interrupted'), { once: true });
    });
    const how = await Promise.race([follower.settled.then(() => 'settled' as const), owner.closed.then(() => 'lost' as const), interrupted]);
    if (how === 'lost') return again; // run here, resuming what the owner left
    if (how === 'interrupted') {
      // Ctrl-C pauses what this command asked for; the owner keeps its bytes for the next run.
      follower.stopping = true;
      await owner.call('tasks.pause', { ids: [...asked.ids] }).catch(() => undefined);
      return exitCodes.interrupted;
    }
    return Math.max(asked.code, follower.exitCode());
  } catch (error) {
    if (owner.gone) return again;
    throw error;
  } finally {
    stopEvents();
    reporter.stop();
    owner.close();
  }
}

async function asOwner(command: ForegroundCommand, flags: ForegroundFlags, io: CliIo): Promise<number | typeof again> {
  const local = openLocalService(flags.db, io, tuningOf(flags));
  try {
    let control: { close(): Promise<void> };
    try {
      control = await listenAsOwner(local.service, controlSocketPath(local.databaseFile), local.exclusively);
    } catch (error) {
      if (error instanceof DatabaseOwnedError) return again; // another process became the owner meanwhile: go through it
      throw error;
    }
    try {
      return await runHere(local, command, flags, io);
    } finally {
      await control.close();
    }
  } finally {
    local.close();
  }
}

/** Downloads in this process until every task it runs has settled, or Ctrl-C. */
async function runHere({ service }: HeadlessService, command: ForegroundCommand, flags: ForegroundFlags, io: CliIo): Promise<number> {
  const reporter = await reporterFor(flags, io);
  const follower = new TaskFollower(reporter);
  let check = (): void => undefined;
  const stopEvents = service.onEvent((message) => {
    follower.onEvent(message);
    check();
  });
  try {
    const asked = await command.ask(service, 'here');
    await follower.follow(asked.ids, asked.failures, async (id) => (await service.call('tasks.details', { id })).task);
    service.start();
    // Until every task the queue runs has settled: this command's, and those a client added through the control socket.
    // The database refusing a write stops the run: going on would only lose more progress.
    await new Promise<void>((resolve) => {
      check = () => {
        if (service.queue.scopeIsDone() || follower.storeFailed) resolve();
      };
      if (io.signal.aborted) resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
      check();
    });
    follower.stopping = io.signal.aborted;
    // Transfers stop with their bytes saved (paused); clients of the control socket see it before it closes.
    await service.stop('pause');
    if (io.signal.aborted) return exitCodes.interrupted;
    return Math.max(asked.code, follower.exitCode());
  } finally {
    stopEvents();
    reporter.stop();
  }
}

function tuningOf(flags: ForegroundFlags): RunTuning {
  return {
    concurrent: flags.concurrent,
    connections: flags.connections,
    retries: flags.retries,
    speedLimit: flags.limit,
    timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
  };
}
