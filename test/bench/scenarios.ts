import type { ScenarioId } from './config.js';

/**
 * `curl-fsync` is curl followed by an fsync of the file: a peer that, like Peregrine, waits until the bytes are on disk.
 * `aria2c-k1M` is aria2c at its best on a throttled server: pieces of 1 MiB, so every one of 16 connections is used.
 * `peregrine-base` is another build of Peregrine (BENCH_BASELINE_CLI) run with Peregrine's command, alternating with
 * this one in the same sitting: the before and after of a change on the same machine state.
 * `got-floor` and `http-floor` (http-floor.ts) fetch the same files with got or bare node:http and write them as
 * durably as Peregrine does, with nothing else: what no engine built on that client can get under.
 */
export type ToolName = 'peregrine' | 'peregrine-base' | 'curl' | 'curl-fsync' | 'aria2c' | 'aria2c-k1M' | 'got-floor' | 'http-floor' | 'queue-floor';

/** How Peregrine compares with a peer, as a ratio of Peregrine's median to the peer's. */
export type Target =
  /** Peregrine MiB/s ÷ peer MiB/s */
  | { readonly kind: 'throughput'; readonly peer: ToolName; readonly atLeast: number }
  /** Peregrine CPU seconds ÷ peer CPU seconds */
  | { readonly kind: 'cpu'; readonly peer: ToolName; readonly atMost: number }
  /** Peregrine wall seconds ÷ peer wall seconds */
  | { readonly kind: 'wall'; readonly peer: ToolName; readonly atMost: number }
  /** Peregrine's own MiB/s against a fixed ceiling (the throttle's sum) */
  | { readonly kind: 'ceiling'; readonly ceilingMibPerSecond: number; readonly atLeast: number }
  /** Peregrine's own peak RSS */
  | { readonly kind: 'rss'; readonly atMostMb: number };

export interface Scenario {
  readonly id: ScenarioId;
  readonly title: string;
  readonly location: 'fast' | 'slow';
  /**
   * One command line per tool, split on spaces. Placeholders: $URL the file's
   * address, $NAME its file name, $URLS every address as separate arguments,
   * $LIST a file with one address per line, $OUT the (emptied) output folder,
   * $DB a fresh Peregrine database. `peregrine` is this checkout's CLI run by node.
   */
  readonly commands: Readonly<Partial<Record<ToolName, string>>>;
  /** Peer ratios worth a line of their own even without a target. */
  readonly ratio: 'throughput' | 'wall';
  readonly targets: readonly Target[];
  /** Printed under the table: what the figures cannot show by themselves. */
  readonly notes: readonly string[];
}

const floorNote =
  'got-floor and http-floor are a few lines of Node fetching the same files with got or bare node:http (keep-alive), writing each under .part with fdatasync, renaming it and fsyncing the folder: Peregrine\'s durability with no queue, database, checks or CLI. Their ratios to the peer bound what Peregrine can reach while got stays its client.';

