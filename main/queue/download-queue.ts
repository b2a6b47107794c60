import { nextAfterFailure } from '../../app/domain/next-after-failure.js';
import type { Task } from '../../app/domain/task.js';
import { planCommand, type TaskCommand } from '../../app/domain/task-commands.js';
import type { TaskReason } from '../../app/domain/task-reason.js';
import type { TaskState } from '../../app/domain/task-state.js';
import type { Clock } from '../engine/clock.js';
import type { FileSystem } from '../engine/file-system.js';
import type { HttpClient } from '../engine/http-client.js';
import { pathInside } from '../engine/part-path.js';
import { TokenBucket } from '../engine/token-bucket.js';
import type { TransferState } from '../engine/transfer-state.js';
import type { GroupStore } from '../store/group-store.js';
import { UnknownTaskError, type NewTask, type QueuedCandidate, type TaskStore, type TransitionDetail } from '../store/task-store.js';
import { CheckpointWriter } from './checkpoint-writer.js';
import { ClaimRenewal } from './claim-renewal.js';
import { CommandRefusedError } from './command-refused-error.js';
import { markGroupAfter, settleGroupIfDone, type GroupSettled } from './group-settling.js';
import { HostSlots } from './host-slots.js';
import type { NetworkMonitor } from './network-monitor.js';
import { deleteIfPresent, deletePartialFile, isSystemError } from './partial-files.js';
import type { QueueEvents } from './queue-events.js';
import type { QueueSettings } from './queue-settings.js';
import { RetryTimer } from './retry-timer.js';
import { Scheduler } from './scheduler.js';
import { leaseIsVacant, leaseMs, newLeaseOwner, runningElsewhereMessage } from './task-lease.js';
import { insertTasks, type AddOptions, type AddResult } from './task-adder.js';
import { TaskScope } from './task-scope.js';
import { runTransfer, type ActiveTransfer, type TransferOutcome, type TransferProgress } from './transfer-runner.js';
import { TypedEmitter } from './typed-emitter.js';

export { CommandRefusedError } from './command-refused-error.js';
export type { TransferProgress } from './transfer-runner.js';

/** A commit of completions the database refused is tried again after this, the wait doubling up to `lastCommitRetryMs`. */
const firstCommitRetryMs = 250;
const lastCommitRetryMs = 4_000;

export interface QueueDeps {
  readonly tasks: TaskStore;
  readonly groups: GroupStore;
  readonly http: HttpClient;
  readonly fs: FileSystem;
  /** Every timer of the queue is set through it, so tests drive time and see what is armed. */
  readonly clock: Clock;
  readonly network: NetworkMonitor;
  readonly random: () => number;
}

/** What became of a removed download's file. */
export interface Removal {
  readonly fileDeleted: boolean;
  /** Why a file that should have gone is still on disk. */
  readonly leftover?: string;
}

export interface ManyResult {
  /** The tasks asked for, as they now are (moved, or already where the command would put them). */
  readonly changed: Task[];
  /** The tasks it could not apply to, each with its CommandRefusedError (or unknown task). */
  readonly refused: { readonly id: number; readonly error: unknown }[];
}

/**
 * The download queue: the commands a user gives, and the life of each
 * transfer it starts. Every change of state goes through the store's one
 * transition function (which checks it against the state table), is
 * persisted, then announced, and is followed by one "fill free slots" step
 * (`Scheduler`). The rest lives beside it: recording what is added
 * (`insertTasks`), where a failed task goes (`nextAfterFailure`), one attempt
 * (`runTransfer`), checkpoints, claims, host connection slots, the retry
 * timer, the CLI's scope.
 */
