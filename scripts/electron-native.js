// Builds a copy of better-sqlite3 for Electron's ABI under .electron-native/, so
// `npm start` can load it while node_modules keeps the build for the machine's
// Node (tests, CLI). The host passes the resulting path to better-sqlite3 as
// `nativeBinding` (main/host/native-binding.ts); packaged apps do not use it,
// electron-builder rebuilds node_modules for Electron itself.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const source = path.join(root, 'node_modules/better-sqlite3');
const outDir = path.join(root, '.electron-native');
const copy = path.join(outDir, 'node_modules/better-sqlite3');
const binding = path.join(copy, 'build/Release/better_sqlite3.node');
const stampFile = path.join(outDir, 'better-sqlite3.json');

const wanted = {
  electron: packageVersion(path.join(root, 'node_modules/electron')),
  betterSqlite3: packageVersion(source),
  platform: process.platform,
  arch: process.arch,
};
const what = `better-sqlite3 ${wanted.betterSqlite3} for Electron ${wanted.electron}`;

if (isUpToDate()) {
  console.log(`electron-native: ${what} is up to date: ${binding}`);
} else {
  console.log(`electron-native: building ${what} (first run after an install or upgrade; may take a few minutes)…`);
  rmSync(stampFile, { force: true });
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(path.dirname(copy), { recursive: true });
  // The machine's Node build stays behind; only sources and scripts are copied.
  cpSync(source, copy, { recursive: true, filter: (file) => file !== path.join(source, 'build') });
  build();
  writeFileSync(stampFile, `${JSON.stringify(wanted, null, 2)}\n`);
  console.log(`electron-native: built ${what}: ${binding}`);
}

function packageVersion(dir) {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
}

function isUpToDate() {
  if (!existsSync(stampFile) || !existsSync(binding)) {
    return false;
  }
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  return Object.entries(wanted).every(([key, value]) => stamp[key] === value);
}

// Runs the package's own install step (prebuild-install, else node-gyp) aimed
// at Electron's headers instead of Node's.
function build() {
  const env = {
    ...process.env,
    npm_config_runtime: 'electron',
    npm_config_target: wanted.electron,
    npm_config_disturl: 'https://electronjs.org/headers',
  };
  delete env.npm_config_build_from_source;
  delete env.npm_config_nodedir;
  // An empty --nodedir beats a nodedir in the user's npmrc, which would make
  // node-gyp compile against the local Node's headers; npm ignores an empty
  // environment variable, so it has to be a flag.
  const result = spawnSync('npm', ['run', 'install', '--nodedir='], {
    cwd: copy,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  });
  if (result.status === 0 && existsSync(binding)) {
    return;
  }
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
  if (output !== '') {
    console.error(output);
  }
  console.error(
    `electron-native: could not build ${what}` +
      (result.error ? ` (${result.error.message})` : '') +
      '. It needs network access to download a prebuilt binary or the Electron headers,' +
      ' and a C++ toolchain to compile from source. Tests and the CLI are not affected.',
  );
  process.exit(1);
}
