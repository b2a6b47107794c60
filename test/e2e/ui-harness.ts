import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The built CLI, as `npx peregrine` runs it (PEREGRINE_CLI: another build's main.js). */
const cliPath = process.env.PEREGRINE_CLI ?? fileURLToPath(new URL('../../main/cli/main.js', import.meta.url));
/** Screenshots of the main states, kept after the run as test artifacts. */
export const artifactsDir = fileURLToPath(new URL('../../../test-results/ui/', import.meta.url));

/** Debian's Chromium (or PEREGRINE_CHROMIUM); the suite never downloads a browser. */
export const chromiumPath = process.env.PEREGRINE_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(chromiumPath);
export const haveServe = existsSync(path.join(path.dirname(cliPath), '../server/'));

export interface Served {
  /** The address `serve` printed, token included. */
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export interface ServeOptions {
  readonly db: string;
  readonly dir: string;
  readonly tokenFile: string;
  readonly port?: number;
}

/** Starts `peregrine serve` and resolves once it printed its address; killed after `timeoutMs` at the latest. */
export async function startServe(options: ServeOptions, timeoutMs = 120_000): Promise<Served> {
  const args = [cliPath, 'serve', '--port', String(options.port ?? 0), '--db', options.db, '--dir', options.dir, '--token-file', options.tokenFile];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no address in 20 s: ${stdout} ${stderr}`)), 20_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = /^(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/m.exec(stdout);
      if (line?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(line[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    async stop() {
      clearTimeout(killer);
      if (child.exitCode === null) child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  // Playwright gives each launch a new, empty profile directory.
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function openUi(browser: Browser, url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(url);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export interface Workspace {
  readonly root: string;
  readonly db: string;
  readonly dir: string;
  readonly tokenFile: string;
  remove(): Promise<void>;
}

export async function makeWorkspace(): Promise<Workspace> {
  const root = await mkdtemp(path.join(tmpdir(), 'peregrine-ui-'));
  const dir = path.join(root, 'downloads');
  await mkdir(dir);
  return { root, db: path.join(root, 'peregrine.db'), dir, tokenFile: path.join(root, 'token'), remove: () => rm(root, { recursive: true, force: true }) };
}

/** A row of the list by text it shows (a name, or state words). */
export function row(page: Page, name: string) {
  return page.getByRole('row').filter({ hasText: name });
}

/** The row whose file name is exactly this ("file" is not "file (1)"). */
export function rowNamed(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.locator('.fname').getByText(name, { exact: true }) });
}

/** Drops text on the window as a browser does when links are dragged in (the code runs in the page). */
export async function dropLinks(page: Page, type: 'text/uri-list' | 'text/plain', text: string): Promise<void> {
  await page.evaluate(`(() => {
    const transfer = new DataTransfer();
    transfer.setData(${JSON.stringify(type)}, ${JSON.stringify(text)});
    const target = document.querySelector('main') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  })()`);
}

/** Drags links over the window, or takes them away again, without dropping (the code runs in the page). */
export async function dragLinks(page: Page, phase: 'dragenter' | 'dragleave'): Promise<void> {
  await page.evaluate(`(() => {
    const transfer = new DataTransfer();
    transfer.setData('text/uri-list', 'https://example.com/a.iso');
    const target = document.querySelector('main') ?? document.body;
    target.dispatchEvent(new DragEvent(${JSON.stringify(phase)}, { dataTransfer: transfer, bubbles: true, cancelable: true }));
  })()`);
}

/** Pastes text where the focus is, as Ctrl+V does (the code runs in the page). */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate(`(() => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', ${JSON.stringify(text)});
    (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  })()`);
}

/**
 * What axe-core finds wrong with the page's accessibility (names, roles,
 * contrast, structure), one line per rule and element. Popups portalled to
 * the end of <body> (menus, dialogs) sit outside the landmarks by design, so
 * the best-practice "region" rule is not asked.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).disableRules(['region']).analyze();
  return result.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact ?? ''}): ${violation.help} — ${node.target.join(' ')}`));
}

/** Drops a .txt file of links on the window, as a file manager does (the code runs in the page). */
export async function dropTextFile(page: Page, name: string, text: string): Promise<void> {
  await page.evaluate(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(name)}, { type: 'text/plain' }));
    const target = document.querySelector('main') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  })()`);
}