export class DownloadQueue {
  readonly events = new TypedEmitter<QueueEvents>();
  private readonly active = new Map<number, ActiveTransfer>();
  /**
   * Set while finished transfers are recorded: the tasks claimed in the same transaction, started
   * after its commit, and the groups it settles, announced after it (nothing, if it does not commit).
   */
  private inFlight: { claimed: { transfer: ActiveTransfer; state: TransferState }[]; groupsSettled: GroupSettled[] } | undefined;
  /** Finished transfers waiting for the commit that records them (see settleCompleted); they keep their slots meanwhile. */
  private completing: { transfer: ActiveTransfer; state: TransferState; reason: TaskReason | undefined; resolve: () => void }[] = [];
  /** Armed while the database refuses to record completions: the next attempt. */
  private cancelCommitRetry: (() => void) | undefined;
  private commitRetryMs = firstCommitRetryMs;
  /** The refusal was reported: said once until a commit succeeds, not at every attempt. */
  private commitRefusalReported = false;
  private readonly hostSlots = new HostSlots();
  /** This queue's name on the rows it runs, so another process sharing the database leaves them alone. */
  private readonly owner = newLeaseOwner();
  private readonly checkpoints: CheckpointWriter;
  private readonly claims: ClaimRenewal;
  private readonly retryTimer: RetryTimer;
  private readonly scope: TaskScope;
  private readonly scheduler: Scheduler;
  private stopNetworkWatch: (() => void) | undefined;
  private started = false;
  /** The total speed limit, shared by every transfer. */
  private readonly speedLimit: TokenBucket;

  constructor(
    private readonly deps: QueueDeps,
    private settings: QueueSettings,
    /** When set, only these tasks are run (the CLI runs its own tasks, not the whole database's); `adopt` adds to them. */
    scope?: Iterable<number>,
  ) {
    this.speedLimit = new TokenBucket(settings.speedLimit, deps.clock);
    this.scope = new TaskScope(scope);
    const reportFailure = (error: unknown): void => this.events.emit('storeFailed', { id: undefined, error });
    this.checkpoints = new CheckpointWriter(deps.tasks, this.owner, deps.clock, () => this.settings.checkpointFlushMs, reportFailure);
    this.claims = new ClaimRenewal(deps.tasks, this.owner, deps.clock, (held) => this.dropLostClaims(held), reportFailure);
    this.retryTimer = new RetryTimer(deps.clock, () => this.retryDue());
    this.scheduler = new Scheduler({
      tasks: deps.tasks,
      scope: this.scope,
      hostSlots: this.hostSlots,
      active: this.active,
      settings: () => this.settings,
      launch: (task, host) => this.launch(task, host),
      changedElsewhere: (id, task) => this.noticeChangedElsewhere(id, task),
    });
  }

  /** Recovers from a crash, then starts running tasks. */
  start(): void {
    if (this.started) return;
    this.started = true;
    // One query for the whole scope: a CLI run of thousands of URLs starts without a read per task.
    for (const task of this.deps.tasks.getMany([...(this.scope.ids ?? [])])) this.scope.track(task);
    for (const task of this.deps.tasks.listInState('running')) {
      if (this.scope.has(task.id)) this.recover(task);
    }
    this.stopNetworkWatch = this.deps.network.onChange((online) => this.onNetworkChange(online));
    this.fill();
    this.armRetryTimer();
  }

  /**
   * Makes these tasks the queue's to run: a scoped queue (the CLI) takes on
   * what is added or resumed through it, from its own command line or from a
   * client of its control socket. A task found running that no transfer here
   * runs gets the recovery `start` gives.
   */
  adopt(ids: readonly number[]): void {
    for (const id of ids) this.scope.take(id);
    if (!this.started) return;
    for (const id of ids) {
      const task = this.deps.tasks.get(id);
      if (task === undefined) continue;
      if (task.state === 'running' && !this.active.has(id)) this.recover(task);
      else this.scope.track(task);
    }
    this.fill();
    this.armRetryTimer();
  }

  /**
   * A task left running by a process that died resumes from what is durable on disk;
   * one another live process is running is its business.
   */
  private recover(task: Task): void {
    if (leaseIsVacant(this.deps.tasks.leaseOf(task.id), this.deps.clock.now())) {
      this.apply(task.id, 'queued', { reason: 'interrupted' });
    } else {
      this.scope.forget(task.id);
      this.events.emit('runningElsewhere', task);
    }
  }

