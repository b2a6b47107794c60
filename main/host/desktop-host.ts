import { app, BrowserWindow, clipboard, dialog, ipcMain, nativeImage, net, powerMonitor, powerSaveBlocker, shell, type WebContents } from 'electron';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { ContractError } from '../../app/contract/errors.js';
import type { EventMessage } from '../../app/contract/messages.js';
import type { Stats, TaskProgress, TaskView } from '../../app/contract/views.js';
import { mayOpenByItself } from '../../app/domain/dangerous-type.js';
import type { Settings } from '../../app/domain/settings.js';
import { systemClock } from '../engine/clock.js';
import { nodeFileSystem } from '../engine/file-system.js';
import { createGotHttpClient } from '../engine/got-http-client.js';
import { PolledNetworkMonitor } from '../queue/polled-network-monitor.js';
import { DatabaseOwnedError, listenAsOwner } from '../server/control-socket.js';
import { controlSocketPath } from '../server/owner-client.js';
import { holdingWriteLock } from '../service/open-service.js';
import { PeregrineService } from '../service/service.js';
import { finishedFileOf } from '../service/task-files.js';
import { defaultDatabasePath } from '../store/default-database-path.js';
import { openDatabase } from '../store/open-database.js';
import { DownloadNotifier } from './download-notifier.js';
import { electronShell } from './electron-shell.js';
import { bindIpc } from './ipc-binding.js';
import { urlsInList, type LaunchRequest } from './launch-request.js';
import { nativeBindingPath } from './native-binding.js';
import { DesktopNotifications } from './notifications.js';
import { DesktopTray } from './tray.js';
import { speedLimitToggle, taskbarProgress, trayModel, type TrayAction } from './tray-model.js';
import { networkWatchNeeded } from './network-watch.js';
import { createMainWindow } from './window.js';

/** How long a burst of finishing downloads may take to be told as one notice. */
const noticeWindowMs = 1500;
/** Electron's main process has no online event: while it matters, the answer is read this often. */
const networkPollMs = 2000;

const iconDir = path.join(app.getAppPath(), 'main/host/icons');

/**
 * The desktop app around the service: database, window, IPC, tray,
 * notifications, open when done, power and quitting. Every decision is made
 * by a plain function (tray-model, download-notifier, dangerous-type); this
 * class only carries their answers to Electron.
 */
export class DesktopHost {
  private readonly db: Database.Database;
  private readonly service: PeregrineService;
  private readonly network = new PolledNetworkMonitor(() => net.isOnline(), networkPollMs);
  private readonly notifier = new DownloadNotifier();
  private readonly notifications: DesktopNotifications;
  private readonly states = new Map<number, TaskView['state']>();
  private readonly live = new Map<number, TaskProgress>();
  private window: BrowserWindow | undefined;
  private tray: DesktopTray | undefined;
  private settings: Settings;
  private stats: Stats;
  private noticeTimer: NodeJS.Timeout | undefined;
  private blocker: number | undefined;
  private owner: { close(): Promise<void> } | undefined;
  private quitting = false;
  private stopped = false;

  constructor(defaultDir: string) {
    this.db = openDatabase(defaultDatabasePath(), { nativeBinding: nativeBindingPath(app) });
    this.service = new PeregrineService({
      db: this.db,
      http: createGotHttpClient(),
      fs: nodeFileSystem,
      clock: systemClock,
      network: this.network,
      random: Math.random,
      hostKind: 'app',
      defaultDir,
      shell: electronShell(shell),
      log: (message, error) => console.error(`peregrine: ${message}:`, error),
    });
    const snapshot = this.service.snapshot();
    this.settings = snapshot.settings;
    this.stats = snapshot.stats;
    this.notifier.know(snapshot.tasks);
    for (const task of snapshot.tasks) this.states.set(task.id, task.state);
    this.notifications = new DesktopNotifications(
      { open: (id) => this.shellCall('tasks.open', id), reveal: (id) => this.shellCall('tasks.reveal', id), showWindow: () => this.showWindow() },
      () => this.settings.noticeClick === 'open',
    );
  }

