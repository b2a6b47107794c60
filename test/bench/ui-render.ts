/**
 * `npm run bench:ui`: the built renderer in Debian's Chromium with 10,000
 * tasks, 50 of them progressing. The page is fed through the same seam the
 * Electron preload uses (window.peregrine, a ContractClient), by a scripted
 * client, so only the renderer is measured: time to the first row, main-thread
 * time per progress batch, frame times while scrolling the whole list, rows
 * in the DOM, JS heap. Wall times suffer on a loaded machine; the main
 * thread's CPU time per batch and per frame (CDP ThreadTime) much less.
 *
 * Beside the list's figures, the same run measures their floor: the same
 * page (the app's DOM and CSS, copied mid-scroll) scrolled the same way with
 * a static, non-React list of the same rows moved into view by a few lines
 * of script, and once with no rows at all. Headless Chromium paints and
 * composites in software, so much of a frame is that floor; what lies above
 * it is ours. Prints one JSON line.
 *
 * UI_BENCH_RENDERER=<dir> measures another build of the renderer (to compare
 * two builds in one sitting on a busy machine); UI_BENCH_PROFILE=<file> saves
 * a CPU profile of the scroll (.cpuprofile, opens in Chromium's DevTools);
 * UI_BENCH_SCREENSHOTS=<dir> saves the 10,000-row window, light, dark and narrow;
 * UI_BENCH_TRACE=<dir> traces the app's and the floor's scroll and the progress
 * batches (.json, opens in DevTools' Performance panel) and adds per-frame
 * costs by thread and event to the output.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { chromiumPath } from '../e2e/ui-harness.js';
import { serveFolder } from '../fixtures/serve-folder.js';
import { cpuUntilFirstPaint, summarizeTrace, type ThreadCost } from './trace-summary.js';

const rendererDir = path.resolve(process.env.UI_BENCH_RENDERER ?? fileURLToPath(new URL('../../renderer/', import.meta.url))) + path.sep;


/** Runs in the page before the app: a contract client answering a 10,000-task snapshot and emitting what the test asks. */
const scriptedClient = `(() => {
  const count = 10000, running = 50;
  const states = ['queued', 'completed', 'paused', 'failed', 'completed'];
  const now = Date.now();
  const tasks = [], progress = [];
  for (let id = 1; id <= count; id++) {
    const state = id <= running ? 'running' : states[id % states.length];
    const total = 1e6 * (10 + (id * 7919) % 5000);
    tasks.push({ id, groupId: null, url: 'https://h.example/f/' + id + '.bin', dir: '/d', fileName: 'file-' + id + '.bin', state,
      reason: state === 'failed' ? 'not_found' : state === 'paused' ? 'by_user' : null, message: null, httpStatus: state === 'failed' ? 404 : null, totalBytes: total,
      doneBytes: state === 'completed' ? total : 0, checksum: null, speedLimit: null, connections: null, priority: 0, attempts: 1,
      nextAttemptAt: null, createdAt: now - (count - id) * 1000, finishedAt: null, headerNames: [] });
    if (state === 'running') progress.push({ id, bytes: 0, totalBytes: total, speed: 1e6, etaSeconds: 100, connections: 4 });
  }
  const byState = { queued: 0, running: 0, paused: 0, retrying: 0, waiting_network: 0, failed: 0, completed: 0, canceled: 0 };
  for (const task of tasks) byState[task.state] += 1;
  const settings = { maxConcurrent: 3, maxPerHost: 4, retries: 5, speedLimit: 0, connections: 8, maxConnectionsPerHost: 16, downloadDir: null,
    onExists: 'rename', addWithoutAsking: false, notifications: true, openWhenDone: false, keepRunningInTray: true, theme: 'system' };
  let seq = 0;
  const listeners = new Set();
  window.__benchBatch = () => {
    for (const entry of progress) entry.bytes += 250000;
    const message = { seq: ++seq, event: 'tasks.progress', payload: { progress: progress.map((entry) => ({ ...entry })) } };
    listeners.forEach((listener) => listener(message));
  };
  window.peregrine = {
    call: async (method) => method === 'snapshot'
      ? { seq, tasks, groups: [], settings, stats: { speed: running * 1e6, byState, total: count }, progress, defaultDir: '/home/me/Downloads' }
      : Promise.reject({ code: 'refused', message: 'not in the benchmark' }),
    onEvent: (listener) => { listeners.add(listener); return () => listeners.delete(listener); },
  };
  new MutationObserver((_, observer) => {
    if (document.querySelector('[role=row][aria-rowindex="2"]')) { window.__firstRow = performance.now(); observer.disconnect(); }
  }).observe(document, { subtree: true, childList: true });
})();`;

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN).toFixed(2));
};
const round = (value: number): number => Number(value.toFixed(2));