  /**
   * Stops every transfer and saves its progress. `pause` parks the tasks as
   * paused (the CLI's Ctrl-C); `interrupt` leaves them running, to be resumed
   * at the next start (quitting the app).
   */
  async stop(mode: 'pause' | 'interrupt'): Promise<void> {
    this.started = false;
    this.retryTimer.disarm();
    this.stopNetworkWatch?.();
    // Completions the database keeps refusing are not waited for (see completionsRefused).
    if (this.cancelCommitRetry !== undefined) this.leaveRefusedCompletions();
    const stopping = [...this.active.values()].map((transfer) => {
      transfer.stopAs = mode === 'pause' ? { to: 'paused', reason: 'by_user' } : { to: 'running' };
      transfer.controller.abort();
      return transfer.done ?? Promise.resolve();
    });
    await Promise.all(stopping);
    this.checkpoints.flush();
    // Tasks left running (quitting the app) are free for the next start, whichever process it is.
    this.deps.tasks.releaseLeases(this.owner);
  }

  /**
   * Applies new settings at once: a lowered cap sends the transfers started
   * last back to the queue (they resume from their bytes on disk).
   */
  updateSettings(settings: QueueSettings): void {
    this.settings = settings;
    this.speedLimit.setRate(settings.speedLimit);
    const excess = [...this.active.values()].filter((transfer) => transfer.stopAs === undefined).slice(settings.maxConcurrent);
    for (const transfer of excess) {
      transfer.stopAs = { to: 'queued' };
      transfer.controller.abort();
    }
    this.fill();
  }

  /** Adds downloads (see `insertTasks`: checked, duplicates found, one transaction), announces them and starts what the caps allow. */
  add(newTasks: readonly NewTask[], options: AddOptions = {}): AddResult {
    const added = insertTasks(this.deps, newTasks, options);
    for (const task of added.tasks) {
      if (options.adopt === true) this.scope.take(task.id);
      this.scope.track(task);
      this.events.emit('taskAdded', task);
    }
    this.fill();
    return added;
  }

  /**
   * Pause, resume, retry or cancel one task, whatever state it is in.
   * Refused for a task another live process is running: changing its row or
   * its file behind that process's back would corrupt the download.
   */
  async command(id: number, command: TaskCommand): Promise<Task> {
    let task = this.deps.tasks.require(id);
    const transfer = this.active.get(id);
    if (transfer !== undefined && task.state !== 'running') {
      // The transfer has settled its task and is only cleaning up: let it finish first.
      await transfer.done;
      task = this.deps.tasks.require(id);
    }
    if (transfer !== undefined && task.state === 'running') {
      const to = planned(id, command, task.state);
      if (to === undefined) return task;
      transfer.stopAs = { to, reason: userReason(to) };
      transfer.controller.abort();
      await transfer.done;
      return this.deps.tasks.require(id);
    }
    // Checked and changed in one transaction: a process claiming the task meanwhile is never overruled.
    // The state changes before any wait, so the scheduler cannot start a task being canceled.
    // A user action gives the task a fresh set of automatic retries.
    const change = this.deps.tasks.atomically(() => {
      const before = this.deps.tasks.require(id);
      this.refuseIfRunningElsewhere(before);
      const to = planned(id, command, before.state);
      return to === undefined ? undefined : { before, after: this.deps.tasks.transition(id, to, { reason: userReason(to), attempts: 0 }) };
    });
    if (change === undefined) return this.deps.tasks.require(id);
    this.announce(change.after);
    this.fill();
    if (change.after.state === 'canceled') await deletePartialFile(this.deps.fs, change.before);
    return change.after;
  }

