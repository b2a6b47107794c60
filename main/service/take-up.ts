import type { DuplicateView } from '../../app/contract/commands.js';
import { parseChecksum, type Checksum } from '../../app/domain/checksum.js';
import type { Task } from '../../app/domain/task.js';
import type { FileSystem } from '../engine/file-system.js';
import { hashFile } from '../engine/hash-file.js';
import { pathInside } from '../engine/part-path.js';
import type { DownloadQueue } from '../queue/download-queue.js';
import { leaseIsVacant } from '../queue/task-lease.js';
import type { NewTask, TaskStore } from '../store/task-store.js';

export interface TakeUpContext {
  readonly tasks: TaskStore;
  readonly queue: DownloadQueue;
  readonly fs: FileSystem;
  readonly now: () => number;
}

/**
 * `tasks.add` with `again`: the task a URL already has is taken up with this
 * request (its headers, checksum and on-exists policy) — the user asking for
 * the same download again. Returns what became of it, or undefined when the
 * URL is to be added anew (its finished file is gone, or it was canceled).
 */
export async function takeUp(existing: Task, request: NewTask, context: TakeUpContext): Promise<DuplicateView | undefined> {
  const { tasks, queue } = context;
  const onExists = request.onExists ?? 'rename';
  if (existing.onExists !== onExists) tasks.setOnExists(existing.id, onExists);
  const taken = (task: Task, problem?: DuplicateView['problem']): DuplicateView => ({
    url: request.url,
    existingId: task.id,
    state: task.state,
    ...(problem !== undefined ? { problem } : {}),
  });
  const announced = (task: Task): Task => {
    queue.events.emit('taskChanged', task);
    return task;
  };
  const withRequest = (): Task => announced(tasks.setRequest(existing.id, request.checksum, request.headers ?? {}));
  switch (existing.state) {
    case 'completed': {
      // A finished file is not fetched twice; if the user deleted it, it is downloaded again.
      if (existing.fileName === null) return undefined;
      const file = pathInside(existing.dir, existing.fileName);
      if (!(await context.fs.exists(file))) return undefined;
      const checksum = request.checksum !== undefined ? parseChecksum(request.checksum) : undefined;
      if (checksum === undefined) return taken(existing);
      const problem = await checkFinishedFile(file, checksum, context.fs);
      // Stored only once the file on disk is known to match it.
      if (problem !== undefined) return taken(existing, problem);
      return taken(announced(tasks.setRequest(existing.id, request.checksum, existing.headers)));
    }
    case 'running':
      // Its transfer (here, or in another live process) goes on with the request it started with;
      // one left running by a process that died is recovered when it is adopted.
      if (queue.progressOf(existing.id) !== undefined || !leaseIsVacant(tasks.leaseOf(existing.id), context.now())) return taken(existing);
      return taken(withRequest());
    case 'queued':
      return taken(withRequest());
    case 'paused':
    case 'retrying':
    case 'waiting_network':
    case 'failed':
      withRequest();
      return taken(await queue.command(existing.id, 'resume'));
    case 'canceled':
      return undefined;
  }
}

async function checkFinishedFile(file: string, checksum: Checksum, fs: FileSystem): Promise<DuplicateView['problem']> {
  let actual: string;
  try {
    actual = await hashFile(fs, file, checksum.algorithm);
  } catch (error) {
    return { code: 'file_error', message: `cannot read ${file} to verify it: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  if (actual === checksum.hex) return undefined;
  return {
    code: 'checksum_mismatch',
    message: `${file} does not match the expected checksum: expected ${checksum.algorithm} ${checksum.hex}, got ${actual}`,
  };
}