/**
 * Scrolls the list top to bottom a screenful (about 20 rows) per frame, as a
 * fast wheel or a dragged scrollbar does. For the floor, `pool` holds static
 * rows that a scroll listener moves into view the way a virtualized list
 * must (same overscan; a row stays put while in view, one scrolled out takes
 * the place of one scrolled in and gets its name); the app's own list is left
 * to React (pool null).
 */
const scrollWholeList = `async (pool, overscan) => {
  const body = document.querySelector('.tasks-body');
  if (pool !== null) {
    const rowHeight = pool[0] ? pool[0].offsetHeight : 30;
    const count = Math.round(body.firstElementChild.offsetHeight / rowHeight);
    const names = pool.map((row) => row.querySelector('.fname .stem').firstChild);
    const shown = pool.map(() => -1);
    const place = () => {
      const start = Math.max(0, Math.min(count - pool.length, Math.floor(body.scrollTop / rowHeight) - overscan));
      for (let index = start; index < start + pool.length; index++) {
        const slot = index % pool.length;
        if (shown[slot] === index) continue;
        shown[slot] = index;
        pool[slot].style.top = index * rowHeight + 'px';
        names[slot].data = 'file-' + (count - index) + '.bin';
      }
    };
    body.addEventListener('scroll', place, { passive: true });
    place();
  }
  body.scrollTop = 0;
  await new Promise(requestAnimationFrame);
  await new Promise(requestAnimationFrame);
  const frames = [];
  let last = performance.now();
  let rows = 0;
  while (body.scrollTop + body.clientHeight < body.scrollHeight - 1 && frames.length < 2000) {
    body.scrollTop += 600;
    await new Promise(requestAnimationFrame);
    const now = performance.now();
    frames.push(now - last);
    last = now;
    rows = Math.max(rows, body.querySelectorAll('[role=row]').length);
  }
  return { frames: frames.slice(1), rows };
}`;

interface ScrollFigures {
  readonly frames: number;
  readonly frameMsP50: number;
  readonly frameMsP95: number;
  readonly frameCpuMsMean: number;
  readonly rows: number;
  readonly trace?: Record<string, ThreadCost>;
}

const server = await serveFolder(rendererDir);
const { origin } = server;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
});
const traceDir = process.env.UI_BENCH_TRACE;
if (traceDir !== undefined) await mkdir(traceDir, { recursive: true });

/** The page as it stands, without its scripts or the CSP (which would refuse the inline tops), as a static page of the same DOM and CSS. */
const staticCopy = `(() => {
  const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll('script, link[rel=modulepreload], meta[http-equiv]').forEach((element) => element.remove());
  return '<!doctype html>' + copy.outerHTML;
})()`;

/**
 * The first render's floor: the window's first screen as a static page, as
 * soon as it was drawn, loaded from the same server. Chromium cannot show the
 * list sooner than it shows this; the time to the first row above it is ours.
 */
