import type { App } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';

// Where scripts/electron-native.js builds better-sqlite3 for Electron's ABI;
// node_modules keeps the build for the machine's Node (tests, CLI).
const developmentBinding = '.electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node';

/**
 * The `nativeBinding` to hand better-sqlite3 in this process: undefined when
 * packaged, because electron-builder rebuilt node_modules for Electron already.
 */
export function nativeBindingPath(electronApp: Pick<App, 'isPackaged' | 'getAppPath'>): string | undefined {
  if (electronApp.isPackaged) {
    return undefined;
  }
  const binding = path.join(electronApp.getAppPath(), developmentBinding);
  if (!existsSync(binding)) {
    throw new Error(
      `better-sqlite3 is not built for Electron (${binding} is missing): run \`node scripts/electron-native.js\``,
    );
  }
  return binding;
}
