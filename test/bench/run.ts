/**
 * `npm run bench`: Peregrine's CLI against curl and aria2c on the same files
 * from a local nginx, alternating, verifying every sha256; prints and writes
 * (dist/bench/report.md, report.json) medians, ratios, and every target with
 * ✓ or ✗ against the peers measured in the same run.
 *
 * Scenario s times start-up (startup.ts); scenario q measures the queue at
 * scale in Peregrine's own processes (queue-scale.ts); neither needs nginx.
 *
 * Environment: BENCH_QUICK=1 (2 runs, 256m, 64m, 100 files: for trying a
 * change), BENCH_RUNS (5), BENCH_SCENARIOS (s,a,b,c,q), BENCH_SIZE_A (1g),
 * BENCH_SIZE_B (200m), BENCH_FILES_C (500), BENCH_PEREGRINE_CLI (another
 * build's CLI; default the package's bin, dist/cli/peregrine.cjs),
 * BENCH_BASELINE_CLI (a second build, say the one before a change, run as
 * `peregrine-base` alternately with the first: before/after in one sitting).
 * Every run line and table shows the machine's load average.
 * Exit 1 when a run failed or an output was wrong.
 * What each tool runs, and the targets, are in scenarios.ts.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { onCleanup, runCleanups } from './cleanup.js';
import { readConfig, type BenchConfig, type ScenarioId } from './config.js';
import { droppedEnvironment, measure, type Measurement } from './measure.js';
import { slowRateBytes, startNginx } from './nginx.js';
import { queueScaleJson, queueScaleMarkdown, runQueueScale, type QueueScaleResult } from './queue-scale.js';
import { checkLine, checks, scenarioMarkdown, summarize, type ScenarioResult, type ToolResult } from './report.js';
import { expandCommand, scenarios, type Scenario, type ToolName } from './scenarios.js';
import { runServiceBench, serviceBenchMarkdown, type ServiceBenchResult } from './service-bench.js';
import { writeRandomFile, type TestFile } from './test-files.js';
import { runStartup, startupCheckMet, startupChecks, startupJson, startupMarkdown, type StartupResult } from './startup.js';
import { findTools, which, type Tool } from './tools.js';
import { outputProblems } from './verify-output.js';

const run = promisify(execFile);
const mib = 1 << 20;
const log = (line: string): void => void process.stdout.write(`${line}\n`);

/** A wrong byte in any tool's output: the figures cannot be trusted, so the bench stops. */
class VerificationError extends Error {}

interface Context {
  readonly config: BenchConfig;
  readonly work: string;
  readonly origin: string;
  readonly programs: ReadonlyMap<ToolName, readonly string[]>;
  readonly timeBinary: string | undefined;
}

