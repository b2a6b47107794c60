import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Stats } from '../../app/contract/views.js';
import { taskStates, type TaskState } from '../../app/domain/task-state.js';
import { speedLimitToggle, taskbarProgress, trayModel } from '../../main/host/tray-model.js';

function stats(counts: Partial<Record<TaskState, number>>, speed = 0): Stats {
  const byState = Object.fromEntries(taskStates.map((state) => [state, counts[state] ?? 0])) as Record<TaskState, number>;
  return { speed, byState, total: Object.values(byState).reduce((a, b) => a + b, 0) };
}

const limits = { speedLimit: 0, trayLimit: 1024 * 1024 };

describe('trayModel', () => {
  test('the tooltip gives the speed and the counts', () => {
    const model = trayModel(stats({ running: 2, queued: 3, paused: 1, failed: 1 }, 2 * 1024 * 1024), limits);
    assert.equal(model.tooltip, 'Peregrine: 2 downloading at 2.00 MiB/s, 3 queued, 1 paused, 1 failed');
    assert.equal(model.active, true);
    assert.equal(trayModel(stats({ completed: 4 }), limits).tooltip, 'Peregrine: nothing to download');
  });

  test('the menu offers what applies, and always a way back to the window', () => {
    const idle = trayModel(stats({ completed: 1 }), limits);
    assert.deepEqual(idle.items.map((item) => item.action), ['show', 'addFromClipboard', 'pauseAll', 'resumeAll', 'toggleSpeedLimit', 'quit']);
    const enabled = (model: typeof idle, action: string): boolean | undefined => model.items.find((item) => item.action === action)?.enabled;
    assert.equal(enabled(idle, 'show'), true);
    assert.equal(enabled(idle, 'pauseAll'), false);
    assert.equal(enabled(idle, 'resumeAll'), false);
    const busy = trayModel(stats({ running: 1, paused: 2 }), limits);
    assert.equal(enabled(busy, 'pauseAll'), true);
    assert.equal(enabled(busy, 'resumeAll'), true);
  });

  test('the speed limit switch shows and remembers the limit', () => {
    const off = trayModel(stats({}), limits).items.find((item) => item.action === 'toggleSpeedLimit');
    assert.deepEqual(off, { action: 'toggleSpeedLimit', label: 'Limit speed to 1.00 MiB/s', enabled: true, checked: false });
    assert.deepEqual(speedLimitToggle(limits), { speedLimit: 1024 * 1024 });
    assert.deepEqual(speedLimitToggle({ speedLimit: 500 * 1024, trayLimit: 1024 * 1024 }), { speedLimit: 0, trayLimit: 500 * 1024 });
    const on = trayModel(stats({}), { speedLimit: 500 * 1024, trayLimit: 1024 * 1024 }).items.find((item) => item.action === 'toggleSpeedLimit');
    assert.equal(on?.checked, true);
    assert.equal(on?.label, 'Limit speed to 500 KiB/s');
  });
});

describe('taskbarProgress', () => {
  const live = (bytes: number, totalBytes: number | null) => ({ id: 1, bytes, totalBytes, speed: 1, etaSeconds: null, connections: 1 });

  test('no bar when nothing runs; the badge counts what is not settled', () => {
    assert.deepEqual(taskbarProgress(stats({ queued: 2, paused: 1 }), []), { fraction: -1, badge: 2 });
  });

  test('fills with the bytes of all running downloads, busy when a size is unknown', () => {
    assert.deepEqual(taskbarProgress(stats({ running: 2 }), [live(25, 100), { ...live(25, 100), id: 2 }]), { fraction: 0.25, badge: 2 });
    assert.deepEqual(taskbarProgress(stats({ running: 1 }), [live(25, null)]), { fraction: 2, badge: 1 });
  });
});
