import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { onCleanup } from './cleanup.js';
import { freePort } from './free-port.js';

const run = promisify(execFile);

/** Both locations serve the same folder; `/slow/` sends each connection at most this many bytes a second. */
export const slowRateBytes = 8 << 20;

export interface Nginx {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  stop(): Promise<void>;
}

/**
 * Starts nginx as a single foreground process (no daemon, no master) with its
 * config, pid, log and temp folders under `prefix`, serving `root` at
 * `/fast/` and, throttled per connection, at `/slow/`.
 */
export async function startNginx(binary: string, prefix: string, root: string): Promise<Nginx> {
  await mkdir(path.join(prefix, 'temp'), { recursive: true });
  const features = await buildFeatures(binary);
  let lastError: unknown;
  // The free port may be taken between probing and binding: try a few.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const config = path.join(prefix, 'nginx.conf');
    await writeFile(config, nginxConfig(prefix, root, port, features.withoutModules));
    const args = ['-p', prefix, '-c', config, ...(features.errorLogFlag ? ['-e', path.join(prefix, 'error.log')] : [])];
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const forget = onCleanup(() => void child.kill('SIGKILL'));
    try {
      await waitUntilListening(child, port);
      return { origin: `http://127.0.0.1:${port}`, stop: () => stop(child).finally(forget) };
    } catch (error) {
      child.kill('SIGKILL');
      forget();
      const log = await readFile(path.join(prefix, 'error.log'), 'utf8').catch(() => '');
      lastError = new Error(`nginx did not start: ${(error as Error).message}\n${stderr}${log}`.trim());
    }
  }
  throw lastError;
}

function nginxConfig(prefix: string, root: string, port: number, withoutModules: ReadonlySet<string>): string {
  const temp = (name: string): string => path.join(prefix, 'temp', name);
  // A temp path directive for a module left out of this build is a config error.
  const optionalTemps = ['proxy', 'fastcgi', 'uwsgi', 'scgi']
    .filter((module) => !withoutModules.has(module))
    .map((module) => `  ${module}_temp_path ${temp(module)};`);
  const folder = root.endsWith('/') ? root : `${root}/`;
  return `daemon off;
master_process off;
worker_processes 1;
pid ${path.join(prefix, 'nginx.pid')};
error_log ${path.join(prefix, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  default_type application/octet-stream;
  types {}
  client_body_temp_path ${temp('body')};
${optionalTemps.join('\n')}
  server {
    listen 127.0.0.1:${port};
    location /fast/ { alias ${folder}; }
    location /slow/ { alias ${folder}; limit_rate ${slowRateBytes >> 20}m; }
  }
}
`;
}

interface BuildFeatures {
  readonly withoutModules: ReadonlySet<string>;
  /** `-e` (error log before the config is read) arrived in nginx 1.19.5. */
  readonly errorLogFlag: boolean;
}

async function buildFeatures(binary: string): Promise<BuildFeatures> {
  // nginx -V prints to stderr.
  const { stderr } = await run(binary, ['-V'], { timeout: 10_000 });
  const withoutModules = new Set([...stderr.matchAll(/--without-http_(\w+)_module/g)].map((match) => match[1] ?? ''));
  const version = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(stderr);
  const [major, minor, patch] = [1, 2, 3].map((index) => Number(version?.[index] ?? 0)) as [number, number, number];
  const errorLogFlag = major > 1 || (major === 1 && (minor > 19 || (minor === 19 && patch >= 5)));
  return { withoutModules, errorLogFlag };
}

async function waitUntilListening(child: ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode ?? child.signalCode})`);
    if (await accepts(port)) return;
    await sleep(50);
  }
  throw new Error('not listening after 10 s');
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  // SIGTERM is nginx's fast shutdown; SIGKILL if it lingers.
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
