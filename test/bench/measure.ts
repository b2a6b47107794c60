import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { onCleanup } from './cleanup.js';

export interface Measurement {
  readonly ok: boolean;
  /** Why the run failed: exit status, signal or timeout, with the end of its stderr. */
  readonly failure: string | undefined;
  readonly wallSeconds: number;
  /** performance.now() just before the spawn, to time events (a request reaching a server) from launch. */
  readonly startedAt: number;
  /** user + sys of the command and its children; undefined without GNU time. */
  readonly cpuSeconds: number | undefined;
  readonly peakRssMb: number | undefined;
  /** The machine's 1-minute load average as the run ended: how much others were using the cores meanwhile. */
  readonly loadAverage: number;
}

export interface MeasureOptions {
  readonly timeoutMs: number;
  /** GNU time, which reports CPU and peak RSS for exactly this command; wall time only without it. */
  readonly timeBinary: string | undefined;
  /** Where GNU time writes its line, so it never mixes with the tool's stderr. */
  readonly statsFile: string;
}

const stderrTailBytes = 2000;

/**
 * Set on some machines (this one's CI among them), NODE_EXTRA_CA_CERTS makes
 * every Node process read and parse the whole CA bundle as it starts — `node
 * -e 0` 180 → 100 ms here without it (5 alternating runs), before any code runs. Every command the bench runs talks
 * plain HTTP to 127.0.0.1, so the commands (Peregrine and the Node floors
 * alike) run without it.
 */
export const droppedEnvironment = ['NODE_EXTRA_CA_CERTS'] as const;
const commandEnvironment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !(droppedEnvironment as readonly string[]).includes(name)));

/**
 * Runs one command line in its own process group (so a timeout or Ctrl-C
 * kills all of it) and measures it. Wall time is measured here, around the
 * whole process; GNU time adds `%U %S %M` from the kernel's rusage.
 */
export async function measure(argv: readonly string[], options: MeasureOptions): Promise<Measurement> {
  const [command, ...args] = options.timeBinary !== undefined ? [options.timeBinary, '-f', '%U %S %M', '-o', options.statsFile, ...argv] : argv;
  if (command === undefined) throw new Error('empty command line');
  await rm(options.statsFile, { force: true });
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: commandEnvironment });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-stderrTailBytes);
  });
  const killGroup = (): void => {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  const forget = onCleanup(killGroup);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  const wallSeconds = (performance.now() - started) / 1000;
  clearTimeout(timer);
  forget();
  // Anything the command left behind in its group (a daemonised helper) goes too.
  killGroup();
  const stats = options.timeBinary !== undefined ? await readTimeStats(options.statsFile) : undefined;
  const failure = timedOut
    ? `timed out after ${options.timeoutMs / 1000} s`
    : code !== 0
      ? `exited with ${code ?? signal}`
      : undefined;
  return {
    ok: failure === undefined,
    failure: failure === undefined ? undefined : `${failure}${stderr.trim() === '' ? '' : `: ${stderr.trim()}`}`,
    wallSeconds,
    startedAt: started,
    cpuSeconds: stats?.cpuSeconds,
    peakRssMb: stats?.peakRssMb,
    loadAverage: os.loadavg()[0] ?? 0,
  };
}

async function readTimeStats(file: string): Promise<{ cpuSeconds: number; peakRssMb: number } | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  // GNU time puts "Command exited with non-zero status N" above the format line.
  const last = text.trim().split('\n').at(-1) ?? '';
  const fields = last.trim().split(/\s+/).map(Number);
  const [user, sys, maxRssKb] = fields;
  if (fields.length !== 3 || user === undefined || sys === undefined || maxRssKb === undefined || fields.some(Number.isNaN)) return undefined;
  return { cpuSeconds: user + sys, peakRssMb: maxRssKb / 1024 };
}
