import type { Settings } from '../domain/settings.js';
import { builtOnFirstUse } from '../domain/built-on-first-use.js';
import { settingsPatchSchema } from '../domain/settings.js';
import type { TaskState } from '../domain/task-state.js';
import { z } from '../domain/zod.js';
import type { ContractErrorBody } from './errors.js';
import { addInput, bytesPerSecond, connections, selection, taskId, taskIds } from './inputs.js';
import type { GroupView, Stats, TaskDetails, TaskView } from './views.js';
import type { WireSnapshot } from './wire-snapshot.js';

/** A command: the schema its input must pass (built the first time it is read), and (as a type only) what it returns. */
export interface CommandSpec<Input extends z.ZodMiniType, Result> {
  readonly input: Input;
  /** Never set: carries the result type. */
  readonly result?: Result;
}

function command<Input extends z.ZodMiniType>(build: () => Input): { returns<Result>(): CommandSpec<Input, Result> } {
  const input = builtOnFirstUse(build);
  return {
    returns: () => ({
      get input() {
        return input();
      },
    }),
  };
}

const none = builtOnFirstUse(() => z.strictObject({}));

/** A URL that could not be added, and why. */
export interface Rejection {
  readonly url: string;
  readonly code: 'bad_url';
  readonly message: string;
}

/** A URL already in the list for the same folder and name: not added again unless the user says so. */
export interface DuplicateView {
  readonly url: string;
  readonly existingId: number;
  /** With `again`, the state it was taken up into. */
  readonly state: TaskState;
  /** With `again` and a checksum: the finished file on disk does not match it (the file and the task are left as they are). */
  readonly problem?: { readonly code: 'checksum_mismatch' | 'file_error'; readonly message: string } | undefined;
}

export interface AddResult {
  readonly ids: readonly number[];
  readonly groupId: number | null;
  readonly duplicates: readonly DuplicateView[];
  readonly rejected: readonly Rejection[];
}

/** A task a bulk command did not apply to, and why: the error the command alone would have met. */
export type Refusal = { readonly id: number } & ContractErrorBody;

export interface BulkResult {
  /** The tasks as they are after the command. */
  readonly tasks: readonly TaskView[];
  readonly refused: readonly Refusal[];
}

export interface RemovedTask {
  readonly id: number;
  readonly fileDeleted: boolean;
  /** Why a file that should have gone is still on disk (the system's words); the download is removed all the same. */
  readonly leftover?: string;
}

export interface RemoveResult {
  readonly removed: readonly RemovedTask[];
  readonly refused: readonly Refusal[];
}

export interface HostInfo {
  readonly kind: 'app' | 'serve' | 'cli';
  readonly pid: number;
}

/** Where a finished file is, once the host has opened it or shown it. */
export interface ShellResult {
  readonly path: string;
}

/**
 * Every command the service answers, by name. Transports, the service's
 * handlers and the clients all derive their types from this one map.
 */
export const commands = {
  'tasks.add': command(() => addInput).returns<AddResult>(),
  'tasks.pause': command(selection).returns<BulkResult>(),
  'tasks.resume': command(selection).returns<BulkResult>(),
  'tasks.retry': command(selection).returns<BulkResult>(),
  'tasks.cancel': command(selection).returns<BulkResult>(),
  'tasks.remove': command(() => z.intersection(selection(), z.strictObject({ deleteFile: z.optional(z.boolean()) }))).returns<RemoveResult>(),
  /** Moves a task before another one (null: to the end of its priority band). */
  'tasks.reorder': command(() => z.strictObject({ id: taskId(), beforeId: z.nullable(taskId()) })).returns<TaskView>(),
  'tasks.setPriority': command(() => z.strictObject({ ids: taskIds(), priority: z.int().check(z.minimum(-100), z.maximum(100)) })).returns<BulkResult>(),
  'tasks.setSpeedLimit': command(() => z.strictObject({ ids: taskIds(), bytesPerSecond: z.nullable(bytesPerSecond) })).returns<BulkResult>(),
  'tasks.setConnections': command(() => z.strictObject({ ids: taskIds(), connections: z.nullable(connections) })).returns<BulkResult>(),
  /** Opens a finished file with its default application: by id only; the path is resolved and checked in main. */
  'tasks.open': command(() => z.strictObject({ id: taskId() })).returns<ShellResult>(),
  /** Shows a finished file (or the folder of an unfinished one) in the file manager. */
  'tasks.reveal': command(() => z.strictObject({ id: taskId() })).returns<ShellResult>(),
  'tasks.details': command(() => z.strictObject({ id: taskId() })).returns<TaskDetails>(),
  /** Gives a download whose link expired a new address; its bytes are kept only if the new address serves the same file. */
  'tasks.refreshUrl': command(() => z.strictObject({ id: taskId(), url: z.string().check(z.minLength(1), z.maxLength(8_192)) })).returns<TaskView>(),
  'groups.pause': command(() => z.strictObject({ id: taskId() })).returns<GroupView>(),
  'groups.resume': command(() => z.strictObject({ id: taskId() })).returns<GroupView>(),
  'groups.remove': command(() => z.strictObject({ id: taskId(), deleteFiles: z.optional(z.boolean()) })).returns<RemoveResult>(),
  'settings.get': command(none).returns<Settings>(),
  /** Changes some settings: validated, saved, applied at once (a lowered cap takes effect on running downloads). */
  'settings.set': command(settingsPatchSchema).returns<Settings>(),
  /** Compact: clients read it with `decodeSnapshot`. */
  snapshot: command(none).returns<WireSnapshot>(),
  /** Which process answers: the desktop app, `serve`, or another host. */
  'host.info': command(none).returns<HostInfo>(),
  stats: command(none).returns<Stats>(),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<M extends CommandName> = z.input<Commands[M]['input']>;
export type ParsedInput<M extends CommandName> = z.output<Commands[M]['input']>;
export type CommandResult<M extends CommandName> = Commands[M] extends CommandSpec<z.ZodMiniType, infer Result> ? Result : never;

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.hasOwn(commands, value);
}
