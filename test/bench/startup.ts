/**
 * Scenario s, start-up: how long from launch until Peregrine does work.
 * `peregrine --version` is timed until it exits; `peregrine get` of one small
 * file until its first request reaches the fixture server (an HTTP server in
 * this process, which notes when each request arrives). `node -e 0` and curl
 * run alongside as floors: what launching any Node process, or any process at
 * all, costs on this machine at this moment. `start-floor` (start-floor.ts)
 * is the floor under `get`: a Node process that loads better-sqlite3 and got,
 * records the download in a WAL database and fetches the file durably, with
 * nothing of Peregrine's around it.
 */
import { readFile, mkdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, type Measurement } from './measure.js';
import { median } from './report.js';
import { writeRandomFile } from './test-files.js';
import { outputProblems } from './verify-output.js';

/** `version-base` and `get-base`: the same with the baseline build (BENCH_BASELINE_CLI), alternating. */
export type StartupProbe = 'node-floor' | 'version' | 'version-base' | 'get' | 'get-base' | 'start-floor' | 'curl-get';

export interface StartupRun {
  readonly measurement: Measurement;
  /** From launch until the server saw the request; undefined for probes that send none, or when none arrived. */
  readonly firstRequestMs: number | undefined;
}

export interface StartupResult {
  readonly runs: number;
  readonly probes: ReadonlyMap<StartupProbe, readonly StartupRun[]>;
}

export interface StartupCheck {
  readonly label: string;
  readonly valueMs: number | undefined;
  readonly limitMs: number;
}

export interface StartupOptions {
  readonly runs: number;
  readonly work: string;
  readonly cli: string;
  readonly baseCli: string | undefined;
  readonly curl: string | undefined;
  readonly timeBinary: string | undefined;
  readonly log: (line: string) => void;
}

/** The figure: working within 100 ms of launch. */
export const startupLimitMs = 100;
const smallFileBytes = 4096;
const timeoutMs = 30_000;
/** Bundled by scripts/bundle-cli.js as the CLI is (under dist/test, so never packaged). */
const startFloor = fileURLToPath(new URL('../start-floor/start-floor.cjs', import.meta.url));

export async function runStartup(options: StartupOptions): Promise<StartupResult> {
  const { runs, work, cli, baseCli, curl, timeBinary, log } = options;
  const folder = path.join(work, 'startup');
  const served = await writeRandomFile(path.join(folder, 'files'), 'small.bin', smallFileBytes);
  const body = await readFile(path.join(folder, 'files', 'small.bin'));
  const arrivals = new Map<string, number>();
  const server = await listen(
    createServer((request, response) => {
      const url = request.url ?? '/';
      if (!arrivals.has(url)) arrivals.set(url, performance.now());
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      response.end(request.method === 'HEAD' ? undefined : body);
    }),
  );
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const out = path.join(folder, 'out');
  const probes = new Map<StartupProbe, StartupRun[]>();
  const order: StartupProbe[] = [
    'node-floor',
    'version',
    ...(baseCli === undefined ? [] : (['version-base'] as const)),
    'get',
    ...(baseCli === undefined ? [] : (['get-base'] as const)),
    'start-floor',
    ...(curl === undefined ? [] : (['curl-get'] as const)),
  ];
  log(`\n(s) start-up: ${order.join(', ')}; ${runs} run(s) each`);
  try {
    for (let round = 0; round < runs; round += 1) {
      for (const probe of order) {
        await rm(out, { recursive: true, force: true });
        await mkdir(out, { recursive: true });
        // A path of its own per run, so each arrival belongs to exactly one launch.
        const urlPath = `/${probe}/${round}/small.bin`;
        const url = `${origin}${urlPath}`;
        const argv = commandOf(probe, { cli, baseCli: baseCli ?? cli, curl: curl ?? 'curl', url, out, db: path.join(folder, `${probe}-${round}.sqlite`) });
        const measurement = await measure(argv, { timeoutMs, timeBinary, statsFile: path.join(folder, 'time.txt') });
        const arrived = arrivals.get(urlPath);
        const firstRequestMs = arrived === undefined ? undefined : arrived - measurement.startedAt;
        if (measurement.ok && probe !== 'node-floor' && probe !== 'version' && probe !== 'version-base') {
          const problems = await outputProblems(out, [served]);
          if (problems.length > 0) throw new Error(`(s) ${probe} exited 0 but its output is wrong: ${problems.join('; ')}`);
        }
        const list = probes.get(probe) ?? [];
        list.push({ measurement, firstRequestMs });
        probes.set(probe, list);
        log(`  run ${round + 1}/${runs} ${probe.padEnd(11)} ${runLine({ measurement, firstRequestMs })}`);
      }
    }
  } finally {
    server.close();
    server.closeAllConnections();
  }
  return { runs, probes };
}

