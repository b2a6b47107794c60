import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GroupView, TaskView } from '../../app/contract/views.js';
import { DownloadNotifier, type NoticeContext } from '../../main/host/download-notifier.js';

const on: NoticeContext = { settings: { notifications: true, notifyWhileFocused: false }, focused: false };

function task(id: number, state: TaskView['state'], extra: Partial<TaskView> = {}): TaskView {
  return {
    id, groupId: null, url: `http://127.0.0.1/f${id}`, dir: '/tmp', fileName: `f${id}.bin`, state, reason: null, message: null, httpStatus: null,
    totalBytes: 10, doneBytes: state === 'completed' ? 10 : 0, checksum: null, speedLimit: null, connections: null, priority: 0,
    attempts: 0, nextAttemptAt: null, createdAt: 0, finishedAt: null, headerNames: [], ...extra,
  };
}

describe('DownloadNotifier', () => {
  test('tells each completion once, with its name', () => {
    const notifier = new DownloadNotifier();
    notifier.know([task(1, 'running')]);
    notifier.observe([task(1, 'completed')]);
    assert.equal(notifier.pending, true);
    assert.deepEqual(notifier.take(on), [{ kind: 'completed', taskId: 1, title: 'Download completed', body: 'f1.bin' }]);
    notifier.observe([task(1, 'completed')]);
    assert.deepEqual(notifier.take(on), []);
  });

  test('says why a download failed, in words', () => {
    const notifier = new DownloadNotifier();
    notifier.know([task(2, 'running')]);
    notifier.observe([task(2, 'failed', { reason: 'not_found' })]);
    assert.deepEqual(notifier.take(on), [
      { kind: 'failed', taskId: 2, title: 'Download failed', body: 'f2.bin: the file does not exist on the server (HTTP 404)' },
    ]);
  });

  test('folds a burst of completions into one notice', () => {
    const notifier = new DownloadNotifier();
    const ids = [1, 2, 3, 4, 5];
    notifier.know(ids.map((id) => task(id, 'running')));
    notifier.observe(ids.map((id) => task(id, 'completed')));
    const notices = notifier.take(on);
    assert.equal(notices.length, 1);
    assert.deepEqual(notices[0], { kind: 'completedMany', taskIds: ids, title: '5 downloads completed', body: 'f1.bin, f2.bin, f3.bin and 2 more' });
  });

  test('a settled group speaks for its members, with how many failed', () => {
    const notifier = new DownloadNotifier();
    const members = [task(1, 'running', { groupId: 9 }), task(2, 'running', { groupId: 9 })];
    notifier.know(members);
    notifier.observe([task(1, 'completed', { groupId: 9 }), task(2, 'failed', { groupId: 9, reason: 'forbidden' })]);
    const group: GroupView = { id: 9, name: 'Photos', createdAt: 0, settledAt: 1, count: 2, byState: { completed: 1, failed: 1 }, doneBytes: 10, totalBytes: 20, state: 'failed' };
    notifier.groupSettled(group, [2]);
    assert.deepEqual(notifier.take(on), [{ kind: 'groupSettled', groupId: 9, failedIds: [2], title: 'Photos: finished, 1 failed', body: '1 of 2 downloads completed' }]);
  });

  test('says nothing while the window has the focus, unless asked to; and never later', () => {
    const notifier = new DownloadNotifier();
    notifier.know([task(1, 'running'), task(2, 'running')]);
    notifier.observe([task(1, 'completed')]);
    assert.deepEqual(notifier.take({ ...on, focused: true }), []);
    assert.deepEqual(notifier.take(on), [], 'what was seen in the window is not told afterwards');
    notifier.observe([task(2, 'completed')]);
    assert.equal(notifier.take({ settings: { notifications: true, notifyWhileFocused: true }, focused: true }).length, 1);
  });

  test('says nothing at all when notifications are off', () => {
    const notifier = new DownloadNotifier();
    notifier.know([task(1, 'running')]);
    notifier.observe([task(1, 'failed', { reason: 'gone' })]);
    assert.deepEqual(notifier.take({ settings: { notifications: false, notifyWhileFocused: true }, focused: false }), []);
  });

  test('a task added already finished, or removed, is not announced', () => {
    const notifier = new DownloadNotifier();
    notifier.know([task(1, 'completed', { reason: 'already_exists' })]);
    assert.equal(notifier.pending, false);
    notifier.know([task(2, 'running')]);
    notifier.observe([task(2, 'completed')]);
    notifier.forget([2]);
    assert.deepEqual(notifier.take(on), []);
  });
});
