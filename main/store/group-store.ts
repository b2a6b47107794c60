import type Database from 'better-sqlite3';
import { groupState, type Group, type GroupSummary } from '../../app/domain/group.js';
import { isTaskState, type TaskState } from '../../app/domain/task-state.js';

interface GroupRow {
  id: number;
  name: string;
  created_at: number;
  settled_at: number | null;
}

interface StateCountRow {
  state: string;
  count: number;
  done: number;
  total: number | null;
  unknown: number;
}

/** Queries on groups and on their members as a whole. */
export class GroupStore {
  private readonly statements;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.statements = {
      insert: db.prepare<[string, number], GroupRow>('INSERT INTO groups (name, created_at) VALUES (?, ?) RETURNING *'),
      get: db.prepare<[number], GroupRow>('SELECT * FROM groups WHERE id = ?'),
      all: db.prepare<[], GroupRow>('SELECT * FROM groups ORDER BY id'),
      setSettled: db.prepare<[number | null, number]>('UPDATE groups SET settled_at = ? WHERE id = ?'),
      remove: db.prepare<[number]>('DELETE FROM groups WHERE id = ?'),
      countByState: db.prepare<[number], StateCountRow>(
        `SELECT state, COUNT(*) AS count, SUM(durable_bytes) AS done, SUM(total_bytes) AS total,
                SUM(total_bytes IS NULL) AS unknown
         FROM tasks WHERE group_id = ? GROUP BY state`,
      ),
    };
  }

  create(name: string): Group {
    return groupFromRow(this.statements.insert.get(name, this.now()) as GroupRow);
  }

  get(id: number): Group | undefined {
    const row = this.statements.get.get(id);
    return row === undefined ? undefined : groupFromRow(row);
  }

  list(): Group[] {
    return this.statements.all.all().map(groupFromRow);
  }

  summary(id: number): GroupSummary | undefined {
    const group = this.get(id);
    if (group === undefined) return undefined;
    const byState: Partial<Record<TaskState, number>> = {};
    let count = 0;
    let doneBytes = 0;
    let totalBytes: number | null = 0;
    for (const row of this.statements.countByState.all(id)) {
      if (!isTaskState(row.state)) continue;
      byState[row.state] = row.count;
      count += row.count;
      doneBytes += row.done;
      totalBytes = totalBytes === null || row.unknown > 0 ? null : totalBytes + (row.total ?? 0);
    }
    return { group, count, byState, doneBytes, totalBytes, state: groupState(byState) };
  }

  /** Records that the group's end was announced (or, with null, that it is pending again). */
  setSettled(id: number, settled: boolean): void {
    this.statements.setSettled.run(settled ? this.now() : null, id);
  }

  delete(id: number): void {
    this.statements.remove.run(id);
  }
}

function groupFromRow(row: GroupRow): Group {
  return { id: row.id, name: row.name, createdAt: row.created_at, settledAt: row.settled_at };
}