function commandOf(probe: StartupProbe, values: { cli: string; baseCli: string; curl: string; url: string; out: string; db: string }): string[] {
  switch (probe) {
    case 'node-floor':
      return [process.execPath, '-e', '0'];
    case 'version':
      return [process.execPath, values.cli, '--version'];
    case 'version-base':
      return [process.execPath, values.baseCli, '--version'];
    case 'get':
      return [process.execPath, values.cli, 'get', values.url, '-d', values.out, '--db', values.db, '-q'];
    case 'get-base':
      return [process.execPath, values.baseCli, 'get', values.url, '-d', values.out, '--db', values.db, '-q'];
    case 'start-floor':
      return [process.execPath, startFloor, values.url, values.out, values.db];
    case 'curl-get':
      return [values.curl, '-sS', '-f', '-o', path.join(values.out, 'small.bin'), values.url];
  }
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function runLine(run: StartupRun): string {
  const { measurement } = run;
  if (!measurement.ok) return `FAILED ${measurement.failure ?? ''}`;
  const first = run.firstRequestMs === undefined ? '' : `  first request ${run.firstRequestMs.toFixed(0)} ms`;
  const cpu = measurement.cpuSeconds === undefined ? '' : `  cpu ${(measurement.cpuSeconds * 1000).toFixed(0)} ms`;
  const rss = measurement.peakRssMb === undefined ? '' : `  rss ${measurement.peakRssMb.toFixed(1)} MiB`;
  return `exit ${(measurement.wallSeconds * 1000).toFixed(0)} ms${first}${cpu}${rss}  load ${measurement.loadAverage.toFixed(2)}`;
}

interface StartupSummary {
  readonly okRuns: number;
  readonly runs: number;
  readonly exitMs: number | undefined;
  readonly firstRequestMs: number | undefined;
  readonly cpuMs: number | undefined;
  readonly peakRssMb: number | undefined;
  readonly loadAverage: number | undefined;
}

function summarizeProbe(runs: readonly StartupRun[]): StartupSummary {
  const ok = runs.filter((run) => run.measurement.ok);
  return {
    okRuns: ok.length,
    runs: runs.length,
    exitMs: scaled(median(ok.map((run) => run.measurement.wallSeconds)), 1000),
    firstRequestMs: median(ok.flatMap((run) => (run.firstRequestMs === undefined ? [] : [run.firstRequestMs]))),
    cpuMs: scaled(median(ok.flatMap((run) => (run.measurement.cpuSeconds === undefined ? [] : [run.measurement.cpuSeconds]))), 1000),
    peakRssMb: median(ok.flatMap((run) => (run.measurement.peakRssMb === undefined ? [] : [run.measurement.peakRssMb]))),
    loadAverage: median(ok.map((run) => run.measurement.loadAverage)),
  };
}

function fixedRatio(ours: number | undefined, theirs: number | undefined): string {
  return ours === undefined || theirs === undefined || theirs === 0 ? 'n/a' : `${(ours / theirs).toFixed(2)}×`;
}

function scaled(value: number | undefined, factor: number): number | undefined {
  return value === undefined ? undefined : value * factor;
}

export function startupChecks(result: StartupResult): StartupCheck[] {
  const version = summarizeProbe(result.probes.get('version') ?? []);
  const get = summarizeProbe(result.probes.get('get') ?? []);
  return [
    { label: '`peregrine --version`: launch to exit', valueMs: version.exitMs, limitMs: startupLimitMs },
    { label: '`peregrine get` of one small file: launch to its first request at the server', valueMs: get.firstRequestMs, limitMs: startupLimitMs },
  ];
}

export function startupCheckMet(check: StartupCheck): boolean | undefined {
  return check.valueMs === undefined ? undefined : check.valueMs <= check.limitMs;
}

const probeLabels: Readonly<Record<StartupProbe, string>> = {
  'node-floor': '`node -e 0` (floor: any Node process)',
  version: '`peregrine --version`',
  'version-base': '`peregrine --version`, baseline build',
  get: `\`peregrine get\` of one ${smallFileBytes / 1024} KiB file`,
  'get-base': `\`peregrine get\` of one ${smallFileBytes / 1024} KiB file, baseline build`,
  'start-floor': '`start-floor` (floor: got + better-sqlite3, start-floor.ts)',
  'curl-get': '`curl` of the same file (floor: any process)',
};

export function startupMarkdown(result: StartupResult): string {
  const fixed = (value: number | undefined, digits: number): string => (value === undefined ? 'n/a' : value.toFixed(digits));
  const lines = [
    '## (s) start-up: launch until work begins',
    '',
    '| command | runs ok | first request ms | exit ms | CPU ms | peak RSS MiB | load |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [probe, runs] of result.probes) {
    const summary = summarizeProbe(runs);
    lines.push(
      `| ${probeLabels[probe]} | ${summary.okRuns}/${summary.runs} | ${fixed(summary.firstRequestMs, 0)} | ${fixed(summary.exitMs, 0)} | ${fixed(summary.cpuMs, 0)} | ${fixed(summary.peakRssMb, 1)} | ${fixed(summary.loadAverage, 2)} |`,
    );
  }
  lines.push('', `Medians of ${result.runs} run(s). First request: from the spawn until the fixture server (in the bench process) saw the request.`);
  const floor = summarizeProbe(result.probes.get('node-floor') ?? []).cpuMs;
  const beyond = (probe: StartupProbe): string => {
    const cpu = summarizeProbe(result.probes.get(probe) ?? []).cpuMs;
    return cpu === undefined || floor === undefined ? 'n/a' : `${(cpu - floor).toFixed(0)} ms`;
  };
  // CPU suffers less than wall time from other processes: the part that is Peregrine's own, load or not.
  lines.push(`CPU beyond Node's own start (\`node -e 0\`): \`--version\` ${beyond('version')}, \`get\` ${beyond('get')}, \`start-floor\` ${beyond('start-floor')}.`, '');
  // As (c) does for got-floor: how far above what any got + SQLite process pays `get` starts its request.
  const first = (probe: StartupProbe): number | undefined => summarizeProbe(result.probes.get(probe) ?? []).firstRequestMs;
  lines.push(`- first request get / start-floor: ${fixedRatio(first('get'), first('start-floor'))} (start-floor alone: ${fixed(first('start-floor'), 0)} ms, the floor under the target ≤ ${startupLimitMs} ms)`);
  if (result.probes.has('get-base')) lines.push(`- first request get / get-base: ${fixedRatio(first('get'), first('get-base'))}`);
  lines.push('');
  for (const check of startupChecks(result)) {
    const met = startupCheckMet(check);
    lines.push(`- ${check.label}: ${fixed(check.valueMs, 0)} ms (target ≤ ${check.limitMs} ms)${met === undefined ? ' –' : met ? ' ✓' : ' ✗'}`);
  }
  lines.push(
    '',
    'Note: on a loaded machine every launch is slower, Node itself included; the floors show by how much at the time of the run.',
  );
  const failures = [...result.probes].flatMap(([probe, runs]) =>
    runs.flatMap((run, index) => (run.measurement.ok ? [] : [`- ${probe} run ${index + 1}: ${run.measurement.failure ?? ''}`])),
  );
  if (failures.length > 0) lines.push('', 'Failed runs:', '', ...failures);
  return lines.join('\n');
}

export function startupJson(result: StartupResult): object {
  return {
    id: 's',
    title: 'start-up',
    probes: Object.fromEntries([...result.probes].map(([probe, runs]) => [probe, { runs, median: summarizeProbe(runs) }])),
    checks: startupChecks(result).map((check) => ({ ...check, met: startupCheckMet(check) })),
  };
}
