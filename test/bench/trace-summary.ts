/**
 * What a Chromium trace says a stretch of frames cost, per thread kind: the
 * busy time and the events that took it (self time, so nested events are not
 * counted twice), each divided by the number of frames. Enough to tell script
 * from style, layout, paint and raster without opening DevTools.
 */

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: { readonly name?: string };
}

export interface ThreadCost {
  /** Milliseconds per frame spent in top-level events. */
  readonly busyMs: number;
  /** The costliest events by self time, milliseconds per frame. */
  readonly top: Record<string, number>;
}

/** CrRendererMain, Compositor, CompositorTileWorker1 and 2 (one kind), VizCompositorThread… */
function threadKind(name: string): string {
  return name.replace(/\d+$/, '').replace(/\/.*$/, '');
}

export function summarizeTrace(traceJson: string, frames: number, topCount = 8): Record<string, ThreadCost> {
  const parsed = JSON.parse(traceJson) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const names = new Map<string, string>();
  for (const event of events) if (event.ph === 'M' && event.name === 'thread_name') names.set(`${event.pid}:${event.tid}`, event.args?.name ?? '?');

  // Complete events per thread; a B/E pair becomes one complete event.
  const byThread = new Map<string, { start: number; end: number; name: string }[]>();
  const open = new Map<string, TraceEvent[]>();
  for (const event of events) {
    const thread = `${event.pid}:${event.tid}`;
    const list = byThread.get(thread) ?? [];
    byThread.set(thread, list);
    if (event.ph === 'X' && event.dur !== undefined) list.push({ start: event.ts, end: event.ts + event.dur, name: event.name });
    else if (event.ph === 'B') open.set(thread, [...(open.get(thread) ?? []), event]);
    else if (event.ph === 'E') {
      const begun = open.get(thread)?.pop();
      if (begun !== undefined) list.push({ start: begun.ts, end: event.ts, name: begun.name });
    }
  }

  const kinds = new Map<string, { busy: number; self: Map<string, number> }>();
  for (const [thread, list] of byThread) {
    if (list.length === 0) continue;
    const kind = threadKind(names.get(thread) ?? 'unnamed');
    const cost = kinds.get(kind) ?? { busy: 0, self: new Map<string, number>() };
    kinds.set(kind, cost);
    list.sort((a, b) => a.start - b.start || b.end - a.end);
    // A stack of the events that enclose the current one; each event's self time is its length minus its children's.
    const stack: { end: number; name: string; children: number; length: number }[] = [];
    const close = (until: number): void => {
      while (stack.length > 0 && (stack.at(-1)?.end ?? Infinity) <= until) {
        const done = stack.pop();
        if (done === undefined) break;
        cost.self.set(done.name, (cost.self.get(done.name) ?? 0) + done.length - done.children);
      }
    };
    for (const event of list) {
      close(event.start);
      const length = event.end - event.start;
      const parent = stack.at(-1);
      if (parent === undefined) cost.busy += length;
      else parent.children += Math.min(length, parent.end - event.start);
      stack.push({ end: event.end, name: event.name, children: 0, length });
    }
    close(Infinity);
  }

  const perFrame = (microseconds: number): number => Number((microseconds / 1000 / Math.max(1, frames)).toFixed(2));
  const result: Record<string, ThreadCost> = {};
  for (const [kind, cost] of [...kinds].sort((a, b) => b[1].busy - a[1].busy)) {
    if (perFrame(cost.busy) < 0.05) continue;
    const top = [...cost.self].sort((a, b) => b[1] - a[1]).slice(0, topCount);
    result[kind] = { busyMs: perFrame(cost.busy), top: Object.fromEntries(top.map(([name, time]) => [name, perFrame(time)])) };
  }
  return result;
}

/**
 * Main-thread CPU (thread time, not wall time) of the page's renderer until
 * its first contentful paint: the top-level tasks that began before it. A
 * trace rather than a CDP clock, because the clock can only be read after
 * the fact, when work queued behind the paint has run too. Null without a
 * first paint in the trace.
 */
export function cpuUntilFirstPaint(traceJson: string): number | null {
  const parsed = JSON.parse(traceJson) as { traceEvents?: (TraceEvent & { tdur?: number })[] } | (TraceEvent & { tdur?: number })[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const paint = events.find((event) => event.name === 'firstContentfulPaint');
  if (paint === undefined) return null;
  const tasks = events
    .filter((event) => event.pid === paint.pid && event.tid === paint.tid && event.ph === 'X' && event.name === 'ThreadControllerImpl::RunTask' && event.ts < paint.ts)
    .sort((a, b) => a.ts - b.ts);
  let busy = 0;
  let end = 0;
  for (const task of tasks) {
    if (task.ts < end) continue;
    busy += task.tdur ?? task.dur ?? 0;
    end = task.ts + (task.dur ?? 0);
  }
  return Math.round(busy / 1000);
}
