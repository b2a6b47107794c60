import { Notification } from 'electron';
import type { DesktopNotice } from './download-notifier.js';

export interface NoticeActions {
  open(taskId: number): void;
  reveal(taskId: number): void;
  showWindow(): void;
}

/**
 * Shows the notifier's notices. Each live Notification is kept here until it
 * is clicked or closed, because Electron drops the handlers of one that is
 * garbage-collected; on Windows past `close` too, since the Action Center can
 * still be clicked.
 */
export class DesktopNotifications {
  private readonly live = new Set<Notification>();

  constructor(
    private readonly actions: NoticeActions,
    /** What a click on a completion does where there are no buttons (Linux): the user's choice. */
    private readonly clickOpens: () => boolean,
  ) {}

  show(notice: DesktopNotice): void {
    if (!Notification.isSupported()) return;
    const buttons = notice.kind === 'completed' && process.platform !== 'linux';
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
      ...(buttons ? { actions: [{ type: 'button' as const, text: 'Open' }, { type: 'button' as const, text: 'Show in folder' }] } : {}),
    });
    const release = (): void => void this.live.delete(notification);
    notification.on('click', () => {
      release();
      this.clicked(notice);
    });
    notification.on('action', (_event, index) => {
      release();
      if (notice.kind !== 'completed') return;
      if (index === 0) this.actions.open(notice.taskId);
      else this.actions.reveal(notice.taskId);
    });
    notification.on('close', () => {
      if (process.platform !== 'win32') release();
    });
    this.live.add(notification);
    notification.show();
  }

  private clicked(notice: DesktopNotice): void {
    switch (notice.kind) {
      case 'completed':
        if (this.clickOpens()) this.actions.open(notice.taskId);
        else this.actions.reveal(notice.taskId);
        return;
      case 'failed':
      case 'completedMany':
      case 'failedMany':
      case 'groupSettled':
        this.actions.showWindow();
        return;
    }
  }
}
