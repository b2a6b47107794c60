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
  /**
   * Each task's checkpoint as this writer last committed it (one connection only): the same
   * checkpoint asked for again (the completion repeats the last one) is not written twice.
   */
  private readonly stored = new Map<number, Stored>();
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

  /** Saves at once; nothing is written when the row already holds this checkpoint (committed by this writer). */
  saveNow(id: number, state: Readonly<TransferState>): void {
    this.drop(id);
    if (isStored(this.stored.get(id), state)) return;
    this.save(new Map([[id, state]]));
  }

  /** The transfer is over or its row is no longer ours: nothing more is written for it. */
  forget(id: number): void {
    this.drop(id);
    this.last.delete(id);
    this.withRanges.delete(id);
    this.stored.delete(id);
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
    this.stored.delete(id);
    const row = this.tasks.saveTransferState(id, state, this.owner, this.withRanges.has(id));
    if (state.segments === undefined) this.withRanges.delete(id);
    if (row !== undefined) this.noteStored(id, state);
    return row;
  }

  private save(states: ReadonlyMap<number, Readonly<TransferState>>): void {
    // Counted as having ranges before the write: a failed one may have written some.
    for (const [id, state] of states) {
      if (state.segments !== undefined) this.withRanges.add(id);
      this.stored.delete(id);
    }
    this.tasks.saveTransferStates(states, this.owner, this.mayHaveRanges);
    for (const [id, state] of states) {
      if (state.segments === undefined) this.withRanges.delete(id);
      this.noteStored(id, state);
    }
  }

  /**
   * Remembers a checkpoint just written, once it is committed: not one written inside a caller's
   * transaction (it may yet be rolled back), nor one with ranges (those are always written).
   */
  private noteStored(id: number, state: Readonly<TransferState>): void {
    if (state.segments !== undefined || this.tasks.db.inTransaction) return;
    this.stored.set(id, {
      url: state.url,
      fileName: state.fileName,
      totalBytes: state.totalBytes,
      durableBytes: state.durableBytes,
      etag: state.validator?.etag,
      lastModified: state.validator?.lastModified,
    });
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

/** The columns a checkpoint writes (see TaskStore.saveTransferStates), as committed. */
interface Stored {
  readonly url: string;
  readonly fileName: string | undefined;
  readonly totalBytes: number | undefined;
  readonly durableBytes: number;
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
}

function isStored(stored: Stored | undefined, state: Readonly<TransferState>): boolean {
  return (
    stored !== undefined &&
    state.segments === undefined &&
    stored.url === state.url &&
    stored.fileName === state.fileName &&
    stored.totalBytes === state.totalBytes &&
    stored.durableBytes === state.durableBytes &&
    stored.etag === state.validator?.etag &&
    stored.lastModified === state.validator?.lastModified
  );
}

function seen(state: Readonly<TransferState>): LastSeen {
  return { fileName: state.fileName, totalBytes: state.totalBytes, durableBytes: state.durableBytes, segmented: state.segments !== undefined };
}