async function main(): Promise<number> {
  const config = readConfig(process.env);
  const root = repoRoot();
  const cli = path.resolve(config.peregrineCli ?? path.join(root, 'dist/cli/peregrine.cjs'));
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build (or npm run bench, which builds)`);
  const baseCli = config.baselineCli === undefined ? undefined : path.resolve(config.baselineCli);
  if (baseCli !== undefined && !existsSync(baseCli)) throw new Error(`BENCH_BASELINE_CLI: ${baseCli} is missing`);
  const work = await mkdtemp(path.join(os.tmpdir(), 'peregrine-bench-'));
  onCleanup(() => rmSync(work, { recursive: true, force: true }));
  log(`bench: working in ${work}; ${config.runs} run(s) per tool; scenarios ${config.scenarios.join(', ')}${config.quick ? ' (quick mode)' : ''}`);
  log(`bench: load average ${loadAverages()} on ${os.cpus().length} cores${baseCli === undefined ? '' : `; baseline ${baseCli}`}`);
  const timeBinary = await which('time');
  const startup = config.scenarios.includes('s') ? await runStartup({ runs: config.runs, work, cli, baseCli, curl: await which('curl'), timeBinary, log }) : undefined;
  if (startup !== undefined) log(`\n${startupMarkdown(startup)}\n`);
  const peerIds = config.scenarios.filter((id): id is ScenarioId => id !== 'q' && id !== 's');
  const peers = peerIds.length > 0 ? await runPeerScenarios(config, peerIds, cli, baseCli, work) : { found: new Map<string, Tool | undefined>(), results: [] };
  const queue = config.scenarios.includes('q') ? await runQueueScale(config.runs, work, log) : undefined;
  if (queue !== undefined) log(`\n${queueScaleMarkdown(queue)}\n`);
  // The service at scale (service-bench.ts), part of q.
  const service = config.scenarios.includes('q') ? await runServiceBench() : undefined;
  if (service !== undefined) log(`\n${serviceBenchMarkdown(service)}\n`);
  log(`\n${targetsMarkdown(peers.results, startup)}\n`);
  await writeReport(root, config, cli, baseCli, peers.found, peers.results, startup, queue, service);
  runCleanups();
  const failedRuns = peers.results.some((result) => result.tools.some((tool) => tool.runs.some((one) => !one.ok)));
  const failedStarts = [...(startup?.probes.values() ?? [])].some((runs) => runs.some((one) => !one.measurement.ok));
  return failedRuns || failedStarts || (queue?.failures.length ?? 0) > 0 ? 1 : 0;
}

/** Every target of the issue in one list, each with its ratio against the peer measured in this same run. */
function targetsMarkdown(results: readonly ScenarioResult[], startup: StartupResult | undefined): string {
  const lines = ['## Targets', ''];
  for (const result of results) {
    for (const item of checks(result).filter((check) => check.target !== 'none')) lines.push(`- (${result.scenario.id}) ${checkLine(item)}`);
  }
  for (const item of startup === undefined ? [] : startupChecks(startup)) {
    const met = startupCheckMet(item);
    lines.push(`- (s) ${item.label}: ${item.valueMs === undefined ? 'n/a' : item.valueMs.toFixed(0)} ms (target ≤ ${item.limitMs} ms)${met === undefined ? ' –' : met ? ' ✓' : ' ✗'}`);
  }
  if (lines.length === 2) lines.push('(no scenario with targets was run)');
  return lines.join('\n');
}

/** Scenarios a, b and c: Peregrine's CLI and its peers on the same files from a local nginx. */
async function runPeerScenarios(
  config: BenchConfig,
  ids: readonly ScenarioId[],
  cli: string,
  baseCli: string | undefined,
  work: string,
): Promise<{ found: Map<string, Tool | undefined>; results: ScenarioResult[] }> {
  const found = await findTools(
    [
      { command: 'nginx', packages: ['nginx-light', 'nginx'], versionFlag: '-v' },
      { command: 'time', packages: ['time'], versionFlag: '--version' },
      { command: 'curl', packages: ['curl'], versionFlag: '--version' },
      { command: 'aria2c', packages: ['aria2'], versionFlag: '--version' },
    ],
    log,
  );
  const nginx = found.get('nginx');
  if (nginx === undefined) throw new Error('nginx is required: install it (apt-get install nginx-light) or run the bench as root');
  const timeBinary = found.get('time')?.path;
  if (timeBinary === undefined) log('bench: without GNU time only wall times are measured (no CPU seconds or peak RSS)');

  const programs = new Map<ToolName, readonly string[]>([['peregrine', [process.execPath, cli]]]);
  if (baseCli !== undefined) programs.set('peregrine-base', [process.execPath, baseCli]);
  for (const peer of ['curl', 'aria2c'] as const) {
    const tool = found.get(peer);
    if (tool !== undefined) programs.set(peer, [tool.path]);
  }
  const aria2c = found.get('aria2c');
  if (aria2c !== undefined) programs.set('aria2c-k1M', [aria2c.path]);
  const curl = found.get('curl');
  // Arguments: the output file, then the URL. coreutils' `sync FILE` fsyncs that file.
  if (curl !== undefined) programs.set('curl-fsync', ['sh', '-c', `"${curl.path}" -sS -f -o "$1" "$2" && sync "$1"`, 'curl-fsync']);

  const floor = fileURLToPath(new URL('./http-floor.js', import.meta.url));
  programs.set('got-floor', [process.execPath, floor, 'got']);
  programs.set('http-floor', [process.execPath, floor, 'http']);
  programs.set('queue-floor', [process.execPath, fileURLToPath(new URL('./queue-floor.js', import.meta.url))]);

  const files = await generateFiles(config, path.join(work, 'files'));
  const server = await startNginx(nginx.path, path.join(work, 'nginx'), path.join(work, 'files'));
  const context: Context = { config, work, origin: server.origin, programs, timeBinary };
  const results: ScenarioResult[] = [];
  try {
    for (const id of ids) {
      const result = await runScenario(scenarios[id], files.get(id) ?? [], context);
      results.push(result);
      log(`\n${scenarioMarkdown(result)}\n`);
    }
  } finally {
    await server.stop();
  }
  return { found, results };
}

async function generateFiles(config: BenchConfig, folder: string): Promise<Map<string, TestFile[]>> {
  const started = performance.now();
  const files = new Map<string, TestFile[]>();
  if (config.scenarios.includes('a')) files.set('a', [await writeRandomFile(folder, 'a.bin', config.sizeA)]);
  if (config.scenarios.includes('b')) files.set('b', [await writeRandomFile(folder, 'b.bin', config.sizeB)]);
  if (config.scenarios.includes('c')) {
    const small: TestFile[] = [];
    const digits = String(config.filesC - 1).length;
    for (let index = 0; index < config.filesC; index += 1) {
      small.push(await writeRandomFile(folder, `c/${String(index).padStart(digits, '0')}.bin`, config.fileSizeC));
    }
    files.set('c', small);
  }
  log(`bench: test files written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return files;
}

