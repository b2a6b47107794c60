import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Settings } from '../../app/domain/settings.js';
import { defaultSettings } from '../../app/domain/default-settings.js';
import type { EventName, EventPayload } from '../../app/contract/events.js';
import type { GroupView, TaskDetails, TaskProgress, TaskView } from '../../app/contract/views.js';
import { taskDefaults } from '../../app/contract/wire-snapshot.js';
import { serveFolder } from '../fixtures/serve-folder.js';

/**
 * The built renderer in Chromium, fed by a scripted contract client on
 * window.peregrine (the seam the Electron preload uses) instead of a service:
 * states a real queue reaches only by chance or after hours (retrying in two
 * minutes, a two-hour ETA, a name of 150 characters, a size the server never
 * said) are set up exactly, so what the window shows of them can be checked.
 */
const rendererDir = fileURLToPath(new URL('../../renderer/', import.meta.url));

export const haveRenderer = existsSync(path.join(rendererDir, 'index.html'));

/** Serves dist/renderer on 127.0.0.1; resolves to its origin and a stop function. */
export function serveRenderer(): Promise<{ origin: string; close(): Promise<void> }> {
  return serveFolder(rendererDir);
}

let nextId = 1;
const now = Date.now();

/** A task as the service would send it; only what differs from a fresh queued download needs saying. */
export function task(over: Partial<TaskView> & { readonly fileName: string | null }): TaskView {
  const id = over.id ?? nextId++;
  return {
    ...taskDefaults,
    id,
    url: `https://downloads.example.org/pub/${over.fileName ?? id}`,
    dir: '/home/me/Downloads',
    state: 'queued',
    createdAt: now - 100_000 + id,
    ...over,
  };
}

export interface Scenario {
  readonly tasks: readonly TaskView[];
  readonly groups?: readonly GroupView[];
  readonly progress?: readonly TaskProgress[];
  readonly settings?: Partial<Settings>;
  /** What tasks.details answers, by id; absent ids get one made from the task. */
  readonly details?: Readonly<Record<number, Partial<TaskDetails>>>;
  /** A page the browser does not trust with the clipboard (plain http from another machine): navigator.clipboard is absent. */
  readonly noClipboard?: boolean;
  /** The page's clock is Playwright's, moved on by the test (page.clock). */
  readonly fakeClock?: boolean;
  /** Ids whose tasks.details the service refuses, with the contract error it answers. */
  readonly detailsRefused?: Readonly<Record<number, { readonly code: string; readonly message: string }>>;
  /** Commands the service refuses whatever their input, with the contract error it answers. */
  readonly commandsRefused?: Readonly<Record<string, { readonly code: string; readonly message: string; readonly refusal?: string }>>;
  /** What commands answer, by method, instead of a bulk command's "all done" (downloads refused, files left on disk). */
  readonly commandsAnswered?: Readonly<Record<string, unknown>>;
}

/** Runs in the page before the app: answers the snapshot and details from the scenario, nothing else. */
function clientScript(scenario: Scenario): string {
  const settings = { ...defaultSettings, ...scenario.settings };
  return `(() => {
    const scenario = ${JSON.stringify({ ...scenario, settings })};
    const byState = { queued: 0, running: 0, paused: 0, retrying: 0, waiting_network: 0, failed: 0, completed: 0, canceled: 0 };
    for (const task of scenario.tasks) byState[task.state] += 1;
    const progress = scenario.progress ?? [];
    const stats = { speed: progress.reduce((sum, entry) => sum + entry.speed, 0), byState, total: scenario.tasks.length, freeBytes: 38.4e9, freeIn: '/home/me/Downloads' };
    if (scenario.noClipboard) Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
    // What the window asked of the service, for the test to read (window.__calls).
    window.__calls = [];
    // Events the test sends as the service would, numbered after the snapshot's 0 (window.__emit).
    const listeners = new Set();
    let seq = 0;
    window.__emit = (event, payload) => { seq += 1; for (const listener of listeners) listener({ seq, event, payload }); };
    window.peregrine = {
      call: async (method, input) => {
        window.__calls.push({ method, input });
        const refusal = (scenario.commandsRefused ?? {})[method];
        if (refusal !== undefined) return Promise.reject(refusal);
        const answer = (scenario.commandsAnswered ?? {})[method];
        if (answer !== undefined) return answer;
        if (['tasks.pause', 'tasks.resume', 'tasks.retry', 'tasks.cancel'].includes(method)) return { tasks: [], refused: [] };
        if (method === 'snapshot') return { seq: 0, tasks: scenario.tasks, groups: scenario.groups ?? [], settings: scenario.settings, stats, progress, defaultDir: '/home/me/Downloads' };
        if (method === 'tasks.details') {
          const refused = (scenario.detailsRefused ?? {})[input.id];
          if (refused !== undefined) return Promise.reject(refused);
          const task = scenario.tasks.find((candidate) => candidate.id === input.id);
          return { task, currentUrl: task.url, requestedName: null, etag: null, lastModified: null, resumable: true, segments: [], headers: [],
            filePath: task.fileName === null ? null : task.dir + '/' + task.fileName, ...(scenario.details ?? {})[input.id] };
        }
        return Promise.reject({ code: 'internal', message: 'not scripted: ' + method });
      },
      onEvent: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      host: { pickFolder: async () => null, startFileDrag: () => undefined },
    };
  })();`;
}

/** Opens the renderer with the scenario's data; resolves once the list (or the empty state) is drawn. */
export async function openScripted(browser: Browser, origin: string, scenario: Scenario, viewport = { width: 1280, height: 800 }, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport, colorScheme });
  await context.addInitScript(clientScript(scenario));
  const page = await context.newPage();
  // The page's timers under the test's hand (page.clock.runFor), for what happens after seconds.
  if (scenario.fakeClock === true) await page.clock.install();
  page.setDefaultTimeout(20_000);
  await page.goto(`${origin}/`);
  await page.locator('main:not([aria-busy])').waitFor();
  return page;
}

/** Sends the window an event, as the service would after a change. */
export async function emit<E extends EventName>(page: Page, event: E, payload: EventPayload<E>): Promise<void> {
  await page.evaluate(`window.__emit(${JSON.stringify(event)}, ${JSON.stringify(payload)})`);
}

/** The commands the window sent, in order (bulk commands are answered as done, with nothing refused). */
export function sentCommands(page: Page): Promise<{ readonly method: string; readonly input: unknown }[]> {
  return page.evaluate<{ readonly method: string; readonly input: unknown }[]>('window.__calls.filter((call) => call.method !== "snapshot" && call.method !== "tasks.details")');
}