async function loadStatic(html: string): Promise<{ firstPaintMs: number; firstPaintCpuMs: number | null }> {
  const staticPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await staticPage.route(`${origin}/first-screen.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    let firstPaintMs = NaN;
    const { firstPaintCpuMs } = await tracedLoad(staticPage, 'load-floor', async () => {
      await staticPage.goto(`${origin}/first-screen.html`);
      // The paint can come after the load event: wait for it, and for the frame after it, before the trace stops.
      firstPaintMs = await staticPage.evaluate<number>(`new Promise((resolve) => {
        const seen = () => performance.getEntriesByName('first-contentful-paint')[0];
        const wait = () => (seen() === undefined ? requestAnimationFrame(wait) : requestAnimationFrame(() => resolve(seen().startTime)));
        wait();
      })`);
    });
    return { firstPaintMs: Math.round(firstPaintMs), firstPaintCpuMs };
  } finally {
    await staticPage.close();
  }
}

/** Main-thread CPU time (not wall time) too, so the figures mean something on a busy machine. */
async function cpuClock(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? NaN) * 1000;
  };
}

const fullCategories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink', 'cc', 'viz', 'gpu', 'v8', 'loading'];

/** Runs `work`, traced when UI_BENCH_TRACE is set; the trace is saved as <name>.json and summarized per `frames()`. */
async function traced<T>(page: Page, name: string, work: () => Promise<T>, frames: (result: T) => number): Promise<{ result: T; trace?: Record<string, ThreadCost> }> {
  if (traceDir === undefined) return { result: await work() };
  await browser.startTracing(page, { categories: fullCategories });
  const result = await work();
  const trace = (await browser.stopTracing()).toString('utf8');
  await writeFile(path.join(traceDir, `${name}.json`), trace);
  return { result, trace: summarizeTrace(trace, frames(result)) };
}

/** A page load, always traced (lightly unless UI_BENCH_TRACE is set): the main thread's CPU until the first paint comes from the trace. */
async function tracedLoad(page: Page, name: string, work: () => Promise<unknown>): Promise<{ firstPaintCpuMs: number | null; trace?: Record<string, ThreadCost> }> {
  const categories = traceDir === undefined ? ['toplevel', 'loading', 'devtools.timeline'] : fullCategories;
  await browser.startTracing(page, { categories });
  await work();
  const trace = (await browser.stopTracing()).toString('utf8');
  if (traceDir === undefined) return { firstPaintCpuMs: cpuUntilFirstPaint(trace) };
  await writeFile(path.join(traceDir, `${name}.json`), trace);
  return { firstPaintCpuMs: cpuUntilFirstPaint(trace), trace: summarizeTrace(trace, 1) };
}

async function scroll(page: Page, name: string, pool: string | null): Promise<ScrollFigures> {
  const threadMs = await cpuClock(page);
  const cpuStart = await threadMs();
  const { result, trace } = await traced(
    page,
    name,
    () => page.evaluate<{ frames: number[]; rows: number }>(`(${scrollWholeList})(${pool ?? 'null'}, 10)`),
    (scrolled) => scrolled.frames.length,
  );
  const cpuMs = (await threadMs()) - cpuStart;
  return {
    frames: result.frames.length,
    frameMsP50: percentile(result.frames, 0.5),
    frameMsP95: percentile(result.frames, 0.95),
    frameCpuMsMean: round(cpuMs / Math.max(1, result.frames.length)),
    rows: result.rows,
    ...(trace === undefined ? {} : { trace }),
  };
}

/**
 * Progress batches one at a time: the wall time from the batch until the page
 * is idle again (React renders in a microtask), and the main thread's CPU time
 * until the frame that shows it is drawn, beside the same wait without a batch
 * (what the waiting itself costs).
 */
async function batches(page: Page, threadMs: () => Promise<number>, count: number, emit = 'window.__benchBatch()') {
  const wallMs = await page.evaluate<number[]>(`(async () => {
    const times = [];
    for (let i = 0; i < ${count}; i++) {
      const started = performance.now();
      ${emit};
      await new Promise((resolve) => setTimeout(resolve, 0));
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    return times;
  })()`);
  const cpuMs: number[] = [];
  const idleMs: number[] = [];
  for (let i = 0; i < count; i++) {
    for (const [withBatch, into] of [[true, cpuMs], [false, idleMs]] as const) {
      const before = await threadMs();
      await page.evaluate(`(async () => {
        ${withBatch ? emit : ''};
        await new Promise(requestAnimationFrame);
        await new Promise((resolve) => setTimeout(resolve, 0));
      })()`);
      into.push((await threadMs()) - before);
    }
  }
  return {
    wallMsP50: percentile(wallMs, 0.5),
    wallMsP95: percentile(wallMs, 0.95),
    cpuMsP50: percentile(cpuMs, 0.5),
    cpuMsP95: percentile(cpuMs, 0.95),
    idleCpuMsP95: percentile(idleMs, 0.95),
  };
}

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript({ content: scriptedClient });
  const threadMs = await cpuClock(page);
  const loadCpuStart = await threadMs();
  const load = await tracedLoad(page, 'load', async () => {
    await page.goto(`${origin}/`);
    await page.waitForFunction('window.__firstRow !== undefined', undefined, { timeout: 60_000 });
    // Until the first rows are painted: two frames after they appeared.
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  });
  const firstRowMs = await page.evaluate<number>('window.__firstRow');
  const loadCpuMs = (await threadMs()) - loadCpuStart;
  const firstScreenHtml = await page.evaluate<string>(staticCopy);

  // With the list at its top the 50 progressing rows are out of view (they are the oldest); after the scroll they are in view.
  const batchOutOfView = (await traced(page, 'batches-out-of-view', () => batches(page, threadMs, 60), () => 60)).result;

  const profileFile = process.env.UI_BENCH_PROFILE;
  const profiler = profileFile === undefined ? null : await page.context().newCDPSession(page);
  if (profiler !== null) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.send('Profiler.start');
  }
  const app = await scroll(page, 'scroll-app', null);
  if (profiler !== null && profileFile !== undefined) {
    const { profile } = await profiler.send('Profiler.stop');
    await writeFile(profileFile, JSON.stringify(profile));
  }
  const batchInView = await traced(page, 'batches-in-view', () => batches(page, threadMs, 60), () => 60);
  const heapBytes = await page.evaluate<number | null>('performance.memory ? performance.memory.usedJSHeapSize : null');

  // The floor's page: the app's DOM as it is mid-scroll (so with as many rows as the list keeps), without scripts or the CSP (inline tops).
  await page.evaluate(`(async () => {
    const body = document.querySelector('.tasks-body');
    body.scrollTop = body.scrollHeight / 2;
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
  })()`);
  const floorHtml = await page.evaluate<string>(staticCopy);
  const floorPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await floorPage.route(`${origin}/floor.html`, (route) => route.fulfill({ contentType: 'text/html', body: floorHtml }));
  await floorPage.goto(`${origin}/floor.html`);
  const pool = "[...document.querySelectorAll('.tasks-spacer > [role=row]')]";
  const floorRows = await scroll(floorPage, 'scroll-floor-rows', pool);
  // A batch's floor: the rows in view (the last ones, as in the app) get their new percent, bar and speed without React.
  await floorPage.evaluate(`(() => {
    const rows = ${pool}.filter((row) => row.querySelector('.prog') !== null);
    let step = 0;
    window.__floorBatch = () => {
      step += 1;
      for (const row of rows) {
        const prog = row.querySelector('.prog');
        prog.style.setProperty('--p', String((step % 100) / 100));
        prog.setAttribute('aria-valuenow', String(step % 100));
        prog.querySelector('.pct').textContent = (step % 100) + '%';
        row.children[4].textContent = (step % 9 + 1) + '.0 MB/s';
      }
    };
  })()`);
  const floorBatch = await batches(floorPage, await cpuClock(floorPage), 60, 'window.__floorBatch()');
  await floorPage.evaluate("document.querySelectorAll('.tasks-spacer > [role=row]').forEach((row) => row.remove())");
  const floorEmpty = await scroll(floorPage, 'scroll-floor-empty', null);
  await floorPage.close();
  const floorLoad = await loadStatic(firstScreenHtml);

  // After the measurements, so they cost nothing: the 10,000-row list to look at, light, dark and in a narrow window.
  const shotsDir = process.env.UI_BENCH_SCREENSHOTS;
  if (shotsDir !== undefined) {
    await mkdir(shotsDir, { recursive: true });
    await page.evaluate("document.querySelector('.tasks-body').scrollTop = 0");
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: path.join(shotsDir, `10k-${colorScheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 800, height: 600 });
    await page.screenshot({ path: path.join(shotsDir, '10k-narrow.png') });
  }
  const { trace: appTrace, ...appFigures } = app;
  console.log(
    JSON.stringify({
      tasks: 10_000,
      progressing: 50,
      loadAverage: loadavg().map((load) => round(load)),
      firstRowMs: Math.round(firstRowMs),
      // Main-thread CPU until the first paint (includes building the scripted 10,000 tasks), and until two frames after the first row.
      firstPaintCpuMs: load.firstPaintCpuMs,
      loadCpuMs: Math.round(loadCpuMs),
      // The same first screen as a static page: its first paint and the main thread's CPU until then.
      floorLoad,
      batchOutOfView,
      batchInView: batchInView.result,
      scroll: appFigures,
      // The same page and rows without React (floorRows), and the bare scroller (floorEmpty).
      floorRows: { ...floorRows, trace: undefined },
      floorEmpty: { ...floorEmpty, trace: undefined },
      floorBatch,
      overFloor: { frameMsP95: round(app.frameMsP95 / floorRows.frameMsP95), frameCpuMsMean: round(app.frameCpuMsMean / floorRows.frameCpuMsMean) },
      domRowsMax: app.rows,
      heapMB: heapBytes === null ? null : Number((heapBytes / 1_048_576).toFixed(1)),
      ...(traceDir === undefined ? {} : { trace: { load: load.trace, app: appTrace, floorRows: floorRows.trace, floorEmpty: floorEmpty.trace, batchInView: batchInView.trace } }),
    }),
  );
} finally {
  await browser.close();
  await server.close();
}
