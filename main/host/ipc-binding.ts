import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { ContractError } from '../../app/contract/errors.js';
import { dragInput, hostCalls, ipcChannels, type HostCallName, type HostCallResults } from '../../app/contract/host-bridge.js';
import type { EventMessage, Reply } from '../../app/contract/messages.js';
import { isTrustedFrame } from './renderer-origin.js';

/** What the binding needs of the service. */
export interface DispatchingService {
  dispatch(method: unknown, rawInput: unknown): Promise<Reply>;
  onEvent(listener: (message: EventMessage) => void): () => void;
}

/** The host's own services, each given input already parsed. */
export type HostHandlers = { readonly [N in HostCallName]: (input: ReturnType<(typeof hostCalls)[N]['parse']>) => Promise<HostCallResults[N]> };

export interface IpcBindingDeps {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'on' | 'removeHandler' | 'removeListener'>;
  readonly service: DispatchingService;
  readonly host: HostHandlers;
  /** Starts dragging a finished task's file out of the sender's window. */
  readonly startDrag: (sender: WebContents, taskId: number) => Promise<void>;
  /** Where events go: the main window's contents, when there is one. */
  readonly target: () => Pick<WebContents, 'send' | 'isDestroyed'> | undefined;
  readonly log: (message: string, error: unknown) => void;
}

type SenderEvent = Pick<IpcMainInvokeEvent | IpcMainEvent, 'senderFrame'>;

const refusedSender: Reply = { ok: false, error: new ContractError('refused', 'calls are answered only for the Peregrine window', 'foreign_caller').toBody() };

/**
 * Electron IPC as one more transport over the service: one invoke channel
 * for calls, one channel for events, both only for our own main frame.
 * Inputs are parsed by the contract's schemas inside `dispatch`, never here.
 * Returns the function that undoes the binding.
 */
export function bindIpc({ ipcMain, service, host, startDrag, target, log }: IpcBindingDeps): () => void {
  const trusted = (event: SenderEvent): boolean => isTrustedFrame(event.senderFrame);

  ipcMain.handle(ipcChannels.call, async (event, method: unknown, input: unknown): Promise<Reply> => {
    if (!trusted(event)) return refusedSender;
    return service.dispatch(method, input);
  });

  ipcMain.handle(ipcChannels.host, async (event, name: unknown, input: unknown): Promise<Reply> => {
    if (!trusted(event)) return refusedSender;
    if (typeof name !== 'string' || !Object.hasOwn(hostCalls, name)) {
      return { ok: false, error: new ContractError('invalid_input', 'there is no such host call').toBody() };
    }
    const callName = name as HostCallName;
    const parsed = hostCalls[callName].safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: new ContractError('invalid_input', parsed.error.issues[0]?.message).toBody() };
    try {
      const handler = host[callName] as (input: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      log(`the host call ${callName} failed`, error);
      return { ok: false, error: (error instanceof ContractError ? error : new ContractError('internal')).toBody() };
    }
  });

  const onDrag = (event: IpcMainEvent, input: unknown): void => {
    if (!trusted(event)) return;
    const parsed = dragInput.safeParse(input);
    if (!parsed.success) return;
    startDrag(event.sender, parsed.data.id).catch((error: unknown) => {
      if (!(error instanceof ContractError)) log('could not start dragging a file', error);
    });
  };
  ipcMain.on(ipcChannels.drag, onDrag);

  const unsubscribe = service.onEvent((message) => {
    const contents = target();
    if (contents !== undefined && !contents.isDestroyed()) contents.send(ipcChannels.events, message);
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(ipcChannels.call);
    ipcMain.removeHandler(ipcChannels.host);
    ipcMain.removeListener(ipcChannels.drag, onDrag);
  };
}