  /**
   * One command on many tasks. Those not running change in one transaction
   * first (one batch of events, one scheduling step): pausing everything
   * never starts a queued task in the slot a paused one just freed. Running
   * ones are then stopped together. A task the command cannot apply to is
   * refused on its own; the rest go ahead.
   */
  async commandMany(ids: readonly number[], command: TaskCommand): Promise<ManyResult> {
    const refused: { id: number; error: unknown }[] = [];
    // Transfers that have settled their task and are only cleaning up finish first.
    const cleaningUp = ids.flatMap((id) => {
      const done = this.active.get(id)?.done;
      return done !== undefined && this.deps.tasks.stateOf(id)?.state !== 'running' ? [done] : [];
    });
    await Promise.all(cleaningUp);
    const stopping = ids.filter((id) => this.active.has(id));
    const idle = ids.filter((id) => !this.active.has(id));
    const changes = this.deps.tasks.atomically(() =>
      idle.flatMap((id) => {
        try {
          const before = this.deps.tasks.require(id);
          this.refuseIfRunningElsewhere(before);
          const to = planned(id, command, before.state);
          if (to === undefined) return [{ before, after: before, moved: false }];
          return [{ before, after: this.deps.tasks.transition(id, to, { reason: userReason(to), attempts: 0 }), moved: true }];
        } catch (error) {
          if (!(error instanceof CommandRefusedError || error instanceof UnknownTaskError)) throw error;
          refused.push({ id, error });
          return [];
        }
      }),
    );
    for (const { after, moved } of changes) if (moved) this.announce(after);
    const stopped = await Promise.all(
      stopping.map(async (id) => {
        try {
          return await this.command(id, command);
        } catch (error) {
          refused.push({ id, error });
          return undefined;
        }
      }),
    );
    this.fill();
    for (const { before, after, moved } of changes) if (moved && after.state === 'canceled') await deletePartialFile(this.deps.fs, before);
    const changed = [...changes.map(({ after }) => after), ...stopped.filter((task) => task !== undefined)];
    return { changed, refused };
  }

  /**
   * Removes the task from the list; its partial file always goes, the finished file only when asked.
   * A file the system will not delete is left with its reason: the download is gone all the same.
   */
  async remove(id: number, options: { readonly deleteFile: boolean }): Promise<Removal> {
    const transfer = this.active.get(id);
    if (transfer !== undefined) {
      transfer.stopAs = { to: 'canceled', reason: 'by_user' };
      transfer.controller.abort();
      await transfer.done;
    }
    // The row goes before any wait, so the scheduler cannot start a task being removed.
    const task = this.deps.tasks.atomically(() => {
      const current = this.deps.tasks.require(id);
      this.refuseIfRunningElsewhere(current);
      this.deps.tasks.delete(id);
      return current;
    });
    this.events.emit('taskDeleted', { id });
    this.checkpoints.forget(id);
    this.scope.forget(id);
    let fileDeleted = false;
    let leftover: string | undefined;
    try {
      await deletePartialFile(this.deps.fs, task);
      if (options.deleteFile && task.state === 'completed' && task.fileName !== null) {
        fileDeleted = await deleteIfPresent(this.deps.fs, pathInside(task.dir, task.fileName));
      }
    } catch (error) {
      if (!isSystemError(error)) throw error;
      leftover = error.message;
    } finally {
      // The row is gone even when a file could not be deleted: every client must hear it.
      this.events.emit('taskRemoved', { id, fileDeleted, groupId: task.groupId });
      if (task.groupId !== null) this.announceGroup(settleGroupIfDone(this.deps.tasks, this.deps.groups, task.groupId));
      this.fill();
    }
    return leftover === undefined ? { fileDeleted } : { fileDeleted, leftover };
  }

  /** Applies a command to every member of a group. */
  async commandGroup(groupId: number, command: TaskCommand): Promise<void> {
    const members = this.deps.tasks.listInGroup(groupId).filter((task) => planCommand(command, task.state).kind === 'move');
    await this.commandMany(
      members.map((task) => task.id),
      command,
    );
  }

  /** Removes a group and its members; says for each member what became of its file. */
  async removeGroup(groupId: number, options: { readonly deleteFiles: boolean }): Promise<Map<number, Removal>> {
    const deleted = new Map<number, Removal>();
    for (const task of this.deps.tasks.listInGroup(groupId)) deleted.set(task.id, await this.remove(task.id, { deleteFile: options.deleteFiles }));
    this.deps.groups.delete(groupId);
    return deleted;
  }

