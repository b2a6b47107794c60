import type { Task } from '../../app/domain/task.js';
import type { Clock } from '../engine/clock.js';
import type { TransferState } from '../engine/transfer-state.js';
import type { TaskStore } from '../store/task-store.js';

/** What the last checkpoint said, to tell plain progress from a change that must be saved at once. */
interface LastSeen {
  readonly fileName: string | undefined;
  readonly totalBytes: number | undefined;
  readonly durableBytes: number;
  readonly segmented: boolean;
}

/**
 * Writes the engine's checkpoints to the database: plain progress batched,
 * one write every `flushMs` for all transfers; anything a crash must not get
 * wrong at once. Its timer is armed only while a checkpoint waits.
 * Checkpoints land only on rows `owner` still claims: never over another
 * process's progress.
 */
export class CheckpointWriter {
  private readonly pending = new Map<number, TransferState>();
  private readonly last = new Map<number, LastSeen>();
  /**
   * Tasks whose stored row may have ranges (read with the claim, or written since):
   * the others' checkpoints skip deleting ranges that are not there.
   */
  private readonly withRanges = new Set<number>();
  private readonly mayHaveRanges = (id: number): boolean => this.withRanges.has(id);
  private cancelFlush: (() => void) | undefined;

  constructor(
    private readonly tasks: TaskStore,
    private readonly owner: string,
    private readonly clock: Clock,
    private readonly flushMs: () => number,
    /** A batched write failed: nobody awaits it, so it is reported rather than thrown. */
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** A transfer starts from this state. */
  begin(id: number, state: Readonly<TransferState>): void {
    this.last.set(id, seen(state));
    if (state.segments !== undefined) this.withRanges.add(id);
    else this.withRanges.delete(id);
  }

  /**
   * Takes one checkpoint. When it says something new about the file (its
   * name or size), which clients are told at once: the row as saved
   * (undefined when it is no longer this owner's).
   */
  record(id: number, checkpoint: Readonly<TransferState>): { readonly row: Task | undefined } | undefined {
    const before = this.last.get(id);
    const now = seen(checkpoint);
    this.last.set(id, now);
    // Saved at once: a newly claimed name (a crash must not orphan its .part); progress going back or a
    // switch between one and several connections (the file was truncated or is about to be written out of
    // order: a crash must not trust the old record); the last checkpoint (the file may get its final name
    // any moment now).
    const described = before === undefined || now.fileName !== before.fileName || now.totalBytes !== before.totalBytes;
    const urgent =
      described ||
      now.durableBytes < before.durableBytes ||
      now.segmented !== before.segmented ||
      checkpoint.durableBytes === checkpoint.totalBytes;
    if (described) {
      this.drop(id);
      return { row: this.saveReturning(id, checkpoint) };
    }
    if (urgent) {
      this.saveNow(id, checkpoint);
    } else {
      this.pending.set(id, { ...checkpoint });
      this.armFlush();
    }
    return undefined;
  }

  saveNow(id: number, state: Readonly<TransferState>): void {
    this.drop(id);
    this.save(new Map([[id, state]]));
  }

  /** The transfer is over or its row is no longer ours: nothing more is written for it. */
  forget(id: number): void {
    this.drop(id);
    this.last.delete(id);
    this.withRanges.delete(id);
  }

  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    if (this.pending.size === 0) return;
    try {
      this.save(this.pending);
      this.pending.clear();
    } catch (error) {
      this.onFailure(error);
    }
  }

  private saveReturning(id: number, state: Readonly<TransferState>): Task | undefined {
    if (state.segments !== undefined) this.withRanges.add(id);
    const row = this.tasks.saveTransferState(id, state, this.owner, this.withRanges.has(id));
    if (state.segments === undefined) this.withRanges.delete(id);
    return row;
  }

  private save(states: ReadonlyMap<number, Readonly<TransferState>>): void {
    // Counted as having ranges before the write: a failed one may have written some.
    for (const [id, state] of states) if (state.segments !== undefined) this.withRanges.add(id);
    this.tasks.saveTransferStates(states, this.owner, this.mayHaveRanges);
    for (const [id, state] of states) if (state.segments === undefined) this.withRanges.delete(id);
  }

  /** Drops a waiting checkpoint; with none left, the timer goes too. */
  private drop(id: number): void {
    this.pending.delete(id);
    if (this.pending.size > 0) return;
    this.cancelFlush?.();
    this.cancelFlush = undefined;
  }

  private armFlush(): void {
    this.cancelFlush ??= this.clock.setTimer(this.flushMs(), () => {
      this.cancelFlush = undefined;
      this.flush();
    });
  }
}

function seen(state: Readonly<TransferState>): LastSeen {
  return { fileName: state.fileName, totalBytes: state.totalBytes, durableBytes: state.durableBytes, segmented: state.segments !== undefined };
}
