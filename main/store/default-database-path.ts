import os from 'node:os';
import path from 'node:path';

/**
 * The per-user database the app and the CLI share. Mirrors Electron's
 * app.getPath('userData') for an app named "Peregrine", so both find the same
 * queue without Electron being loaded.
 */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  const appData =
    platform === 'win32'
      ? (absolute(env['APPDATA']) ?? path.join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (absolute(env['XDG_CONFIG_HOME']) ?? path.join(home, '.config'));
  return path.join(appData, 'Peregrine', 'peregrine.db');
}

/** An empty or relative variable is ignored (as the XDG spec says): it would put the queue in whatever folder the command ran from. */
export function absolute(folder: string | undefined): string | undefined {
  return folder !== undefined && folder !== '' && path.isAbsolute(folder) ? folder : undefined;
}
