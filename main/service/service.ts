import type Database from 'better-sqlite3';
import { commands, isCommandName, type CommandInput, type CommandName, type CommandResult } from '../../app/contract/commands.js';
import { ContractError } from '../../app/contract/errors.js';
import type { EventMessage, Reply } from '../../app/contract/messages.js';
import type { Snapshot, Stats } from '../../app/contract/views.js';
import { decodeSnapshot, type WireSnapshot } from '../../app/contract/wire-snapshot.js';
import { errorCodes } from '../../app/domain/error-codes.js';
import { maskUrlPasswords } from '../../app/domain/secrets.js';
import type { Settings } from '../../app/domain/settings.js';
import { taskStates, type TaskState } from '../../app/domain/task-state.js';
import type { Clock } from '../engine/clock.js';
import type { FileSystem } from '../engine/file-system.js';
import type { HttpClient } from '../engine/http-client.js';
import { DownloadQueue } from '../queue/download-queue.js';
import type { NetworkMonitor } from '../queue/network-monitor.js';
import { defaultQueueSettings, queueSettingsFrom, type QueueSettings } from '../queue/queue-settings.js';
import { runningElsewhereMessage } from '../queue/task-lease.js';
import { GroupStore } from '../store/group-store.js';
import { SettingsStore } from '../store/settings-store.js';
import { TaskStore } from '../store/task-store.js';
import { commandHandlers, type Handlers } from './command-handlers.js';
import { toContractError } from './contract-errors.js';
import { EventStream } from './event-stream.js';
import { FreeSpace } from './free-space.js';
import { ProgressBatches } from './progress-batches.js';
import type { HostShell } from './task-files.js';
import { TaskChanges, type CountChange } from './task-changes.js';
import { toGroupView } from './views.js';
import { wireTaskFromRow } from './wire-tasks.js';

export interface ServiceDeps {
  readonly db: Database.Database;
  readonly http: HttpClient;
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly network: NetworkMonitor;
  readonly random: () => number;
  /** Where downloads go when neither the call nor the settings say (the user's Downloads folder). */
  readonly defaultDir: string;
  /** Opening files on the desktop; absent on headless hosts, where open is refused. */
  readonly shell?: HostShell | undefined;
  /** Faults of our own, with their stack; never shown to clients. */
  readonly log: (message: string, error: unknown) => void;
  /** Which host runs this service, for `host.info`. */
  readonly hostKind?: 'app' | 'serve' | 'cli' | undefined;
  /** Queue tuning beyond the user's settings (tests shorten timers). */
  readonly queueBase?: QueueSettings | undefined;
  /** The host's own choices, outranking the user's settings (the CLI's -j, -c, --limit…). */
  readonly queueOverrides?: Partial<QueueSettings> | undefined;
  /**
   * Runs only what is added, resumed or retried through it, not the whole
   * database's queue: a CLI command downloads what it was asked for.
   */
  readonly scoped?: boolean | undefined;
}

/**
 * The one API every host speaks: validated commands in, numbered events out.
 * Host-neutral: the desktop app, `peregrine serve` and the CLI wrap it in
 * their transports and never reach past it.
 */
export class PeregrineService {
  readonly tasks: TaskStore;
  readonly groups: GroupStore;
  readonly settings: SettingsStore;
  readonly queue: DownloadQueue;
  private readonly stream: EventStream;
  private readonly changes: TaskChanges;
  private readonly progress: ProgressBatches;
  private readonly freeSpace: FreeSpace;
  private readonly handlers: Handlers;
  private lastCounts = '';
  /** The counts by state as of the last batch of row changes. */
  private counts: Stats;