  /** Moves a task to the front of the queue (or, with a priority, into that band). */
  prioritize(id: number, priority: number): Task {
    const task = this.deps.tasks.reorder(id, priority, -this.deps.clock.now());
    this.events.emit('taskChanged', task);
    this.fill();
    return task;
  }

  /** Sets one download's own speed limit (null: none), applied at once if it is running. */
  setSpeedLimit(id: number, bytesPerSecond: number | null): Task {
    const task = this.deps.tasks.setSpeedLimit(id, bytesPerSecond);
    this.active.get(id)?.limit.setRate(bytesPerSecond ?? 0);
    this.events.emit('taskChanged', task);
    return task;
  }

  /** Sets how many connections one download may use (null: the global setting), from its next attempt on. */
  setConnections(id: number, connections: number | null): Task {
    const task = this.deps.tasks.setConnections(id, connections);
    this.events.emit('taskChanged', task);
    return task;
  }

  progressOf(id: number): TransferProgress | undefined {
    return this.active.get(id)?.progress;
  }

  /** The live numbers of every running transfer, by task id. */
  *activeProgress(): Generator<readonly [number, Readonly<TransferProgress>]> {
    for (const [id, transfer] of this.active) yield [id, transfer.progress];
  }

  get runningCount(): number {
    return this.active.size;
  }

  /** True when every task in scope is completed, failed, canceled or paused: nothing more happens without a user. */
  scopeIsDone(): boolean {
    return this.active.size === 0 && this.scope.isSettled;
  }

  /** One scheduling step, once started. */
  private fill(): void {
    if (this.started) this.scheduler.fill();
  }

  /** For callbacks nobody awaits: a database failure is announced rather than thrown into the event loop. */
  private fillReportingFailure(): void {
    try {
      this.fill();
    } catch (error) {
      this.events.emit('storeFailed', { id: undefined, error });
    }
  }

  /**
   * A task of the scope found not queued was changed by another process (paused, removed, or
   * claimed by a second run of the same command): follow the row, so the scope can settle.
   */
  private noticeChangedElsewhere(id: number, task: Task | undefined): void {
    if (task === undefined || task.state === 'running') {
      this.scope.forget(id);
      if (task !== undefined) this.events.emit('runningElsewhere', task);
      return;
    }
    this.scope.track(task);
  }

  /** Refuses to touch a task another live process is running (this queue's own transfers are stopped, not refused). */
  private refuseIfRunningElsewhere(task: Task): void {
    if (task.state !== 'running') return;
    const lease = this.deps.tasks.leaseOf(task.id);
    if (lease === undefined || lease.owner === this.owner || leaseIsVacant(lease, this.deps.clock.now())) return;
    throw new CommandRefusedError('running_elsewhere', `task ${task.id}: ${runningElsewhereMessage(lease)}`, task.state);
  }

  private launch(queued: QueuedCandidate, host: string): void {
    // One transaction for the claim and the read: each costs SQLite its locks and a WAL write.
    // Claimed only if still queued, checked by the claiming statement itself: another process may have claimed or changed it since it was read.
    const claim = this.deps.tasks.claim(queued.id, { owner: this.owner, until: this.deps.clock.now() + leaseMs });
    if (claim === undefined) {
      this.noticeChangedElsewhere(queued.id, this.deps.tasks.get(queued.id));
      return;
    }
    const { task, state } = claim;
    this.announce(task);
    const transfer: ActiveTransfer = {
      task,
      limit: new TokenBucket(task.speedLimit ?? 0, this.deps.clock),
      host,
      controller: new AbortController(),
      progress: { bytes: state.durableBytes, totalBytes: state.totalBytes, connections: 0 },
    };
    this.active.set(task.id, transfer);
    this.claims.runningCount(this.active.size);
    this.hostSlots.take(host);
    if (this.inFlight !== undefined) this.inFlight.claimed.push({ transfer, state });
    else this.begin(transfer, state);
  }

