/** What queue-probe.js prints, one JSON line per probe, and the shape of the store it seeds. */

export type ProbeKind = 'seed' | 'add' | 'open' | 'scheduler';

export interface AddFigures {
  readonly addMs: number;
  readonly heapGrowthMb: number;
  readonly peakRssKb: number;
}

export interface OpenFigures {
  /** openDatabase + both stores + the first nextQueued(8). */
  readonly openMs: number;
  /** list() of every task, after the open. */
  readonly listMs: number;
  readonly listed: number;
  /** Heap after the open, then with the whole list held. */
  readonly heapGrowthOpenMb: number;
  readonly heapGrowthListMb: number;
  readonly peakRssKb: number;
}

export interface SchedulerFigures {
  readonly queued: number;
  readonly running: number;
  readonly windowMs: number;
  /** user + system CPU of the whole process (queue, engine and the drip server) per second of the window. */
  readonly cpuMsPerSecond: number;
  /** TaskStore calls per second during the window, by method: what each tick costs the database. */
  readonly storeCallsPerSecond: Readonly<Record<string, number>>;
  readonly bytesPerSecond: number;
  readonly peakRssKb: number;
}

/** What `open` reads: this many tasks, `segmentedTasks` of them with `segmentsPerTask` rows in `segments`. */
export const seedShape = { segmentedTasks: 2_000, segmentsPerTask: 8 } as const;