  constructor(private readonly deps: ServiceDeps) {
    const now = (): number => deps.clock.now();
    this.tasks = new TaskStore(deps.db, now);
    this.groups = new GroupStore(deps.db, now);
    this.settings = new SettingsStore(deps.db);
    this.queue = new DownloadQueue(
      { tasks: this.tasks, groups: this.groups, http: deps.http, fs: deps.fs, clock: deps.clock, network: deps.network, random: deps.random },
      this.queueSettings(this.settings.get()),
      deps.scoped === true ? [] : undefined,
    );
    this.stream = new EventStream((error) => deps.log('an event listener failed', error));
    this.changes = new TaskChanges(this.tasks, this.groups, this.stream, (change) => this.announceCounts(change));
    this.freeSpace = new FreeSpace(() => this.settings.get().downloadDir ?? deps.defaultDir, now);
    this.progress = new ProgressBatches(
      () => this.queue.activeProgress(),
      deps.clock,
      (progress) => {
        if (progress.length > 0) this.stream.emit('tasks.progress', { progress });
        // Counts change only with rows, and each batch of row changes refreshes them: a progress tick reads no database.
        this.stream.emit('stats.changed', { ...this.counts, speed: this.progress.speed });
      },
    );
    this.handlers = commandHandlers({
      service: this,
      http: deps.http,
      fs: deps.fs,
      now,
      defaultDir: deps.defaultDir,
      shell: deps.shell,
      hostKind: deps.hostKind ?? 'cli',
      emitSettings: (settings) => this.stream.emit('settings.changed', settings),
      applySettings: (settings) => this.queue.updateSettings(this.queueSettings(settings)),
    });
    this.counts = this.recount();
    this.listenToQueue();
  }

  /** Recovers what a crash left and starts downloading. */
  start(): void {
    this.queue.start();
    // Nothing running: no timer until a transfer starts.
    if (this.queue.runningCount > 0) this.progress.wake();
  }

  /** Stops every transfer, saving its progress (see DownloadQueue.stop), and goes silent. */
  async stop(mode: 'pause' | 'interrupt'): Promise<void> {
    await this.queue.stop(mode);
    this.progress.stop();
    this.changes.flush();
  }

  /**
   * Validates, then runs one command. Whatever happens, the answer is a
   * reply: a result, or an error with a code from the closed set.
   */
  async dispatch(method: unknown, rawInput: unknown): Promise<Reply> {
    try {
      return { ok: true, result: await this.run(method, rawInput) };
    } catch (error) {
      return { ok: false, error: toContractError(error, this.deps.log).toBody() };
    }
  }

  /** The typed, in-process way to call: throws a ContractError on failure. */
  async call<M extends CommandName>(method: M, input: CommandInput<M>): Promise<CommandResult<M>> {
    try {
      return (await this.run(method, input)) as CommandResult<M>;
    } catch (error) {
      throw toContractError(error, this.deps.log);
    }
  }

  onEvent(listener: (message: EventMessage) => void): () => void {
    return this.stream.subscribe(listener);
  }

  /** The whole picture as plain views, for callers in this process: the wire form, decoded as every client decodes it. */
  snapshot(): Snapshot {
    return decodeSnapshot(this.wireSnapshot());
  }

  /** The snapshot as it travels: tasks without their default fields, made straight from the rows. */
  wireSnapshot(): WireSnapshot {
    // Pending changes go out first, so the events after this seq are all news to the client.
    this.changes.flush();
    // The counts just read are the ones the next batch's changes apply to.
    const stats = this.recount();
    // Counts another process changed since the last ones sent go to every client, and before this snapshot's seq:
    // a later batch that brings them back to what was sent before is then still news to this snapshot's client.
    // (Before any were sent, the first batch's go out whatever they are.)
    if (this.lastCounts !== '') this.sendCountsIfChanged(stats);
    return {
      seq: this.stream.lastSeq,
      tasks: this.tasks.viewRows().map(wireTaskFromRow),
      groups: this.groups.list().flatMap((group) => {
        const summary = this.groups.summary(group.id);
        return summary === undefined ? [] : [toGroupView(summary)];
      }),
      settings: this.settings.get(),
      stats,
      progress: this.progress.current(),
      defaultDir: this.deps.defaultDir,
    };
  }

  /** The counts by state as the database has them now. */
  stats(): Stats {
    const counts = this.tasks.countByState();
    return this.statsWith(Object.fromEntries(taskStates.map((state) => [state, counts.get(state) ?? 0])) as Record<TaskState, number>);
  }

  /** The counts read afresh, as the base the next batches' changes apply to. */
  private recount(): Stats {
    this.changes.countsRead();
    const stats = this.stats();
    this.counts = stats;
    return stats;
  }

