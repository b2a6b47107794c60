import path from 'node:path';
import type { AddResult, BulkResult, CommandName, CommandResult, DuplicateView, ParsedInput, Refusal, RemovedTask, RemoveResult } from '../../app/contract/commands.js';
import { ContractError } from '../../app/contract/errors.js';
import type { Selection } from '../../app/contract/inputs.js';
import type { GroupView } from '../../app/contract/views.js';
import { parseChecksum } from '../../app/domain/checksum.js';
import type { Settings } from '../../app/domain/settings.js';
import type { Task } from '../../app/domain/task.js';
import { planCommand, type TaskCommand } from '../../app/domain/task-commands.js';
import { parseDownloadUrl } from '../engine/download-url.js';
import type { FileSystem } from '../engine/file-system.js';
import type { HttpClient } from '../engine/http-client.js';
import { CommandRefusedError } from '../queue/download-queue.js';
import type { AddOptions } from '../queue/task-adder.js';
import { UnknownTaskError } from '../store/task-store.js';
import { checkDownloadUrl } from './download-urls.js';
import { checkSameFile } from './refresh-url.js';
import type { PeregrineService } from './service.js';
import { takeUp } from './take-up.js';
import { finishedFileOf, revealTargetOf, type HostShell } from './task-files.js';
import { toGroupView, toTaskDetails, toTaskView } from './views.js';

export type Handlers = { readonly [M in CommandName]: (input: ParsedInput<M>) => Promise<CommandResult<M>> | CommandResult<M> };

export interface HandlerContext {
  readonly service: PeregrineService;
  readonly http: HttpClient;
  readonly fs: FileSystem;
  readonly now: () => number;
  readonly defaultDir: string;
  readonly shell: HostShell | undefined;
  readonly hostKind: 'app' | 'serve' | 'cli';
  readonly applySettings: (settings: Settings) => void;
  readonly emitSettings: (settings: Settings) => void;
}