async function runScenario(scenario: Scenario, files: readonly TestFile[], context: Context): Promise<ScenarioResult> {
  const { config, work, origin, programs, timeBinary } = context;
  const totalBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const urls = files.map((file) => `${origin}/${scenario.location}/${file.name}`);
  const list = path.join(work, `${scenario.id}-urls.txt`);
  await writeFile(list, `${urls.join('\n')}\n`);
  const out = path.join(work, 'out');
  const dbFolder = path.join(work, 'db');
  await mkdir(dbFolder, { recursive: true });
  // Generous: four times what 20 MiB/s (or the throttle, on one connection) would take, plus a minute.
  const timeoutMs = 60_000 + (4_000 * totalBytes) / (scenario.location === 'slow' ? slowRateBytes : 20 * mib);

  // The baseline build runs Peregrine's command, right after it in each round.
  const ours = scenario.commands.peregrine;
  const commands: Partial<Record<ToolName, string>> =
    programs.has('peregrine-base') && ours !== undefined ? { peregrine: ours, 'peregrine-base': ours, ...scenario.commands } : scenario.commands;
  const tools = (Object.keys(commands) as ToolName[]).filter((tool) => programs.has(tool));
  const missing = (Object.keys(commands) as ToolName[]).filter((tool) => !programs.has(tool));
  const runs = new Map<ToolName, Measurement[]>(tools.map((tool) => [tool, []]));
  log(`\n(${scenario.id}) ${scenario.title}: ${files.length} file(s), ${(totalBytes / mib).toFixed(1)} MiB; tools ${tools.join(', ')}`);

  for (let round = 0; round < config.runs; round += 1) {
    // Alternate, and rotate who goes first, so drift in the machine's state is shared out.
    const order = [...tools.slice(round % tools.length), ...tools.slice(0, round % tools.length)];
    for (const tool of order) {
      await rm(out, { recursive: true, force: true });
      await mkdir(out);
      // Let writeback of the previous run finish so it does not slow this one.
      await run('sync');
      const db = path.join(dbFolder, `${scenario.id}-${round}-${tool}.sqlite`);
      const argv = expandCommand(tool, commands[tool] ?? '', { program: (name) => programs.get(name) ?? [name], urls, list, out, db });
      const measurement = await measure(argv, { timeoutMs, timeBinary, statsFile: path.join(work, 'time.txt') });
      runs.get(tool)?.push(measurement);
      log(`  run ${round + 1}/${config.runs} ${tool.padEnd(10)} ${measureLine(measurement, totalBytes)}`);
      if (measurement.ok) {
        const problems = await outputProblems(out, files);
        if (problems.length > 0) {
          throw new VerificationError(`(${scenario.id}) ${tool} exited 0 but its output is wrong:\n  ${problems.slice(0, 10).join('\n  ')}`);
        }
      }
    }
  }
  await rm(out, { recursive: true, force: true });
  const results: ToolResult[] = tools.map((tool) => ({ tool, command: commands[tool] ?? '', runs: runs.get(tool) ?? [] }));
  return { scenario, fileCount: files.length, totalBytes, tools: results, missing };
}

function measureLine(measurement: Measurement, totalBytes: number): string {
  if (!measurement.ok) return `FAILED ${measurement.failure ?? ''}`;
  const cpu = measurement.cpuSeconds === undefined ? '' : `  cpu ${measurement.cpuSeconds.toFixed(2)} s`;
  const rss = measurement.peakRssMb === undefined ? '' : `  rss ${measurement.peakRssMb.toFixed(1)} MiB`;
  return `${measurement.wallSeconds.toFixed(2)} s  ${(totalBytes / mib / measurement.wallSeconds).toFixed(1)} MiB/s${cpu}${rss}  load ${measurement.loadAverage.toFixed(2)}`;
}

