// `npm start`: the desktop app where Electron can run; elsewhere (no Electron
// binary, no display) one line saying so, then `peregrine serve`, whose first
// line is the web UI's address.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const reason = whyNoDesktop();
if (reason === undefined) {
  const native = spawnSync(process.execPath, [path.join(root, 'scripts/electron-native.js')], { stdio: 'inherit' });
  if (native.status !== 0) process.exit(native.status ?? 1);
  run(electronBinary(), [root, ...process.argv.slice(2)]);
} else {
  console.log(`peregrine: ${reason}; starting the web UI instead (peregrine serve)`);
  run(process.execPath, [path.join(root, 'dist/main/cli/main.js'), 'serve', ...process.argv.slice(2)]);
}

function whyNoDesktop() {
  if (electronBinary() === undefined) return 'the Electron binary is not installed';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  return undefined;
}

// What node_modules/electron/index.js would answer, without its attempt to download a missing binary.
function electronBinary() {
  const dir = path.join(root, 'node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal; SIGTERM from a supervisor is passed on.
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
