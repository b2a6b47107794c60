import type { Shell } from 'electron';
import type { HostShell } from '../service/task-files.js';

/** The service's shell on the desktop; it hands over only paths it resolved and checked itself. */
export function electronShell(shell: Pick<Shell, 'openPath' | 'showItemInFolder'>): HostShell {
  return {
    // openPath resolves with the system's error message, or '' when it worked.
    open: async (filePath) => {
      const error = await shell.openPath(filePath);
      return error === '' ? undefined : error;
    },
    reveal: (filePath) => shell.showItemInFolder(filePath),
  };
}
