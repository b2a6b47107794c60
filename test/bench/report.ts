import type { Measurement } from './measure.js';
import type { Scenario, Target, ToolName } from './scenarios.js';

export interface ToolResult {
  readonly tool: ToolName;
  readonly command: string;
  readonly runs: readonly Measurement[];
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly fileCount: number;
  readonly totalBytes: number;
  readonly tools: readonly ToolResult[];
  /** Peers that were wanted but not found. */
  readonly missing: readonly ToolName[];
}

export interface Summary {
  readonly okRuns: number;
  readonly runs: number;
  readonly wallSeconds: number | undefined;
  readonly mibPerSecond: number | undefined;
  readonly cpuSeconds: number | undefined;
  readonly peakRssMb: number | undefined;
  /** The 1-minute load average as the runs ended. */
  readonly loadAverage: number | undefined;
}

export interface Check {
  readonly label: string;
  readonly value: number | undefined;
  readonly target: string;
  /** undefined when it could not be judged (peer missing or failed). */
  readonly met: boolean | undefined;
}

const mib = 1 << 20;

export function summarize(result: ToolResult, totalBytes: number): Summary {
  const ok = result.runs.filter((run) => run.ok);
  const wallSeconds = median(ok.map((run) => run.wallSeconds));
  return {
    okRuns: ok.length,
    runs: result.runs.length,
    wallSeconds,
    mibPerSecond: wallSeconds === undefined ? undefined : totalBytes / mib / wallSeconds,
    cpuSeconds: median(ok.flatMap((run) => (run.cpuSeconds === undefined ? [] : [run.cpuSeconds]))),
    peakRssMb: median(ok.flatMap((run) => (run.peakRssMb === undefined ? [] : [run.peakRssMb]))),
    loadAverage: median(ok.map((run) => run.loadAverage)),
  };
}

/** Every target of the scenario, plus the scenario's headline ratio to each peer even where it has no target. */
export function checks(result: ScenarioResult): Check[] {
  const summaries = new Map(result.tools.map((tool) => [tool.tool, summarize(tool, result.totalBytes)]));
  const ours = summaries.get('peregrine');
  const list: Check[] = [];
  for (const { tool: peer } of result.tools.filter((tool) => tool.tool !== 'peregrine')) {
    const targets = result.scenario.targets.filter((target): target is PeerTarget => isPeerTarget(target) && target.peer === peer);
    // Against the build before a change, every figure is worth its ratio.
    const base: PeerTarget['kind'][] = peer === 'peregrine-base' ? ['throughput', 'wall', 'cpu'] : [];
    const kinds = new Set([result.scenario.ratio, ...targets.map((target) => target.kind), ...base]);
    for (const kind of kinds) {
      list.push(peerCheck(kind, peer, ours, summaries.get(peer), targets.find((target) => target.kind === kind)));
    }
  }
  // A floor's own ratio to each target's peer: how near the target any engine on that client could come.
  for (const { tool: floor } of result.tools.filter((tool) => floorTools.includes(tool.tool))) {
    for (const target of result.scenario.targets.filter(isPeerTarget)) {
      const value = ratio(floorMetric(target.kind, summaries.get(floor)), floorMetric(target.kind, summaries.get(target.peer)));
      const limit = target.kind === 'throughput' ? `≥ ${target.atLeast}×` : `≤ ${target.atMost}×`;
      list.push({ label: `${labelOf[target.kind]} ${floor} / ${target.peer} (the floor under the target ${limit})`, value, target: 'none', met: undefined });
    }
  }
  for (const target of result.scenario.targets) {
    if (target.kind === 'rss') {
      const value = ours?.peakRssMb;
      list.push({ label: 'Peregrine peak RSS (MiB)', value, target: `≤ ${target.atMostMb}`, met: value === undefined ? undefined : value <= target.atMostMb });
    }
    if (target.kind === 'ceiling') {
      const value = ours?.mibPerSecond === undefined ? undefined : ours.mibPerSecond / target.ceilingMibPerSecond;
      const label = `throughput Peregrine / the ${target.ceilingMibPerSecond} MiB/s ceiling`;
      list.push({ label, value, target: `≥ ${target.atLeast}×`, met: value === undefined ? undefined : value >= target.atLeast });
      for (const { tool: floor } of result.tools.filter((tool) => floorTools.includes(tool.tool))) {
        const reached = summaries.get(floor)?.mibPerSecond;
        list.push({
          label: `throughput ${floor} / the ${target.ceilingMibPerSecond} MiB/s ceiling (the floor under the target ≥ ${target.atLeast}×)`,
          value: reached === undefined ? undefined : reached / target.ceilingMibPerSecond,
          target: 'none',
          met: undefined,
        });
      }
    }
  }
  return list;
}

type PeerTarget = Extract<Target, { peer: ToolName }>;

