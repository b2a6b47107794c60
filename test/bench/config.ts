/** What one `npm run bench` measures, read from the environment so quick runs need no code change. */
export interface BenchConfig {
  /** BENCH_QUICK=1: fewer runs and smaller sizes, for trying a change; its figures are not the issue's. */
  readonly quick: boolean;
  readonly runs: number;
  readonly scenarios: readonly BenchScenarioId[];
  readonly sizeA: number;
  readonly sizeB: number;
  readonly filesC: number;
  readonly fileSizeC: number;
  /** Another build of the CLI to measure instead of this checkout's dist/. */
  readonly peregrineCli: string | undefined;
  /** A second build (the one before a change), run alternately with the first in scenarios s, a, b and c. */
  readonly baselineCli: string | undefined;
}

/** The scenarios that race peers on nginx's files (scenarios.ts). */
export type ScenarioId = 'a' | 'b' | 'c';
/** Those, plus s: start-up (startup.ts), and q: the queue at scale, measured in Peregrine's own processes (queue-scale.ts). */
export type BenchScenarioId = ScenarioId | 's' | 'q';

const scenarioIds: readonly BenchScenarioId[] = ['s', 'a', 'b', 'c', 'q'];
const mib = 1 << 20;

export function readConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const quick = env['BENCH_QUICK'] === '1';
  return {
    quick,
    // The figures are medians of at least 5 runs.
    runs: wholeNumber(env, 'BENCH_RUNS', quick ? 2 : 5, 1, 20),
    scenarios: scenarioList(env['BENCH_SCENARIOS']),
    sizeA: byteSize(env, 'BENCH_SIZE_A', (quick ? 256 : 1024) * mib),
    sizeB: byteSize(env, 'BENCH_SIZE_B', (quick ? 64 : 200) * mib),
    filesC: wholeNumber(env, 'BENCH_FILES_C', quick ? 100 : 500, 1, 10_000),
    fileSizeC: 64 * 1024,
    peregrineCli: env['BENCH_PEREGRINE_CLI'] || undefined,
    baselineCli: env['BENCH_BASELINE_CLI'] || undefined,
  };
}

function scenarioList(text: string | undefined): BenchScenarioId[] {
  if (text === undefined || text.trim() === '') return [...scenarioIds];
  const chosen = text.split(',').map((part) => part.trim().toLowerCase());
  for (const id of chosen) {
    if (!scenarioIds.includes(id as BenchScenarioId)) throw new Error(`BENCH_SCENARIOS: unknown scenario "${id}" (expected s, a, b, c or q)`);
  }
  return scenarioIds.filter((id) => chosen.includes(id));
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name}: expected a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

const units: Readonly<Record<string, number>> = { '': 1, k: 1024, m: mib, g: 1024 * mib };

/** `65536`, `64k`, `200m`, `1g` (binary units, as nginx reads them). */
function byteSize(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const match = /^(\d+)\s*([kmg]?)i?b?$/i.exec(text.trim());
  const unit = units[match?.[2]?.toLowerCase() ?? ''];
  if (match?.[1] === undefined || unit === undefined || Number(match[1]) === 0) {
    throw new Error(`${name}: expected a size such as 64m or 1g, got "${text}"`);
  }
  return Number(match[1]) * unit;
}
