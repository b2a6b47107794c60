import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import type { Stats } from '../../app/contract/views.js';
import { taskStates, type TaskState } from '../../app/domain/task-state.js';
import { networkWatchNeeded } from '../../main/host/network-watch.js';
import { PolledNetworkMonitor } from '../../main/queue/polled-network-monitor.js';

function stats(counts: Partial<Record<TaskState, number>>): Stats {
  const byState = Object.fromEntries(taskStates.map((state) => [state, counts[state] ?? 0])) as Record<TaskState, number>;
  return { speed: 0, byState, total: Object.values(byState).reduce((a, b) => a + b, 0) };
}

/** Waits, bounded, until `done` holds. */
async function until(done: () => boolean, limitMs = 2000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(5);
  }
}

describe('PolledNetworkMonitor', () => {
  test('asks the platform only while watching, and tells listeners of each change once', async () => {
    let online = true;
    let reads = 0;
    const monitor = new PolledNetworkMonitor(() => {
      reads += 1;
      return online;
    }, 10);
    const heard: boolean[] = [];
    monitor.onChange((value) => heard.push(value));

    // Not watching: no timer, so nothing reads the platform however long we wait.
    const idleReads = reads;
    await sleep(60);
    assert.equal(reads, idleReads);
    assert.equal(monitor.watching, false);

    monitor.watch(true);
    online = false;
    await until(() => heard.length === 1);
    online = true;
    await until(() => heard.length === 2);
    assert.deepEqual(heard, [false, true]);

    monitor.watch(false);
    assert.equal(monitor.watching, false);
    online = false;
    const stoppedReads = reads;
    await sleep(60);
    assert.equal(reads, stoppedReads, 'a stopped watch reads nothing');
    assert.deepEqual(heard, [false, true]);
  });

  test('isOnline answers the state of this moment, even unwatched', () => {
    let online = true;
    const monitor = new PolledNetworkMonitor(() => online, 10_000);
    const heard: boolean[] = [];
    monitor.onChange((value) => heard.push(value));
    online = false;
    assert.equal(monitor.isOnline(), false);
    assert.deepEqual(heard, [false]);
    monitor.stop();
  });
});

describe('networkWatchNeeded', () => {
  test('only while downloads run or wait for the network', () => {
    assert.equal(networkWatchNeeded(stats({})), false);
    assert.equal(networkWatchNeeded(stats({ queued: 3, paused: 2, completed: 9, failed: 1, retrying: 1 })), false);
    assert.equal(networkWatchNeeded(stats({ running: 1 })), true);
    assert.equal(networkWatchNeeded(stats({ waiting_network: 1 })), true);
  });
});