/** The contract's commands over the queue and the stores. Inputs arrive validated. */
export function commandHandlers(context: HandlerContext): Handlers {
  const { service, shell } = context;
  const { tasks, groups, queue } = service;

  const bulk = (command: TaskCommand) => async (input: Selection): Promise<BulkResult> => {
    const { changed, refused } = await queue.commandMany(
      selected(input, (task) => planCommand(command, task.state).kind === 'move'),
      command,
    );
    return { tasks: changed.map(toTaskView), refused: refused.map(({ id, error }) => refusalOf(id, error)) };
  };

  // What a user resumes or retries is the queue's to run (a scoped queue runs nothing else).
  const adopting =
    (command: (input: Selection) => Promise<BulkResult>) =>
    async (input: Selection): Promise<BulkResult> => {
      const result = await command(input);
      queue.adopt(result.tasks.map((task) => task.id));
      return result;
    };

  const selected = (input: Selection, applies: (task: Task) => boolean): readonly number[] =>
    'ids' in input ? [...new Set(input.ids)] : tasks.list().filter(applies).map((task) => task.id);

  const eachTask = (ids: readonly number[], change: (id: number) => Task): BulkResult => {
    const changed: Task[] = [];
    const refused: Refusal[] = [];
    for (const id of new Set(ids)) {
      try {
        changed.push(change(id));
      } catch (error) {
        refused.push(refusalOf(id, error));
      }
    }
    return { tasks: changed.map(toTaskView), refused };
  };

  const groupView = (id: number): GroupView => {
    const summary = groups.summary(id);
    if (summary === undefined) throw new ContractError('not_found', `there is no group ${id}`);
    return toGroupView(summary);
  };

  return {
    'tasks.add': async (input): Promise<AddResult> => {
      const settings = service.settings.get();
      const dir = path.resolve(input.dir ?? settings.downloadDir ?? context.defaultDir);
      const rejected: { url: string; code: 'bad_url'; message: string }[] = [];
      const urls: string[] = [];
      for (const url of input.urls) {
        const checked = checkDownloadUrl(url);
        if (checked.ok) urls.push(checked.href);
        else rejected.push({ url, code: 'bad_url', message: checked.message });
      }
      if (urls.length === 0) throw new ContractError('invalid_input', rejected.map((rejection) => rejection.message).join('; '));
      const checksum = input.checksum !== undefined ? parseChecksum(input.checksum) : undefined;
      const options: AddOptions = {
        group: input.group,
        allowDuplicates: input.allowDuplicates,
        startPaused: input.startPaused,
        // What a user adds is the queue's to run (a scoped queue runs nothing else).
        adopt: true,
        connections: input.connections,
        speedLimit: input.speedLimit,
      };
      const added = queue.add(
        urls.map((url) => ({
          url,
          dir,
          requestedName: input.fileName,
          checksum: checksum !== undefined ? `${checksum.algorithm}=${checksum.hex}` : undefined,
          headers: input.headers,
          onExists: input.onExists,
        })),
        options,
      );
      const ids = added.tasks.map((task) => task.id);
      let duplicates: DuplicateView[] = added.duplicates.map(({ request, existing }) => ({ url: request.url, existingId: existing.id, state: existing.state }));
      if (input.again === true) {
        duplicates = [];
        const anew = [];
        for (const { request, existing } of added.duplicates) {
          const taken = await takeUp(existing, request, { tasks, queue, fs: context.fs, now: context.now });
          if (taken !== undefined) duplicates.push(taken);
          else anew.push(request);
        }
        if (anew.length > 0) ids.push(...queue.add(anew, { ...options, allowDuplicates: true }).tasks.map((task) => task.id));
        // What was added is the queue's already; the downloads taken up become so too.
        queue.adopt(duplicates.map((duplicate) => duplicate.existingId));
      }
      return { ids, groupId: added.group?.id ?? null, duplicates, rejected };
    },
    'tasks.pause': bulk('pause'),
    'tasks.resume': adopting(bulk('resume')),
    'tasks.retry': adopting(bulk('retry')),
    'tasks.cancel': bulk('cancel'),
    'tasks.remove': async (input): Promise<RemoveResult> => {
      const removed: RemovedTask[] = [];
      const refused: Refusal[] = [];
      for (const id of selected(input, () => true)) {
        try {
          removed.push({ id, ...(await queue.remove(id, { deleteFile: input.deleteFile === true })) });
        } catch (error) {
          refused.push(refusalOf(id, error));
        }
      }
      return { removed, refused };
    },
    'tasks.reorder': ({ id, beforeId }) => {
      const task = tasks.placeBefore(id, beforeId);
      queue.events.emit('taskChanged', task);
      return toTaskView(task);
    },
    'tasks.setPriority': ({ ids, priority }) => eachTask(ids, (id) => queue.prioritize(id, priority)),
    'tasks.setSpeedLimit': ({ ids, bytesPerSecond }) => eachTask(ids, (id) => queue.setSpeedLimit(id, bytesPerSecond === 0 ? null : bytesPerSecond)),
    'tasks.setConnections': ({ ids, connections }) => eachTask(ids, (id) => queue.setConnections(id, connections)),
    'tasks.open': async ({ id }) => {
      if (shell === undefined) throw new ContractError('refused', 'files can only be opened from the desktop app', 'desktop_only');
      const file = await finishedFileOf(tasks.require(id));
      const problem = await shell.open(file);
      if (problem !== undefined && problem !== '') throw new ContractError('refused', `the system could not open ${path.basename(file)}: ${problem}`, 'open_failed');
      return { path: file };
    },
    'tasks.reveal': async ({ id }) => {
      if (shell === undefined) throw new ContractError('refused', 'files can only be shown from the desktop app', 'desktop_only');
      const target = await revealTargetOf(tasks.require(id));
      shell.reveal(target);
      return { path: target };
    },
    'tasks.details': ({ id }) => toTaskDetails(tasks.require(id), tasks.transferState(id)),
    'tasks.refreshUrl': async ({ id, url }) => {
      let next: string;
      try {
        next = parseDownloadUrl(url).href;
      } catch (error) {
        throw new ContractError('invalid_input', error instanceof Error ? error.message : String(error));
      }
      const task = tasks.require(id);
      if (task.state === 'running' || task.state === 'completed' || task.state === 'canceled') {
        throw new ContractError(
          'refused',
          `a ${task.state} download keeps its address; ${task.state === 'running' ? 'pause it first' : 'add the new address instead'}`,
          'address_kept',
          task.state,
        );
      }
      const state = tasks.transferState(id);
      // With nothing on disk there is nothing to splice: any address will do.
      if (state.durableBytes > 0) await checkSameFile(context.http, task, state, next);
      const changed = tasks.setUrl(id, next);
      queue.events.emit('taskChanged', changed);
      return toTaskView(changed);
    },
    'groups.pause': async ({ id }) => {
      groupView(id);
      await queue.commandGroup(id, 'pause');
      return groupView(id);
    },
    'groups.resume': async ({ id }) => {
      groupView(id);
      await queue.commandGroup(id, 'resume');
      return groupView(id);
    },
    'groups.remove': async ({ id, deleteFiles }): Promise<RemoveResult> => {
      groupView(id);
      const members = tasks.listInGroup(id).map((task) => task.id);
      const removed = await queue.removeGroup(id, { deleteFiles: deleteFiles === true });
      return { removed: members.map((memberId) => ({ id: memberId, ...(removed.get(memberId) ?? { fileDeleted: false }) })), refused: [] };
    },
    'settings.get': () => service.settings.get(),
    'settings.set': (patch) => {
      const settings = service.settings.set(patch);
      context.applySettings(settings);
      context.emitSettings(settings);
      return settings;
    },
    snapshot: () => service.wireSnapshot(),
    'host.info': () => ({ kind: context.hostKind, pid: process.pid }),
    stats: () => service.stats(),
  };
}

function refusalOf(id: number, error: unknown): Refusal {
  if (error instanceof UnknownTaskError) return { id, code: 'not_found', message: error.message };
  if (error instanceof CommandRefusedError) return { id, code: 'refused', refusal: error.refusal, message: error.message, state: error.state };
  if (error instanceof ContractError) return { id, ...error.toBody() };
  throw error;
}
