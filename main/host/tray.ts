import { Menu, nativeImage, Tray } from 'electron';
import type { TrayAction, TrayModel } from './tray-model.js';

/**
 * The tray icon over its model: the menu is set anew whenever the model
 * changes (AppIndicator shows nothing else), the tooltip whenever it changes.
 */
export class DesktopTray {
  private readonly tray: Tray;
  private shownMenu = '';
  private shownTooltip = '';
  private shownActive: boolean | undefined;

  constructor(
    private readonly icons: { readonly idle: string; readonly active: string },
    private readonly onAction: (action: TrayAction) => void,
  ) {
    this.tray = new Tray(nativeImage.createFromPath(icons.idle));
    // Windows and macOS report a click on the icon; AppIndicator never does, hence "Show" in the menu.
    this.tray.on('click', () => onAction('show'));
  }

  show(model: TrayModel): void {
    if (model.active !== this.shownActive) {
      this.shownActive = model.active;
      this.tray.setImage(nativeImage.createFromPath(model.active ? this.icons.active : this.icons.idle));
    }
    if (model.tooltip !== this.shownTooltip) {
      this.shownTooltip = model.tooltip;
      this.tray.setToolTip(model.tooltip);
    }
    const menu = JSON.stringify(model.items);
    if (menu === this.shownMenu) return;
    this.shownMenu = menu;
    const template = model.items.map((item) => ({
      label: item.label,
      enabled: item.enabled,
      ...(item.checked === undefined ? {} : { type: 'checkbox' as const, checked: item.checked }),
      click: () => this.onAction(item.action),
    }));
    this.tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