  /**
   * Becomes the database's owner (so `peregrine list|pause|get` in a terminal
   * drive this app's live queue), then shows itself. Returns false, having
   * told the user, when another Peregrine process already owns the database.
   */
  async start(): Promise<boolean> {
    try {
      this.owner = await listenAsOwner(this.service, controlSocketPath(this.db.name), (work) => holdingWriteLock(this.db, work));
    } catch (error) {
      if (!(error instanceof DatabaseOwnedError)) throw error;
      dialog.showErrorBox('Peregrine is already running', `The download list ${this.db.name} is ${error.message.replace(/^the database is /, '')}. Stop it, then start Peregrine again.`);
      this.db.close();
      return false;
    }
    bindIpc({
      ipcMain,
      service: this.service,
      host: {
        pickFolder: async ({ defaultPath }) => {
          const options = { properties: ['openDirectory' as const, 'createDirectory' as const], ...(defaultPath === undefined ? {} : { defaultPath }) };
          const result = this.window === undefined ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(this.window, options);
          return result.canceled ? null : (result.filePaths[0] ?? null);
        },
        readClipboard: async () => clipboard.readText(),
      },
      startDrag: (sender, id) => this.startDrag(sender, id),
      target: () => (this.window?.isDestroyed() === false ? this.window.webContents : undefined),
      log: (message, error) => console.error(`peregrine: ${message}:`, error),
    });
    this.service.onEvent((message) => this.onEvent(message));
    // Waking from sleep is when the network most often changed unseen.
    powerMonitor.on('resume', () => this.network.check());
    try {
      this.tray = new DesktopTray({ idle: path.join(iconDir, 'tray.png'), active: path.join(iconDir, 'tray-active.png') }, (action) => this.onTrayAction(action));
    } catch (error) {
      // Without a tray, closing the window must quit: it would be the only way back.
      console.error('peregrine: no tray icon on this desktop:', error);
    }
    this.refresh();
    this.applyLoginItem();
    app.on('before-quit', (event) => {
      if (this.stopped) return;
      event.preventDefault();
      if (this.quitting) return;
      this.quitting = true;
      void this.shutdown().finally(() => {
        this.stopped = true;
        app.quit();
      });
    });
    app.on('window-all-closed', () => {
      if (this.tray === undefined || !this.settings.keepRunningInTray) app.quit();
    });
    app.on('activate', () => this.showWindow());
    this.service.start();
    if (!process.argv.includes('--hidden')) this.showWindow();
    return true;
  }

  /** A launch's URLs (this one's, or a second launch's): added through the contract, which checks each one. */
  receive(request: LaunchRequest): void {
    if (request.urls.length > 0) {
      this.service
        .dispatch('tasks.add', { urls: request.urls })
        .then((reply) => {
          if (!reply.ok) console.error(`peregrine: the launch's URLs were not added: ${reply.error.message}`);
        })
        .catch((error: unknown) => console.error('peregrine: adding the launch URLs failed:', error));
    }
    if (!process.argv.includes('--hidden') || request.urls.length > 0) this.showWindow();
  }

  private showWindow(): void {
    if (this.window === undefined || this.window.isDestroyed()) {
      const window = createMainWindow(path.join(import.meta.dirname, '../preload/index.cjs'));
      window.on('close', (event) => {
        if (!this.quitting && this.tray !== undefined && this.settings.keepRunningInTray) {
          event.preventDefault();
          window.hide();
        }
      });
      window.on('focus', () => this.notifier.take(this.noticeContext()));
      this.window = window;
      return;
    }
    if (this.window.isMinimized()) this.window.restore();
    this.window.show();
    this.window.focus();
  }

  private onEvent(message: EventMessage): void {
    switch (message.event) {
      case 'tasks.added':
        this.notifier.know(message.payload.tasks);
        for (const task of message.payload.tasks) this.states.set(task.id, task.state);
        return;
      case 'tasks.changed':
        this.notifier.observe(message.payload.tasks);
        for (const task of message.payload.tasks) this.taskChanged(task);
        this.armNotices();
        return;
      case 'tasks.removed':
        for (const { id } of message.payload.removed) {
          this.states.delete(id);
          this.live.delete(id);
        }
        this.notifier.forget(message.payload.removed.map(({ id }) => id));
        return;
      case 'tasks.progress':
        for (const progress of message.payload.progress) this.live.set(progress.id, progress);
        return;
      case 'stats.changed':
        this.stats = message.payload;
        this.refresh();
        return;
      case 'groups.settled':
        this.notifier.groupSettled(message.payload.group, message.payload.failedIds);
        this.armNotices();
        return;
      case 'settings.changed':
        this.settings = message.payload;
        this.refresh();
        this.applyLoginItem();
        return;
      case 'groups.changed':
      case 'groups.removed':
      case 'notice':
        return;
    }
  }