  /** Runs a claimed task's transfer; what follows it frees the slot and fills it again. */
  private begin(transfer: ActiveTransfer, state: TransferState): void {
    const { task } = transfer;
    transfer.done = this.run(transfer, state)
      .catch((error: unknown) => {
        this.events.emit('storeFailed', { id: task.id, error });
      })
      .finally(() => {
        this.end(transfer);
        this.fillReportingFailure();
      });
  }

  private async run(transfer: ActiveTransfer, state: TransferState): Promise<void> {
    const { task } = transfer;
    const outcome = await runTransfer(transfer, state, {
      deps: this.deps,
      limits: this.settings.limits,
      sharedLimit: this.speedLimit,
      connections: this.settings.connections,
      checkpoints: this.checkpoints,
      events: this.events,
      connectionSlots: {
        tryAcquire: () => this.hostSlots.tryTake(transfer.host, this.settings.maxConnectionsPerHost),
        release: () => {
          this.hostSlots.release(transfer.host);
          // A download waiting for this host's connections may start now: after the engine's
          // bookkeeping is done, and with the database's failures reported, not thrown into it.
          setImmediate(() => this.fillReportingFailure());
        },
      },
    });
    if (outcome.kind === 'completed') {
      await this.settleCompleted(transfer, state, outcome.result.reason);
      return;
    }
    this.checkpoints.saveNow(task.id, state);
    await this.afterFailure(transfer, outcome);
  }

  private async afterFailure(transfer: ActiveTransfer, outcome: Extract<TransferOutcome, { kind: 'failed' }>): Promise<void> {
    const { task } = transfer;
    // The row is another process's now: nothing to record, and its partial file is not ours to delete.
    if (transfer.claimLost === true) return;
    const { error } = outcome;
    // A bug of ours, not the network's: the host logs it with its stack.
    if (error.code === 'internal' && transfer.stopAs === undefined) this.events.emit('internalError', { task, error: error.cause ?? error });
    const next = nextAfterFailure(error, {
      stopAs: transfer.stopAs,
      online: this.deps.network.isOnline(),
      attempts: task.attempts,
      madeProgress: outcome.madeProgress,
      retries: this.settings.retries,
      now: this.deps.clock.now(),
      random: this.deps.random(),
      retryBaseMs: this.settings.retryBaseMs,
      retryMaxMs: this.settings.retryMaxMs,
    });
    if (next.state === 'canceled') await deletePartialFile(this.deps.fs, this.deps.tasks.require(task.id));
    if (next.state !== 'running') transfer.settled = this.settle(task, next.state, next.detail);
    if (next.state === 'retrying') this.armRetryTimer();
  }

  /**
   * Records finished transfers as completed. Those finishing together (their
   * renames share a folder fsync, so they get here in the same turn) share one
   * transaction, and the tasks that take their slots are claimed in it too:
   * one commit where there were two per file. A commit the database refuses
   * is tried again (see completionsRefused); those finishing meanwhile join it.
   */
  private settleCompleted(transfer: ActiveTransfer, state: TransferState, reason: TaskReason | undefined): Promise<void> {
    return new Promise((resolve) => {
      this.completing.push({ transfer, state, reason, resolve });
      if (this.completing.length === 1) queueMicrotask(() => this.commitCompleted());
    });
  }

