import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Stats } from '../../app/contract/views.js';
import { taskStates, type TaskState } from '../../app/domain/task-state.js';
import { filterCount, inFilter, taskFilters } from '../../app/ui/task-filter.js';

function stats(counts: Partial<Record<TaskState, number>>): Stats {
  const byState = Object.fromEntries(taskStates.map((state) => [state, counts[state] ?? 0])) as Record<TaskState, number>;
  return { speed: 0, byState, total: Object.values(byState).reduce((sum, count) => sum + count, 0) };
}

describe('task filters', () => {
  test('a paused download is queued, not active, in the sidebar and the status bar alike', () => {
    const onlyPaused = stats({ paused: 1 });
    assert.equal(filterCount('active', onlyPaused), 0);
    assert.equal(filterCount('queued', onlyPaused), 1);
    assert.equal(inFilter('active', 'paused'), false);
    assert.equal(inFilter('queued', 'paused'), true);
  });

  test('active is downloading, retrying or waiting for the network', () => {
    assert.equal(filterCount('active', stats({ running: 2, retrying: 3, waiting_network: 4, queued: 5, paused: 6 })), 9);
  });

  test('every download is under All and under exactly one other filter, so no state is counted in All and listed nowhere else', () => {
    for (const state of taskStates) {
      assert.deepEqual(
        taskFilters.filter((filter) => filter !== 'all' && inFilter(filter, state)).length,
        1,
        state,
      );
    }
  });

  test('each filter counts exactly the tasks it shows', () => {
    for (const filter of taskFilters) {
      for (const state of taskStates) {
        assert.equal(filterCount(filter, stats({ [state]: 1 })), inFilter(filter, state) ? 1 : 0, `${filter} and ${state}`);
      }
    }
  });
});
