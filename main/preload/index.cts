// CommonJS because sandboxed preloads cannot be ES modules; and a sandboxed
// preload can load only electron, so nothing from app/ is loaded here: the
// types are imported (erased), the channel names restated and checked.
import electron = require('electron');
import type { ContractErrorBody } from '../../app/contract/errors.js';
import type { HostCallName, HostCallResults, ipcChannels, PeregrineBridge } from '../../app/contract/host-bridge.js';
import type { EventMessage, Reply } from '../../app/contract/messages.js';

const channels: typeof ipcChannels = { call: 'peregrine:call', events: 'peregrine:event', host: 'peregrine:host', drag: 'peregrine:drag' };

/** Events that arrive before the renderer listens; past this many it takes a snapshot anyway (the seq shows the gap). */
const bufferLimit = 10_000;
let buffered: EventMessage[] = [];
const listeners = new Set<(message: EventMessage) => void>();

electron.ipcRenderer.on(channels.events, (_event, message: EventMessage) => {
  if (listeners.size === 0) {
    if (buffered.length < bufferLimit) buffered.push(message);
    return;
  }
  for (const listener of listeners) listener(message);
});

function settle<Result>(reply: Reply): Promise<Result> {
  if (reply.ok) return Promise.resolve(reply.result as Result);
  const error: ContractErrorBody & { readonly name: string } = { name: 'ContractError', ...reply.error };
  // A plain object crosses contextBridge with its code; an Error would keep only its message.
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
  return Promise.reject(error);
}

async function hostCall<N extends HostCallName>(name: N, input: object): Promise<HostCallResults[N]> {
  return settle<HostCallResults[N]>((await electron.ipcRenderer.invoke(channels.host, name, input)) as Reply);
}

const bridge: PeregrineBridge = {
  platform: process.platform,
  async call(method, input) {
    return settle((await electron.ipcRenderer.invoke(channels.call, method, input)) as Reply);
  },
  onEvent(listener) {
    listeners.add(listener);
    const replay = buffered;
    buffered = [];
    for (const message of replay) listener(message);
    return () => {
      listeners.delete(listener);
    };
  },
  host: {
    pickFolder: (defaultPath) => hostCall('pickFolder', defaultPath === undefined ? {} : { defaultPath }),
    readClipboard: () => hostCall('readClipboard', {}),
    startFileDrag(taskId) {
      electron.ipcRenderer.send(channels.drag, { id: taskId });
    },
  },
};

electron.contextBridge.exposeInMainWorld('peregrine', bridge);
