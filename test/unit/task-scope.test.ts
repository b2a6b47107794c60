import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Task } from '../../app/domain/task.js';
import type { TaskState } from '../../app/domain/task-state.js';
import { TaskScope } from '../../main/queue/task-scope.js';

const as = (id: number, state: TaskState): Task => ({ id, state, nextAttemptAt: null }) as unknown as Task;

function first(ids: Iterable<number>, limit: number): number[] {
  const taken: number[] = [];
  for (const id of ids) {
    if (taken.length === limit) break;
    taken.push(id);
  }
  return taken;
}

describe('a scoped queue', () => {
  test('hands out its queued ids oldest first, whatever order they were queued, requeued or forgotten in', () => {
    const states: TaskState[] = ['queued', 'queued', 'queued', 'running', 'completed', 'paused', 'retrying', 'failed'];
    for (let seed = 1; seed <= 20; seed += 1) {
      let a = seed;
      const random = (): number => {
        a = (a * 1103515245 + 12345) % 2147483648;
        return a / 2147483648;
      };
      const scope = new TaskScope([]);
      const queued = new Set<number>();
      let next = 1;
      for (let step = 0; step < 2000; step += 1) {
        const roll = random();
        if (roll < 0.3) {
          // New tasks arrive with growing ids.
          const id = next;
          next += 1;
          scope.take(id);
          scope.track(as(id, 'queued'));
          queued.add(id);
        } else if (roll < 0.85 && next > 1) {
          const id = 1 + Math.floor(random() * (next - 1));
          const state = states[Math.floor(random() * states.length)] ?? 'queued';
          scope.track(as(id, state));
          if (state === 'queued') queued.add(id);
          else queued.delete(id);
        } else if (roll < 0.9 && next > 1) {
          const id = 1 + Math.floor(random() * (next - 1));
          scope.forget(id);
          queued.delete(id);
        } else {
          const limit = 1 + Math.floor(random() * 12);
          const expected = [...queued].sort((x, y) => x - y).slice(0, limit);
          assert.deepEqual(first(scope.queuedIds(), limit), expected, `seed ${seed}, step ${step}`);
        }
      }
    }
  });
});