/** Scripts that fetch the same files with the engine's HTTP client and Peregrine's durability (queue-floor: and its crash safety), and nothing else. */
const floorTools: readonly ToolName[] = ['got-floor', 'http-floor', 'queue-floor'];

function floorMetric(kind: PeerTarget['kind'], summary: Summary | undefined): number | undefined {
  return summary && metricOf[kind](summary);
}

function isPeerTarget(target: Target): target is PeerTarget {
  return 'peer' in target;
}

const metricOf: Readonly<Record<PeerTarget['kind'], (summary: Summary) => number | undefined>> = {
  throughput: (summary) => summary.mibPerSecond,
  wall: (summary) => summary.wallSeconds,
  cpu: (summary) => summary.cpuSeconds,
};

const labelOf: Readonly<Record<PeerTarget['kind'], string>> = { throughput: 'throughput', wall: 'wall time', cpu: 'CPU seconds' };

function peerCheck(kind: PeerTarget['kind'], peer: ToolName, ours: Summary | undefined, theirs: Summary | undefined, target: PeerTarget | undefined): Check {
  const value = ratio(ours && metricOf[kind](ours), theirs && metricOf[kind](theirs));
  const label = `${labelOf[kind]} Peregrine / ${peer}`;
  if (target === undefined) return { label, value, target: 'none', met: undefined };
  const [relation, limit] = target.kind === 'throughput' ? (['≥', target.atLeast] as const) : (['≤', target.atMost] as const);
  const met = value === undefined ? undefined : relation === '≥' ? value >= limit : value <= limit;
  return { label, value, target: `${relation} ${limit}×`, met };
}

function ratio(ours: number | undefined, theirs: number | undefined): number | undefined {
  return ours === undefined || theirs === undefined || theirs === 0 ? undefined : ours / theirs;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

export function scenarioMarkdown(result: ScenarioResult): string {
  const { scenario } = result;
  const size = result.fileCount === 1 ? formatBytes(result.totalBytes) : `${result.fileCount} × ${formatBytes(result.totalBytes / result.fileCount)}`;
  const perFile = result.fileCount > 1;
  const lines = [
    `## (${scenario.id}) ${size}: ${scenario.title}`,
    '',
    `| tool | runs ok | wall s | MiB/s | CPU s | peak RSS MiB |${perFile ? ' wall ms/file | CPU ms/file |' : ''} load |`,
    `|---|---:|---:|---:|---:|---:|${perFile ? '---:|---:|' : ''}---:|`,
  ];
  const perFileMs = (seconds: number | undefined): string => fixed(seconds === undefined ? undefined : (seconds * 1000) / result.fileCount, 2);
  for (const tool of result.tools) {
    const summary = summarize(tool, result.totalBytes);
    const extra = perFile ? ` ${perFileMs(summary.wallSeconds)} | ${perFileMs(summary.cpuSeconds)} |` : '';
    lines.push(
      `| ${tool.tool} | ${summary.okRuns}/${summary.runs} | ${fixed(summary.wallSeconds, 2)} | ${fixed(summary.mibPerSecond, 1)} | ${fixed(summary.cpuSeconds, 2)} | ${fixed(summary.peakRssMb, 1)} |${extra} ${fixed(summary.loadAverage, 2)} |`,
    );
  }
  lines.push('', 'Medians of the successful runs; MiB/s is the size over the median wall time; load is the 1-minute load average as each run ended.', '');
  for (const item of checks(result)) lines.push(`- ${checkLine(item)}`);
  for (const tool of result.missing) lines.push(`- ${tool}: not installed, skipped`);
  lines.push('', 'Commands:', '');
  for (const tool of result.tools) lines.push(`- \`${tool.command}\``);
  for (const note of scenario.notes) lines.push('', `Note: ${note}`);
  const failures = result.tools.flatMap((tool) => tool.runs.flatMap((run, index) => (run.ok ? [] : [`- ${tool.tool} run ${index + 1}: ${run.failure ?? ''}`])));
  if (failures.length > 0) lines.push('', 'Failed runs:', '', ...failures);
  return lines.join('\n');
}

/** `label: value (target …) ✓`; a check without a target has no mark, one that could not be judged a dash. */
export function checkLine(item: Check): string {
  const mark = item.met === undefined ? (item.target === 'none' ? '' : ' –') : item.met ? ' ✓' : ' ✗';
  const target = item.target === 'none' ? '' : ` (target ${item.target})`;
  const value = item.value === undefined ? 'n/a' : item.label.includes('RSS') ? fixed(item.value, 1) : `${fixed(item.value, 2)}×`;
  return `${item.label}: ${value}${target}${mark}`;
}

function fixed(value: number | undefined, digits: number): string {
  return value === undefined ? 'n/a' : value.toFixed(digits);
}

function formatBytes(bytes: number): string {
  for (const [unit, size] of [['GiB', 1 << 30], ['MiB', mib], ['KiB', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} B`;
}