  private commitCompleted(): void {
    this.cancelCommitRetry?.();
    this.cancelCommitRetry = undefined;
    const batch = this.completing;
    this.completing = [];
    if (batch.length === 0) return;
    // Transfers claimed in this transaction start once it has committed.
    const claimed: { transfer: ActiveTransfer; state: TransferState }[] = [];
    const groupsSettled: GroupSettled[] = [];
    this.inFlight = { claimed, groupsSettled };
    try {
      this.deps.tasks.atomically(() => {
        for (const { transfer, state, reason } of batch) {
          this.checkpoints.saveNow(transfer.task.id, state);
          transfer.settled = this.settle(transfer.task, 'completed', { attempts: 0, reason });
        }
        for (const { transfer } of batch) this.freeSlot(transfer);
        this.fillReportingFailure();
      });
    } catch (error) {
      for (const { transfer } of claimed) this.unclaim(transfer);
      for (const { transfer } of batch) {
        transfer.settled = undefined;
        // Its slot, freed for the claims that did not commit, is its own again until it is recorded.
        this.retakeSlot(transfer);
        // Announced completed inside the transaction that did not commit: announced again as stored.
        this.announceStored(transfer.task.id);
      }
      this.completionsRefused(batch, error);
      return;
    } finally {
      this.inFlight = undefined;
    }
    this.commitRetryMs = firstCommitRetryMs;
    this.commitRefusalReported = false;
    for (const settled of groupsSettled) this.events.emit('groupSettled', settled);
    // Ended here rather than when each run() returns: nothing is left to do for them, and the
    // slots they freed are already taken.
    for (const { transfer, resolve } of batch) {
      this.end(transfer);
      resolve();
    }
    for (const { transfer, state } of claimed) this.begin(transfer, state);
  }

  /**
   * The database refused to record these completions (locked by another program past the busy
   * timeout, disk full): their files are whole, so they are recorded as soon as it accepts, tried
   * again with a growing wait. Their transfers keep their slots meanwhile (the caps hold), and the
   * commit that records them claims the next tasks (the queue goes on by itself). Reported once
   * until a commit succeeds. Once stopping, they are left running, their files whole: the next
   * start completes them from the files (recovery), with nothing downloaded again.
   */
  private completionsRefused(batch: typeof this.completing, error: unknown): void {
    this.completing = [...batch, ...this.completing];
    if (!this.commitRefusalReported) {
      this.commitRefusalReported = true;
      this.events.emit('storeFailed', { id: undefined, error });
    }
    if (!this.started) {
      this.leaveRefusedCompletions();
      return;
    }
    const wait = this.commitRetryMs;
    this.commitRetryMs = Math.min(wait * 2, lastCommitRetryMs);
    this.cancelCommitRetry = this.deps.clock.setTimer(wait, () => {
      this.cancelCommitRetry = undefined;
      this.commitCompleted();
    });
  }

  /** Stopping: completions not recorded are left running, their files whole, for the next start to complete (recovery). */
  private leaveRefusedCompletions(): void {
    this.cancelCommitRetry?.();
    this.cancelCommitRetry = undefined;
    const left = this.completing;
    this.completing = [];
    for (const { resolve } of left) resolve();
  }

  /**
   * A claim its transaction did not commit: the task is queued in the database, and
   * becomes so here again (its slot freed, the row as it is announced).
   */
  private unclaim(transfer: ActiveTransfer): void {
    this.freeSlot(transfer);
    this.announceStored(transfer.task.id);
  }

  /** Announces the task as the database holds it (after a transaction that announced a change did not commit). */
  private announceStored(id: number): void {
    try {
      const task = this.deps.tasks.get(id);
      if (task !== undefined) this.announce(task);
    } catch (error) {
      this.events.emit('storeFailed', { id, error });
    }
  }

  /** The transfer no longer holds a slot, a host connection or a checkpoint; once per transfer. */
  private freeSlot(transfer: ActiveTransfer): void {
    const { id } = transfer.task;
    if (this.active.get(id) !== transfer) return;
    this.active.delete(id);
    this.claims.runningCount(this.active.size);
    this.hostSlots.release(transfer.host);
    this.checkpoints.forget(id);
  }

  /** The slot freeSlot gave up, taken again. */
  private retakeSlot(transfer: ActiveTransfer): void {
    const { id } = transfer.task;
    if (this.active.has(id)) return;
    this.active.set(id, transfer);
    this.claims.runningCount(this.active.size);
    this.hostSlots.take(transfer.host);
  }

  /** The transfer is over: its slot is free and its end announced, once. */
  private end(transfer: ActiveTransfer): void {
    if (transfer.ended === true) return;
    transfer.ended = true;
    this.freeSlot(transfer);
    if (transfer.claimLost === true) this.forgetLostClaim(transfer.task);
    this.events.emit('transferEnded', { id: transfer.task.id, settled: transfer.settled });
  }

