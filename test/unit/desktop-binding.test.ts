import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IpcMain, Session } from 'electron';
import { ipcChannels } from '../../app/contract/host-bridge.js';
import type { EventMessage, Reply } from '../../app/contract/messages.js';
import { bindIpc, type DispatchingService } from '../../main/host/ipc-binding.js';
import { isTrustedFrame } from '../../main/host/renderer-origin.js';
import { lockDownContents, lockDownSessions } from '../../main/host/security.js';
import { secureWebPreferences } from '../../main/host/web-preferences.js';

// Small typed stand-ins for the Electron APIs the binding calls; only here.
type Listener = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(name: string, listener: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }
  emit(name: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(name) ?? []).map((listener) => listener(...args));
  }
}

function blockable(): { event: { preventDefault(): void }; prevented: () => boolean } {
  let prevented = false;
  return { event: { preventDefault: () => void (prevented = true) }, prevented: () => prevented };
}

describe('the window', () => {
  test('runs the renderer isolated, sandboxed and without Node', () => {
    const preferences = secureWebPreferences('/app/preload.cjs');
    assert.deepEqual(
      { ...preferences },
      {
        preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false,
        experimentalFeatures: false, navigateOnDragDrop: false, spellcheck: false,
      },
    );
  });

  test('denies permissions, navigation, redirects, webviews and new windows; web links go to the browser', () => {
    const app = new Emitter();
    let requestHandler: Listener | undefined;
    let checkHandler: Listener | undefined;
    const session = {
      setPermissionRequestHandler: (handler: Listener | null) => void (requestHandler = handler ?? undefined),
      setPermissionCheckHandler: (handler: Listener | null) => void (checkHandler = handler ?? undefined),
    } as unknown as Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
    const opened: string[] = [];
    const openExternal = (url: string): Promise<void> => {
      opened.push(url);
      return Promise.resolve();
    };
    lockDownSessions({ app: app as never, session, openExternal });

    let granted: boolean | undefined;
    requestHandler?.({}, 'media', (answer: boolean) => void (granted = answer));
    assert.equal(granted, false);
    assert.equal(checkHandler?.({}, 'clipboard-read'), false);

    const contents = new Emitter() as Emitter & { windowOpen?: Listener };
    const stand = Object.assign(contents, { setWindowOpenHandler: (handler: Listener) => void (contents.windowOpen = handler) });
    app.emit('web-contents-created', {}, stand);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const { event, prevented } = blockable();
      contents.emit(name, event, 'https://evil.example/');
      assert.equal(prevented(), true, name);
    }
    assert.deepEqual(contents.windowOpen?.({ url: 'https://example.com/help' }), { action: 'deny' });
    assert.deepEqual(contents.windowOpen?.({ url: 'file:///etc/passwd' }), { action: 'deny' });
    assert.deepEqual(contents.windowOpen?.({ url: 'javascript:alert(1)' }), { action: 'deny' });
    assert.deepEqual(opened, ['https://example.com/help']);
    assert.equal(typeof lockDownContents, 'function');
  });
});

describe('the IPC binding', () => {
  const ours = { url: 'app://renderer/index.html', parent: null };

  test('answers only our own main frame', () => {
    assert.equal(isTrustedFrame(ours), true);
    assert.equal(isTrustedFrame({ url: 'app://renderer/index.html', parent: {} }), false, 'a subframe');
    assert.equal(isTrustedFrame({ url: 'https://renderer/index.html', parent: null }), false, 'another scheme');
    assert.equal(isTrustedFrame({ url: 'app://elsewhere/index.html', parent: null }), false, 'another host');
    assert.equal(isTrustedFrame({ url: 'not a url', parent: null }), false);
    assert.equal(isTrustedFrame(null), false, 'a frame already gone');
  });

  function bind(dispatched: unknown[][]) {
    const handlers = new Map<string, Listener>();
    const ipcMain = {
      handle: (channel: string, handler: Listener) => void handlers.set(channel, handler),
      on: (channel: string, handler: Listener) => void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
      removeListener: (channel: string) => void handlers.delete(channel),
    } as unknown as Pick<IpcMain, 'handle' | 'on' | 'removeHandler' | 'removeListener'>;
    const eventListeners: ((message: EventMessage) => void)[] = [];
    const service: DispatchingService = {
      dispatch: (method, input) => {
        dispatched.push([method, input]);
        return Promise.resolve({ ok: true, result: 'done' });
      },
      onEvent: (listener) => {
        eventListeners.push(listener);
        return () => eventListeners.splice(eventListeners.indexOf(listener), 1);
      },
    };
    const sent: unknown[][] = [];
    const drags: number[] = [];
    const unbind = bindIpc({
      ipcMain,
      service,
      host: { pickFolder: () => Promise.resolve('/home/me/Downloads'), readClipboard: () => Promise.resolve('https://a.example/') },
      startDrag: (_sender, id) => {
        drags.push(id);
        return Promise.resolve();
      },
      target: () => ({ send: (...args: unknown[]) => void sent.push(args), isDestroyed: () => false }),
      log: () => undefined,
    });
    return { handlers, eventListeners, sent, drags, unbind };
  }

  test('passes calls from our frame to dispatch, and refuses others without dispatching', async () => {
    const dispatched: unknown[][] = [];
    const { handlers } = bind(dispatched);
    const call = handlers.get(ipcChannels.call);
    assert.deepEqual(await call?.({ senderFrame: ours }, 'tasks.pause', { all: true }), { ok: true, result: 'done' });
    const refused = (await call?.({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'tasks.pause', { all: true })) as Reply;
    assert.equal(refused.ok, false);
    assert.equal(refused.ok ? undefined : refused.error.code, 'refused');
    assert.deepEqual(dispatched, [['tasks.pause', { all: true }]]);
  });

  test('host calls and drags are parsed before they run', async () => {
    const { handlers, drags } = bind([]);
    const host = handlers.get(ipcChannels.host);
    assert.deepEqual(await host?.({ senderFrame: ours }, 'pickFolder', {}), { ok: true, result: '/home/me/Downloads' });
    assert.deepEqual(await host?.({ senderFrame: ours }, 'readClipboard', {}), { ok: true, result: 'https://a.example/' });
    for (const [name, input] of [['pickFolder', { defaultPath: 'relative/path' }], ['runShell', {}], ['readClipboard', { extra: 1 }]] as const) {
      const reply = (await host?.({ senderFrame: ours }, name, input)) as Reply;
      assert.equal(reply.ok ? undefined : reply.error.code, 'invalid_input', name);
    }
    const drag = handlers.get(ipcChannels.drag);
    drag?.({ senderFrame: ours, sender: {} }, { id: 4 });
    drag?.({ senderFrame: ours, sender: {} }, { path: '/etc/passwd' });
    drag?.({ senderFrame: { url: 'https://evil.example/', parent: null }, sender: {} }, { id: 5 });
    assert.deepEqual(drags, [4]);
  });

  test('events go to the window on the event channel until unbound', () => {
    const { eventListeners, sent, unbind, handlers } = bind([]);
    const message: EventMessage = { seq: 1, event: 'notice', payload: { code: 'internal', message: 'x' } };
    for (const listener of eventListeners) listener(message);
    assert.deepEqual(sent, [[ipcChannels.events, message]]);
    unbind();
    assert.equal(eventListeners.length, 0);
    assert.equal(handlers.size, 0);
  });
});
