import { z } from '../domain/zod.js';
import { absolutePath, taskId } from './inputs.js';
import type { ContractClient } from './messages.js';

/**
 * The desktop's bridge between renderer and main: the channel names (one for
 * calls, one for events, one for the host's own services, one for dragging a
 * file out), and the shape the preload puts on `window.peregrine`. The preload
 * restates the names, checked against these at compile time: a sandboxed
 * preload cannot load this module.
 */
export const ipcChannels = {
  call: 'peregrine:call',
  events: 'peregrine:event',
  host: 'peregrine:host',
  drag: 'peregrine:drag',
} as const;

/** What the desktop host does beyond the contract; each input is parsed in main again. */
export const hostCalls = {
  /** Asks the user for a folder; null when they cancel. */
  pickFolder: z.strictObject({ defaultPath: z.optional(absolutePath) }),
  /** The clipboard's text (the renderer is sandboxed and cannot read it). */
  readClipboard: z.strictObject({}),
} as const;
export type HostCallName = keyof typeof hostCalls;
export interface HostCallResults {
  readonly pickFolder: string | null;
  readonly readClipboard: string;
}

export const dragInput = z.strictObject({ id: taskId() });

export interface HostServices {
  pickFolder(defaultPath?: string): Promise<string | null>;
  readClipboard(): Promise<string>;
  /** Starts dragging a finished file out of the window; call it from `dragstart`. The path is resolved in main from the id. */
  startFileDrag(taskId: number): void;
}

/** `window.peregrine` in the desktop app: the contract's client plus the host's services. */
export interface PeregrineBridge extends ContractClient {
  readonly platform: string;
  readonly host: HostServices;
}