  /** A transition from running that tolerates the row having been changed by another process meanwhile. */
  /** The row as changed; undefined when it was not ours to change. */
  private settle(task: Task, to: TaskState, detail: TransitionDetail): Task | undefined {
    // Not changed when another process changed it meanwhile, or our claim lapsed (the process hung) and another process took it over.
    const settled = this.deps.tasks.transitionFrom(task.id, 'running', to, detail, this.owner);
    if (settled !== undefined) this.announce(settled);
    return settled;
  }

  /** Persist, then announce: the path every state change outside a transaction takes. */
  private apply(id: number, to: TaskState, detail: TransitionDetail = {}): Task {
    return this.announce(this.deps.tasks.transition(id, to, detail));
  }

  /** What follows a persisted state change: the scope, the event, the group. */
  private announce(task: Task): Task {
    this.scope.track(task);
    this.events.emit('taskChanged', task);
    if (task.groupId !== null) this.announceGroup(markGroupAfter(this.deps.tasks, this.deps.groups, task.groupId, task.state));
    return task;
  }

  private announceGroup(settled: GroupSettled | undefined): void {
    if (settled === undefined) return;
    // Marked inside a transaction recording completions: said once it has committed.
    if (this.inFlight !== undefined) this.inFlight.groupsSettled.push(settled);
    else this.events.emit('groupSettled', settled);
  }

  /** A transfer stopped because its row was changed elsewhere: the task leaves this queue's scope as it now is. */
  private forgetLostClaim(task: Task): void {
    this.scope.forget(task.id);
    let now: Task | undefined;
    try {
      now = this.deps.tasks.get(task.id);
    } catch (error) {
      this.events.emit('storeFailed', { id: task.id, error });
    }
    this.events.emit('changedElsewhere', { task, now });
  }

  /** Stops every transfer whose row is no longer this queue's (changed by another process, or taken over after this one hung). */
  private dropLostClaims(held: ReadonlySet<number>): void {
    for (const transfer of this.active.values()) {
      if (held.has(transfer.task.id) || transfer.stopAs !== undefined || transfer.claimLost === true) continue;
      transfer.claimLost = true;
      transfer.controller.abort();
    }
  }

  private onNetworkChange(online: boolean): void {
    if (!online) {
      for (const transfer of this.active.values()) {
        // A user's pause or cancel already under way wins over the network.
        transfer.stopAs ??= { to: 'waiting_network', reason: 'offline' };
        transfer.controller.abort();
      }
      return;
    }
    // Back online: waiting tasks rejoin the queue; the caps decide how many start, so there is no storm.
    for (const task of this.deps.tasks.listInState('waiting_network')) {
      if (this.scope.has(task.id)) this.apply(task.id, 'queued');
    }
    this.fill();
  }

  private retryDue(): void {
    try {
      const now = this.deps.clock.now();
      for (const task of this.deps.tasks.dueRetries(now)) {
        if (this.scope.has(task.id)) this.apply(task.id, 'queued', { attempts: task.attempts });
      }
      // A retry the scope remembers as due that the database does not have was changed by another process: follow the row.
      for (const id of this.scope.dueRetryIds(now)) this.noticeChangedElsewhere(id, this.deps.tasks.get(id));
      this.fill();
      this.armRetryTimer();
    } catch (error) {
      this.events.emit('storeFailed', { id: undefined, error });
    }
  }

  private armRetryTimer(): void {
    if (!this.started) return;
    this.retryTimer.arm(this.scheduler.nextRetryAt());
  }
}

/** Where a command moves a task; undefined when it is already there. */
function planned(id: number, command: TaskCommand, state: TaskState): TaskState | undefined {
  const plan = planCommand(command, state);
  if (plan.kind === 'refused') throw new CommandRefusedError(plan.refusal, `task ${id}: ${plan.why}`, state);
  return plan.kind === 'move' ? plan.to : undefined;
}

function userReason(to: TaskState): TaskReason | undefined {
  return to === 'paused' || to === 'canceled' ? 'by_user' : undefined;
}