  private statsWith(byState: Record<TaskState, number>): Stats {
    const freeBytes = this.freeSpace.bytes();
    const total = taskStates.reduce((sum, state) => sum + byState[state], 0);
    return { speed: this.progress.speed, byState, total, ...(freeBytes === undefined ? {} : { freeBytes, freeIn: this.freeSpace.folder() }) };
  }

  private async run(method: unknown, rawInput: unknown): Promise<unknown> {
    if (!isCommandName(method)) throw new ContractError('invalid_input', `there is no command "${String(method).slice(0, 64)}"`);
    const parsed = commands[method].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
      throw new ContractError('invalid_input', issues.join('; '));
    }
    const handler = this.handlers[method] as (input: unknown) => unknown;
    return await handler(parsed.data);
  }

  private queueSettings(settings: Settings): QueueSettings {
    return { ...queueSettingsFrom(settings, this.deps.queueBase ?? defaultQueueSettings), ...this.deps.queueOverrides };
  }

  private listenToQueue(): void {
    const { events } = this.queue;
    events.on('taskAdded', (task) => this.changes.taskAdded(task));
    events.on('taskChanged', (task) => this.changes.taskChanged(task.id, task));
    events.on('taskDeleted', ({ id }) => this.changes.taskDeleted(id));
    events.on('taskRemoved', ({ id, fileDeleted, groupId }) => this.changes.taskRemoved(id, fileDeleted, groupId));
    events.on('transferStarted', ({ task }) => {
      // The name and size were just recorded: the row as saved, when the checkpoint that saved it came in
      // this turn, else the row read again once committed.
      this.changes.taskTouched(task.id);
      this.progress.wake();
    });
    events.on('taskDescribed', ({ id, task }) => this.changes.taskChanged(id, task));
    // A transfer that ended by a change of state carries its row; one stopped without one (to resume later,
    // or its claim lost) has its last checkpoint read again.
    events.on('transferEnded', ({ id, settled }) => this.changes.taskChanged(id, settled));
    events.on('groupSettled', ({ summary, failed }) => {
      queueMicrotask(() => this.stream.emit('groups.settled', { group: toGroupView(summary), failedIds: failed.map((task) => task.id) }));
    });
    events.on('storeFailed', ({ id, error }) => {
      this.deps.log('the database refused a write', error);
      queueMicrotask(() =>
        this.stream.emit('notice', {
          code: 'store_failed',
          message: `the download list could not be saved: ${error instanceof Error ? error.message : String(error)}`,
          taskId: id,
        }),
      );
    });
    events.on('internalError', ({ task, error }) => this.deps.log(`download ${task.id} stopped on an internal error`, error));
    events.on('runningElsewhere', (task) => {
      const lease = this.tasks.leaseOf(task.id);
      const message = lease !== undefined ? runningElsewhereMessage(lease) : errorCodes.running_elsewhere.summary;
      queueMicrotask(() => this.stream.emit('notice', { code: 'running_elsewhere', message, taskId: task.id }));
    });
    events.on('changedElsewhere', ({ task, now }) => {
      const message = `another Peregrine process changed this download while it ran (it is now ${now?.state ?? 'removed'}); stopped here`;
      this.stream.emit('notice', { code: 'running_elsewhere', message, taskId: task.id });
    });
    // The engine's only warning: a redirect left https for plain http. The download goes on.
    events.on('transferWarning', ({ task, message }) => {
      this.stream.emit('notice', { code: 'plain_http', message: maskUrlPasswords(message), taskId: task.id });
    });
  }

  /**
   * After a batch that moved tasks between states: the counts follow from the
   * states the batch announced (no COUNT query per small download), or are
   * read again when a task this service had not seen before moved or another
   * process wrote to the database.
   */
  private announceCounts(change: CountChange): void {
    let stats: Stats;
    if (change.kind === 'recount') {
      stats = this.recount();
    } else {
      const byState = { ...this.counts.byState };
      for (const [state, by] of change.by) byState[state] += by;
      stats = this.statsWith(byState);
    }
    this.counts = stats;
    this.sendCountsIfChanged(stats);
  }

  private sendCountsIfChanged(stats: Stats): void {
    const counts = JSON.stringify(stats.byState);
    if (counts === this.lastCounts) return;
    this.lastCounts = counts;
    this.stream.emit('stats.changed', stats);
  }
}