/** The single place that says what each tool runs in each scenario, and what Peregrine must reach. */
export const scenarios: Readonly<Record<ScenarioId, Scenario>> = {
  a: {
    id: 'a',
    title: 'one large file from the fast location',
    location: 'fast',
    commands: {
      // Single-connection speed, as the peers run it: on loopback one connection is bound by one core, so more only cost CPU.
      peregrine: 'peregrine get $URL -c 1 -d $OUT --db $DB -q',
      curl: 'curl -sS -f -o $OUT/$NAME $URL',
      'curl-fsync': 'curl-fsync $OUT/$NAME $URL',
      aria2c: 'aria2c -q -x1 -s1 -d $OUT $URL',
      'got-floor': 'got-floor $LIST $OUT 1',
      'http-floor': 'http-floor $LIST $OUT 1',
    },
    ratio: 'throughput',
    targets: [
      { kind: 'throughput', peer: 'curl-fsync', atLeast: 0.8 },
      { kind: 'throughput', peer: 'aria2c', atLeast: 1.0 },
      { kind: 'cpu', peer: 'aria2c', atMost: 1.0 },
      { kind: 'rss', atMostMb: 80 },
    ],
    notes: [
      'Peregrine fsyncs the file (every second and before the rename); the peers do not.',
      'curl-fsync is curl then `sync FILE` (an fsync of the file): what the same download costs when it must be on disk before it counts, as Peregrine makes sure. It is the fair peer for throughput; plain curl is shown for reference.',
floorNote,
      'Peregrine runs with -c 1 like the peers (aria2c -x1 -s1): the figure is single-connection speed. Its default of 8 connections costs more CPU on loopback and gains nothing there.',
    ],
  },
  b: {
    id: 'b',
    title: 'one file from the location throttled to 8 MiB/s per connection',
    location: 'slow',
    commands: {
      peregrine: 'peregrine get $URL -c 16 -d $OUT --db $DB -q',
      curl: 'curl -sS -f -o $OUT/$NAME $URL',
      aria2c: 'aria2c -q -x16 -s16 -d $OUT $URL',
      'aria2c-k1M': 'aria2c-k1M -q -x16 -s16 -k1M -d $OUT $URL',
      'got-floor': 'got-floor ranges $URL $OUT 16',
      'http-floor': 'http-floor ranges $URL $OUT 16',
    },
    ratio: 'throughput',
    targets: [
      { kind: 'throughput', peer: 'aria2c-k1M', atLeast: 1.0 },
      { kind: 'ceiling', ceilingMibPerSecond: 128, atLeast: 0.9 },
    ],
    notes: [
      'The ceiling is 16 × 8 MiB/s = 128 MiB/s; the target is at least 90 % of it (115.2 MiB/s).',
      "aria2c's default --min-split-size=20M splits a file into at most size / 20 MiB pieces: 200 MiB gets 10 connections, not 16. aria2c-k1M (-k1M) uses all 16: its best setting, and the peer of the target.",
      'got-floor and http-floor fetch the file as 16 ranges with got or bare node:http: a first request for `bytes=0-` reveals the size and is read for the first range, the other 15 are asked for at once, each written at its offset in one `.part` (1 MiB writes, one fdatasync every 250 ms for all, and at the end), then renamed and the folder fsynced — Peregrine\'s way with no database, rebalancing, checks or CLI. Their ratio to the ceiling bounds what Peregrine can reach on this machine: the start of a Node process and of 16 requests comes before the first byte of most ranges.',
    ],
  },
  c: {
    id: 'c',
    title: 'many small files through the queue, 8 at a time',
    location: 'fast',
    commands: {
      peregrine: 'peregrine get -i $LIST -j 8 -d $OUT --db $DB -q',
      curl: 'curl -sS -f --parallel --parallel-max 8 --output-dir $OUT --remote-name-all $URLS',
      aria2c: 'aria2c -q -i $LIST -j 8 -d $OUT',
      'got-floor': 'got-floor $LIST $OUT 8',
      'http-floor': 'http-floor $LIST $OUT 8',
      'queue-floor': 'queue-floor $LIST $OUT $DB 8',
    },
    ratio: 'wall',
    targets: [
      { kind: 'wall', peer: 'aria2c', atMost: 1.0 },
      { kind: 'cpu', peer: 'aria2c', atMost: 1.5 },
      { kind: 'rss', atMostMb: 80 },
    ],
    notes: [
      floorNote,
      "queue-floor is got-floor plus the least a queue must write and check so that a kill at any instant loses nothing and never takes another program's file, in the engine's order: the claim committed; the final name looked up, `.part` created exclusively and its name committed before the first byte; the body fdatasync'ed and committed as whole; the `.part` checked, linked to its name, removed; the folder fsynced and the completion committed (both shared by downloads finishing together). No queue order, lease, events, views or CLI (queue-floor.ts). Its ratio bounds what an engine keeping Peregrine's promises with got and SQLite can reach.",
      'Per file: the median wall time and CPU time of the whole run divided by the number of files (8 run at a time, so wall per file is not one file\'s latency).',
    ],
  },
};

export interface CommandValues {
  readonly program: (tool: ToolName) => readonly string[];
  readonly urls: readonly string[];
  readonly list: string;
  readonly out: string;
  readonly db: string;
}

/** Turns a command template into argv. */
export function expandCommand(tool: ToolName, template: string, values: CommandValues): string[] {
  const [program, ...words] = template.split(' ');
  if (program !== tool && !(tool === 'peregrine-base' && program === 'peregrine')) throw new Error(`the ${tool} command must start with "${tool}": ${template}`);
  const first = values.urls[0] ?? '';
  const single: Readonly<Record<string, string>> = {
    $URL: first,
    $NAME: decodeURIComponent(new URL(first).pathname.split('/').at(-1) ?? ''),
    $LIST: values.list,
    $OUT: values.out,
    $DB: values.db,
  };
  const expanded = words.flatMap((word) =>
    word === '$URLS'
      ? values.urls
      : [
          word.replace(/\$[A-Z]+/g, (name) => {
            const value = single[name];
            if (value === undefined) throw new Error(`unknown placeholder ${name} in: ${template}`);
            return value;
          }),
        ],
  );
  return [...values.program(tool), ...expanded];
}
