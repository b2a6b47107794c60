/**
 * `npm run bench:ui`: the built renderer in Debian's Chromium with 10,000
 * tasks, 50 of them progressing. The page is fed through the same seam the
 * Electron preload uses (window.peregrine, a ContractClient), by a scripted
 * client, so only the renderer is measured: time to the first row, main-thread
 * time per progress batch, frame times while scrolling the whole list, rows
 * in the DOM, JS heap. Wall times suffer on a loaded machine; the main
 * thread's CPU time per batch and per frame (CDP ThreadTime) much less.
 * Prints one JSON line.
 *
 * UI_BENCH_RENDERER=<dir> measures another build of the renderer (to compare
 * two builds in one sitting on a busy machine); UI_BENCH_PROFILE=<file> saves
 * a CPU profile of the scroll (.cpuprofile, opens in Chromium's DevTools);
 * UI_BENCH_SCREENSHOTS=<dir> saves the 10,000-row window, light, dark and narrow.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../e2e/ui-harness.js';

const rendererDir = path.resolve(process.env.UI_BENCH_RENDERER ?? fileURLToPath(new URL('../../renderer/', import.meta.url))) + path.sep;
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

function serveRenderer(): Promise<Server> {
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = path.join(rendererDir, pathname === '/' ? 'index.html' : path.normalize(pathname));
    if (!file.startsWith(rendererDir)) return void res.writeHead(403).end();
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

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
      ? { seq, tasks, groups: [], settings, stats: { speed: running * 1e6, byState, total: count }, progress }
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

const server = await serveRenderer();
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript({ content: scriptedClient });

  // Main-thread CPU time (not wall time) too, so the figures mean something on a busy machine.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadSeconds = async (): Promise<number> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? NaN;
  };
  const loadCpuStart = await threadSeconds();
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction('window.__firstRow !== undefined', undefined, { timeout: 60_000 });
  const firstRowMs = await page.evaluate<number>('window.__firstRow');
  // Until the first rows are painted: two frames after they appeared.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  const loadCpuMs = ((await threadSeconds()) - loadCpuStart) * 1000;
  const batchCpuStart = await threadSeconds();

  // Each batch: emitted, then measured until the page is idle again (React renders in a microtask).
  const batchMs = await page.evaluate<number[]>(`(async () => {
    const times = [];
    for (let i = 0; i < 80; i++) {
      const started = performance.now();
      window.__benchBatch();
      await new Promise((resolve) => setTimeout(resolve, 0));
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    return times;
  })()`);

  const batchCpuMs = ((await threadSeconds()) - batchCpuStart) * 1000;
  const scrollCpuStart = await threadSeconds();
  const profileFile = process.env.UI_BENCH_PROFILE;
  if (profileFile !== undefined) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }

  // Scrolls top to bottom a screenful (about 20 rows) per frame, as a fast wheel or a dragged scrollbar does.
  const scroll = await page.evaluate<{ frames: number[]; rows: number }>(`(async () => {
    const body = document.querySelector('.tasks-body');
    const frames = [];
    let last = performance.now();
    let rows = 0;
    while (body.scrollTop + body.clientHeight < body.scrollHeight - 1 && frames.length < 2000) {
      body.scrollTop += 600;
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      frames.push(now - last);
      last = now;
      rows = Math.max(rows, document.querySelectorAll('.tasks-body [role=row]').length);
    }
    return { frames: frames.slice(1), rows };
  })()`);

  const scrollCpuMs = ((await threadSeconds()) - scrollCpuStart) * 1000;
  if (profileFile !== undefined) {
    const { profile } = await cdp.send('Profiler.stop');
    await writeFile(profileFile, JSON.stringify(profile));
  }
  const heapBytes = await page.evaluate<number | null>('performance.memory ? performance.memory.usedJSHeapSize : null');

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
  console.log(
    JSON.stringify({
      tasks: 10_000,
      progressing: 50,
      firstRowMs: Math.round(firstRowMs),
      // Loading, the snapshot, the first render and its paint; includes building the scripted 10,000 tasks.
      loadCpuMs: Math.round(loadCpuMs),
      batchMsP50: percentile(batchMs, 0.5),
      batchMsP95: percentile(batchMs, 0.95),
      // Includes the 30 ms pauses' idle bookkeeping, so an upper bound per batch.
      batchCpuMsMean: Number((batchCpuMs / batchMs.length).toFixed(2)),
      scrollFrames: scroll.frames.length,
      frameMsP50: percentile(scroll.frames, 0.5),
      frameMsP95: percentile(scroll.frames, 0.95),
      frameCpuMsMean: Number((scrollCpuMs / Math.max(1, scroll.frames.length)).toFixed(2)),
      domRowsMax: scroll.rows,
      heapMB: heapBytes === null ? null : Number((heapBytes / 1_048_576).toFixed(1)),
    }),
  );
} finally {
  await browser.close();
  server.close();
}
