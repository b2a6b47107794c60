import path from 'node:path';
import type { AddInput } from '../../app/contract/inputs.js';
import type { TaskView } from '../../app/contract/views.js';
import type { OwnerClient } from '../server/owner-client.js';
import type { CliIo } from './cli-io.js';
import type { DownloadReporter, RunningDownload } from './download-reporter.js';
import { exitCodes } from './exit-codes.js';

const settledStates = new Set(['completed', 'failed', 'canceled', 'paused']);

/**
 * `get` while the app or `serve` owns the database: the URLs are added to the
 * owner's queue (a URL it already has is resumed there), and this command
 * follows them until each settles. Ctrl-C pauses them, as in a standalone run.
 */
export async function getThroughOwner(owner: OwnerClient, input: AddInput, reporter: DownloadReporter, io: CliIo): Promise<number> {
  const running = new Map<number, RunningDownload>();
  const latest = new Map<number, TaskView>();
  const ids = new Set<number>();
  let settle: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (settle = resolve));
  // Events can arrive before the add's reply names the ids: nothing is judged until then.
  let following = false;
  const check = (): void => {
    if (following && [...ids].every((id) => settledStates.has(latest.get(id)?.state ?? ''))) settle();
  };
  const see = (task: TaskView): void => {
    if (!ids.has(task.id)) return;
    const previous = latest.get(task.id);
    latest.set(task.id, task);
    if (previous?.state === task.state) return;
    const download = running.get(task.id) ?? { id: task.id, url: task.url, fileName: task.fileName ?? undefined, totalBytes: task.totalBytes ?? undefined, bytes: task.doneBytes };
    if (task.state === 'running') {
      running.set(task.id, download);
      reporter.started(download, task.doneBytes);
      return;
    }
    running.delete(task.id);
    if (task.state === 'completed') {
      const fileName = task.fileName ?? '';
      reporter.completed(download, { fileName, filePath: path.join(task.dir, fileName), bytes: task.doneBytes });
    } else if (task.state === 'failed' || (task.state === 'paused' && task.reason === 'no_space')) {
      reporter.failed(download, { code: task.reason ?? 'network_failed', message: task.message ?? task.reason ?? task.state });
    } else if (task.state === 'retrying') {
      reporter.retrying(download, { code: task.reason ?? 'network_failed', message: task.message ?? '' }, Math.max((task.nextAttemptAt ?? 0) - Date.now(), 0));
    }
  };
  const stopEvents = owner.onEvent((message) => {
    if (message.event === 'tasks.added' || message.event === 'tasks.changed') {
      for (const task of message.payload.tasks) see(task);
      check();
    } else if (message.event === 'tasks.progress') {
      for (const row of message.payload.progress) {
        const download = running.get(row.id);
        if (download === undefined) continue;
        download.bytes = row.bytes;
        download.totalBytes = row.totalBytes ?? undefined;
      }
      reporter.tick([...running.values()], Date.now());
    }
  });
  try {
    const added = await owner.call('tasks.add', input);
    for (const id of added.ids) ids.add(id);
    for (const rejection of added.rejected) io.stderr.write(`peregrine: ${rejection.url}: ${rejection.message}\n`);
    // Running the same command again resumes what an earlier run left, in the owner's queue too.
    const again = added.duplicates.filter((duplicate) => duplicate.state !== 'completed').map((duplicate) => duplicate.existingId);
    for (const duplicate of added.duplicates) ids.add(duplicate.existingId);
    if (again.length > 0) await owner.call('tasks.resume', { ids: again });
    const { tasks } = await owner.call('snapshot', {});
    for (const task of tasks) see(task);
    following = true;
    check();
    await Promise.race([finished, new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }))]);
    if (io.signal.aborted) {
      // Ctrl-C pauses what this command asked for; the owner keeps its bytes for the next run.
      await owner.call('tasks.pause', { ids: [...ids] }).catch(() => undefined);
      return exitCodes.interrupted;
    }
    return [...ids].every((id) => latest.get(id)?.state === 'completed') ? exitCodes.ok : exitCodes.failed;
  } finally {
    stopEvents();
    reporter.stop();
    owner.close();
  }
}