/** The 1, 5 and 15-minute load averages. */
function loadAverages(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
}

async function writeReport(
  root: string,
  config: BenchConfig,
  cli: string,
  baseCli: string | undefined,
  found: ReadonlyMap<string, Tool | undefined>,
  results: readonly ScenarioResult[],
  startup: StartupResult | undefined,
  queue: QueueScaleResult | undefined,
  service: ServiceBenchResult | undefined,
): Promise<void> {
  const cpus = os.cpus();
  const environment = {
    date: new Date().toISOString(),
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memoryGiB: Math.round(os.totalmem() / (1 << 30)),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    peregrineCli: cli,
    baselineCli: baseCli ?? null,
    loadAverageAtEnd: os.loadavg(),
    tools: Object.fromEntries([...found].map(([name, tool]) => [name, tool === undefined ? null : tool.version])),
  };
  const header = [
    '# Peregrine benchmark',
    '',
    `${environment.date} · ${environment.cpu} · ${environment.memoryGiB} GiB · ${environment.kernel} · node ${environment.node} · load average at the end ${loadAverages()}`,
  ];
  if (results.length > 0) {
    header.push(
      '',
      [...found].map(([name, tool]) => `${name} ${tool === undefined ? 'not installed, skipped' : shortVersion(tool.version)}`).join(' · '),
      '',
      `Peregrine: ${path.relative(root, cli).startsWith('..') ? cli : path.relative(root, cli)}${baseCli === undefined ? '' : `; peregrine-base: ${baseCli}`}`,
      '',
      `${config.runs} run(s) per tool, alternating; nginx on 127.0.0.1 (sendfile, /slow/ limit_rate ${slowRateBytes >> 20}m per connection).`,
    );
  }
  const dropped = droppedEnvironment.filter((name) => process.env[name] !== undefined);
  if (dropped.length > 0) header.push('', `Commands run without ${dropped.join(', ')} (set here; it costs every Node process a CA bundle read at start, and the bench uses plain HTTP).`);
  if (config.quick) header.push('', 'Quick mode (BENCH_QUICK=1): fewer runs and smaller sizes than the issue\'s; for trying a change, not for the targets.');
  const sections = [header.join('\n'), targetsMarkdown(results, startup)];
  if (startup !== undefined) sections.push(startupMarkdown(startup));
  sections.push(...results.map((result) => scenarioMarkdown(result)));
  if (queue !== undefined) sections.push(queueScaleMarkdown(queue));
  if (service !== undefined) sections.push(serviceBenchMarkdown(service));
  const markdown = `${sections.join('\n\n')}\n`;
  const json = {
    environment,
    config,
    scenarios: results.map((result) => ({
      id: result.scenario.id,
      title: result.scenario.title,
      fileCount: result.fileCount,
      totalBytes: result.totalBytes,
      missing: result.missing,
      tools: result.tools.map((tool) => ({ ...tool, median: summarize(tool, result.totalBytes) })),
      checks: checks(result),
    })),
    startup: startup === undefined ? null : startupJson(startup),
    queueScale: queue === undefined ? null : queueScaleJson(queue),
    service: service ?? null,
  };
  const folder = path.join(root, 'dist', 'bench');
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'report.md'), markdown);
  await writeFile(path.join(folder, 'report.json'), `${JSON.stringify(json, null, 2)}\n`);
  log(`bench: report written to ${path.relative(process.cwd(), path.join(folder, 'report.md'))} and report.json`);
}

/** `curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/…` → `7.88.1` */
function shortVersion(line: string): string {
  return /\d+\.\d+(?:\.\d+)?/.exec(line)?.[0] ?? 'installed';
}

/** The checkout's root, found from this file so the bench runs from any folder and any build output path. */
function repoRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 10; depth += 1) {
    const manifest = path.join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'peregrine') return folder;
    folder = path.dirname(folder);
  }
  throw new Error('cannot find the Peregrine checkout above this script');
}

try {
  process.exitCode = await main();
} catch (error) {
  runCleanups();
  const loud = error instanceof VerificationError ? 'BENCH FAILED: verification' : 'BENCH FAILED';
  process.stderr.write(`\n${loud}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