  private taskChanged(task: TaskView): void {
    const before = this.states.get(task.id);
    this.states.set(task.id, task.state);
    if (task.state !== 'running') this.live.delete(task.id);
    if (task.state !== 'completed' || before === 'completed' || !this.settings.openWhenDone) return;
    // Never a program, a script or an installer, whatever the setting says.
    if (task.fileName !== null && mayOpenByItself(task.fileName)) this.shellCall('tasks.open', task.id);
  }

  private armNotices(): void {
    if (this.noticeTimer !== undefined || !this.notifier.pending) return;
    this.noticeTimer = setTimeout(() => {
      this.noticeTimer = undefined;
      for (const notice of this.notifier.take(this.noticeContext())) this.notifications.show(notice);
    }, noticeWindowMs);
  }

  private noticeContext(): Parameters<DownloadNotifier['take']>[0] {
    const window = this.window;
    return { settings: this.settings, focused: window !== undefined && !window.isDestroyed() && window.isVisible() && window.isFocused() };
  }

  /** Tray, taskbar bar and badge, and the power-save blocker, after any change. */
  private refresh(): void {
    this.network.watch(networkWatchNeeded(this.stats));
    this.tray?.show(trayModel(this.stats, this.settings));
    const { fraction, badge } = taskbarProgress(this.stats, this.live.values());
    if (this.window !== undefined && !this.window.isDestroyed()) this.window.setProgressBar(fraction);
    app.setBadgeCount(badge);
    const wantAwake = this.settings.preventSleep && this.stats.byState.running > 0;
    if (wantAwake && this.blocker === undefined) this.blocker = powerSaveBlocker.start('prevent-app-suspension');
    if (!wantAwake && this.blocker !== undefined) {
      powerSaveBlocker.stop(this.blocker);
      this.blocker = undefined;
    }
  }

  private applyLoginItem(): void {
    // Linux has no login items in Electron; the desktop's own autostart settings apply there.
    if (process.platform === 'linux') return;
    app.setLoginItemSettings({ openAtLogin: this.settings.startAtLogin, args: ['--hidden'] });
  }

  private onTrayAction(action: TrayAction): void {
    switch (action) {
      case 'show':
        this.showWindow();
        return;
      case 'addFromClipboard':
        clipboard
          .readText()
          .then((text) => this.receive({ urls: urlsInList(text.split(/\s+/).join('\n')) }))
          .catch((error: unknown) => console.error('peregrine: could not read the clipboard:', error));
        return;
      case 'pauseAll':
        void this.service.dispatch('tasks.pause', { all: true });
        return;
      case 'resumeAll':
        void this.service.dispatch('tasks.resume', { all: true });
        return;
      case 'toggleSpeedLimit':
        void this.service.dispatch('settings.set', speedLimitToggle(this.settings));
        return;
      case 'quit':
        app.quit();
        return;
    }
  }

  private shellCall(method: 'tasks.open' | 'tasks.reveal', id: number): void {
    this.service
      .dispatch(method, { id })
      .then((reply) => {
        if (!reply.ok) console.error(`peregrine: ${method} ${id}: ${reply.error.message}`);
      })
      .catch((error: unknown) => console.error(`peregrine: ${method} ${id} failed:`, error));
  }

  private async startDrag(sender: WebContents, id: number): Promise<void> {
    const task = this.service.tasks.get(id);
    if (task === undefined) throw new ContractError('not_found');
    const file = await finishedFileOf(task);
    sender.startDrag({ file, icon: nativeImage.createFromPath(path.join(iconDir, 'drag.png')) });
  }

  /** Quitting pauses every download durably; the next launch resumes them. */
  private async shutdown(): Promise<void> {
    if (this.noticeTimer !== undefined) clearTimeout(this.noticeTimer);
    if (this.blocker !== undefined) powerSaveBlocker.stop(this.blocker);
    this.tray?.destroy();
    this.network.stop();
    try {
      await this.owner?.close();
      await this.service.stop('interrupt');
    } finally {
      this.db.close();
    }
  }
}
