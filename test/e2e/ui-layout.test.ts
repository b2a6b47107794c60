import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { planCommand, type TaskCommand } from '../../app/domain/task-commands.js';
import { formatBytes } from '../../app/ui/format.js';
import { artifactsDir, dragLinks, dropLinks, haveChromium, launchChromium, screenshot } from './ui-harness.js';
import { emit, haveRenderer, openScripted, sentCommands, serveRenderer, task, type Scenario } from './scripted-ui.js';

/**
 * What the window shows of states a real queue reaches rarely or only after
 * hours, looked at as a user would: nothing cut off without a way to read it
 * whole, nothing missing that the user needs, at the window sizes people use.
 * The renderer runs in Debian's Chromium, fed by a scripted client
 * (scripted-ui.ts), so every state is set up exactly.
 */
const skip = !haveChromium ? 'Chromium not found (apt-get install chromium, or set PEREGRINE_CHROMIUM)' : !haveRenderer ? 'the renderer is not built' : false;

const MB = 1_000_000;
const GB = 1_000_000_000;

const longName = 'Ein_sehr_langer_Dateiname_der_niemals_aufhört_und_immer_weiter_geht_bis_zum_Ende_des_Bildschirms_version_2024-12-01_final.tar.zst';
const running = task({ fileName: 'ubuntu-24.04.1-desktop-amd64.iso', url: 'https://releases.ubuntu.com/24.04.1/ubuntu-24.04.1-desktop-amd64.iso', state: 'running', totalBytes: 6.2 * GB, doneBytes: 3.5 * GB, attempts: 1 });
const slow = task({ fileName: 'archive-2019.tar', state: 'running', totalBytes: 3 * GB, doneBytes: 0.3 * GB });
const stream = task({ fileName: 'live-radio-stream.mp3', state: 'running', totalBytes: null, doneBytes: 3 * MB });
const retrying = task({ fileName: 'node-v20.18.0-x64.msi', state: 'retrying', reason: 'network_failed', totalBytes: 31 * MB, doneBytes: 5 * MB, nextAttemptAt: Date.now() + 600_000 });
const refused = task({ fileName: '東京大学_講義資料.zip', state: 'failed', reason: 'forbidden', httpStatus: 403, message: 'Response code 403 (Forbidden)' });
const long = task({
  fileName: longName,
  url: `https://very-long-hostname.subdomain.mirror.example-downloads.org/path/to/some/deeply/nested/directory/${longName}?token=abcdef0123456789abcdef&expires=1733100000`,
  state: 'paused',
  reason: 'by_user',
  totalBytes: 3.3 * GB,
  doneBytes: 1.1 * GB,
});
// Right-to-left names longer than their column: Hebrew paused, Arabic finished.
const hebrewName = 'דוח_שנתי_מפורט_של_מחלקת_הכספים_לשנת_2024_כולל_נספחים_וטבלאות_השוואה.pdf';
const arabicName = 'التقرير_السنوي_المفصل_لقسم_المالية_لعام_2024_مع_الملاحق_والجداول.pdf';
const hebrew = task({ fileName: hebrewName, state: 'paused', reason: 'by_user', totalBytes: 12 * MB, doneBytes: 4 * MB });
const arabic = task({ fileName: arabicName, state: 'completed', totalBytes: 8 * MB, doneBytes: 8 * MB });
const canceled = task({ fileName: 'old-driver-pack-2019.zip', state: 'canceled', reason: 'canceled', totalBytes: 90 * MB, doneBytes: 12 * MB });
const finished = task({ fileName: 'debian-12.8.0-amd64-netinst.iso', state: 'completed', totalBytes: 661 * MB, doneBytes: 661 * MB });
const group = { id: 1, name: 'Open Sky · Season 2', createdAt: Date.now(), settledAt: null, count: 2, byState: { completed: 1, queued: 1 }, doneBytes: 1.2 * GB, totalBytes: 2.4 * GB, state: 'active' as const };
const members = [
  task({ fileName: 'open-sky-s02e01-the-high-desert-1080p.mp4', groupId: 1, state: 'completed', totalBytes: 1.2 * GB, doneBytes: 1.2 * GB }),
  task({ fileName: 'open-sky-s02e02-salt-and-light-1080p.mp4', groupId: 1, totalBytes: 1.2 * GB }),
];

const scenario: Scenario = {
  tasks: [hebrew, arabic, canceled, finished, running, slow, stream, retrying, refused, long, ...members],
  groups: [group],
  details: {
    [running.id]: { currentUrl: 'https://mirror.example-cdn.net/ubuntu/releases/24.04.1/release/ubuntu-24.04.1-desktop-amd64.iso?sig=f0e1d2c3b4a5968778695a4b3c2d1e0f&expires=1733100000' },
  },
  progress: [
    { id: running.id, bytes: 3.54 * GB, totalBytes: 6.2 * GB, speed: 14.2 * MB, etaSeconds: 188, connections: 8 },
    // About 330 KB/s for 2.7 GB: two and a half hours.
    { id: slow.id, bytes: 0.3 * GB, totalBytes: 3 * GB, speed: 330_000, etaSeconds: 2 * 3600 + 33 * 60, connections: 1 },
    { id: stream.id, bytes: 3.2 * MB, totalBytes: null, speed: 150_000, etaSeconds: null, connections: 1 },
  ],
};

/** The row of a download by its file name. */
const rowOf = (page: Page, name: string): Locator => page.locator('.tasks-body [role=row]').filter({ has: page.locator('.fname', { hasText: name }) });

/**
 * Runs in the page on a row: whether `part` of its name is drawn inside the
 * box that clips it (not cut off, not under the ellipsis) — what the eye sees
 * of a name, whatever its direction.
 */
const nameShows = `(row, part) => {
  const walker = document.createTreeWalker(row.querySelector('.fname'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const at = node.data.indexOf(part);
    if (at === -1) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + part.length);
    const drawn = range.getBoundingClientRect();
    const box = node.parentElement.getBoundingClientRect();
    return drawn.width > 0 && drawn.left >= box.left - 1 && drawn.right <= box.right + 1;
  }
  return false;
}`;

/** Whether `part` of the name in a download's row can be seen. */
async function shownOfName(page: Page, name: string, part: string): Promise<boolean> {
  const id = await rowOf(page, name).getAttribute('id');
  return page.evaluate<boolean>(`(${nameShows})(document.getElementById(${JSON.stringify(id)}), ${JSON.stringify(part)})`);
}

/** The page's own function, for code the tests run in it (the tests are built without the DOM's types). */
declare function getComputedStyle(element: unknown): { readonly boxShadow: string; readonly outlineStyle: string; readonly outlineWidth: string; readonly backgroundColor: string };

/** What a toast says: its sentence, and the technical words under it (null when it has none). */
const said = (toast: Locator): Promise<(string | null)[]> =>
  toast.evaluate((element: { querySelector(selector: string): { readonly textContent: string | null } | null }) => [
    element.querySelector('.toast-words')?.textContent ?? null,
    element.querySelector('.detail')?.textContent ?? null,
  ]);

/**
 * Runs in the page on an element: the given parts of its text (in the order
 * they are written) sorted as they are drawn — line by line, then left to
 * right — so a path whose folders show in another order than written fails.
 */
const drawnOrder = (element: unknown, parts: readonly string[]): string[] => {
  type Text = { readonly data: string };
  type Doc = {
    createTreeWalker(root: unknown, filter: number): { nextNode(): Text | null };
    createRange(): { setStart(node: Text, at: number): void; setEnd(node: Text, at: number): void; getBoundingClientRect(): { readonly left: number; readonly top: number; readonly height: number } };
  };
  const doc = (globalThis as unknown as { readonly document: Doc }).document;
  const nodes: { readonly node: Text; readonly from: number }[] = [];
  let text = '';
  const walker = doc.createTreeWalker(element, 4);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    nodes.push({ node, from: text.length });
    text += node.data;
  }
  const at = (offset: number) => {
    const found = nodes.findLast((entry) => entry.from <= offset) ?? nodes[0];
    if (found === undefined) throw new Error('no text');
    return [found.node, offset - found.from] as const;
  };
  let from = 0;
  const drawn = parts.map((part) => {
    const start = text.indexOf(part, from);
    if (start === -1) throw new Error(`"${part}" is not in the text`);
    from = start + part.length;
    const range = doc.createRange();
    range.setStart(...at(start));
    range.setEnd(...at(from));
    const box = range.getBoundingClientRect();
    return { part, left: box.left, line: Math.round(box.top / Math.max(1, box.height)) };
  });
  return drawn.sort((a, b) => a.line - b.line || a.left - b.left).map((entry) => entry.part);
};

/**
 * Whether an element's text is drawn wider than the room inside its padding,
 * to the fraction of a pixel (scrollWidth and clientWidth are rounded: text
 * a fraction too wide already ends in an ellipsis).
 */
const drawnWider = (locator: Locator): Promise<boolean> =>
  locator.evaluate((element: unknown) => {
    type El = { getBoundingClientRect(): { readonly width: number } };
    const doc = (globalThis as unknown as { readonly document: { createRange(): { selectNodeContents(node: unknown): void; getBoundingClientRect(): { readonly width: number } } } }).document;
    // Cells and .pct have no borders: their box less the padding is the room for the text.
    const style = (globalThis as unknown as { readonly getComputedStyle: (this: void, element: unknown) => { readonly paddingLeft: string; readonly paddingRight: string } }).getComputedStyle(element);
    const range = doc.createRange();
    range.selectNodeContents(element);
    return range.getBoundingClientRect().width > (element as El).getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) + 0.01;
  });

/**
 * A suite's browser and the renderer's server, started before its tests and closed after them:
 * what it gives opens a scripted window in them.
 */
function scriptedWindow(): (scenario: Scenario, viewport?: { width: number; height: number }, colorScheme?: 'light' | 'dark') => Promise<Page> {
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof serveRenderer>> | undefined;
  before(async () => {
    server = await serveRenderer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return (scenario, viewport, colorScheme) => {
    if (browser === undefined || server === undefined) throw new Error('the suite has not started its browser');
    return openScripted(browser, server.origin, scenario, viewport, colorScheme);
  };
}

/** Whether an element's text is cut off (it needs more room than it has). */
const isCut = (locator: Locator): Promise<boolean> => locator.evaluate((element: { readonly scrollWidth: number; readonly clientWidth: number }) => element.scrollWidth > element.clientWidth + 1);

// The bound is the whole suite's (node:test times a describe as one): ~40 screens take 2 minutes on a busy 2-core machine.
describe('the window with states a queue rarely shows, in Chromium', { skip, timeout: 420_000 }, () => {
  const openWindow = scriptedWindow();

  test('a time left of hours is shown whole in its column', async () => {
    const page = await openWindow(scenario);
    const eta = rowOf(page, 'archive-2019.tar').locator('[role=gridcell]').nth(5);
    assert.equal(await eta.textContent(), '2 h 33 min');
    await screenshot(page, 'layout-eta');
    assert.equal(await isCut(eta), false, 'the ETA "2 h 33 min" fits its column');
    await page.context().close();
  });

  test('status words cut off at the end of their column can be read whole on hover', async () => {
    const page = await openWindow(scenario);
    for (const [name, words] of [
      ['node-v20.18.0-x64.msi', /^Retrying in (9|10) min — the connection failed/],
      ['東京大学_講義資料.zip', /^Failed — the server refused access \(403\)/],
    ] as const) {
      const state = rowOf(page, name).locator('.status .state');
      assert.equal(await isCut(state.locator('.words')), true, `${name}: its words are cut at 1280 px`);
      assert.match((await state.getAttribute('title')) ?? '', words, name);
    }
    await page.context().close();
  });

  test('at 1280 × 800, status words too long for their column end in an ellipsis inside the cell, in light and dark', async () => {
    const failures = [
      task({ fileName: 'resume-me.iso', state: 'failed', reason: 'bad_range_response', httpStatus: 416, message: 'Content-Range bytes 0-99/100 does not match the request' }),
      task({ fileName: 'too-big.img', state: 'failed', reason: 'file_too_large', message: 'EFBIG: file too large, write' }),
      task({ fileName: 'moved.bin', state: 'failed', reason: 'redirect_scheme', message: 'redirected to ftp://mirror.example.org/moved.bin' }),
      task({ fileName: 'self-signed.iso', state: 'failed', reason: 'tls_error', message: 'self-signed certificate in certificate chain' }),
    ];
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openWindow({ ...scenario, tasks: [...scenario.tasks, ...failures] }, { width: 1280, height: 800 }, scheme);
      await screenshot(page, `layout-status-1280-${scheme}`);
      const cut: string[] = [];
      const problems: string[] = [];
      for (const cell of await page.locator('.tasks-body [role=row] .cell.status').all()) {
        const seen = await cell.evaluate((element: unknown) => {
          type Box = { readonly left: number; readonly right: number };
          type El = { getBoundingClientRect(): Box; querySelector(selector: string): El | null; readonly scrollWidth: number; readonly clientWidth: number; readonly textContent: string | null };
          const style = (globalThis as unknown as { readonly getComputedStyle: (this: void, element: El) => { readonly textOverflow: string; readonly overflowX: string; readonly whiteSpace: string; readonly paddingRight: string } }).getComputedStyle;
          const cellElement = element as El;
          const words = cellElement.querySelector('.words');
          if (words === null) return null;
          const inner = cellElement.getBoundingClientRect().right - parseFloat(style(cellElement).paddingRight);
          const own = style(words);
          return {
            text: words.textContent ?? '',
            cut: words.scrollWidth > words.clientWidth + 1,
            // The ellipsis is drawn only by the element that clips the words, and only when its box ends inside the cell.
            ellipsis: own.textOverflow === 'ellipsis' && own.overflowX === 'hidden' && own.whiteSpace === 'nowrap',
            inside: words.getBoundingClientRect().right <= inner + 0.5,
          };
        });
        if (seen === null) continue;
        if (!seen.inside) problems.push(`${scheme}: "${seen.text}" runs past its cell and is cut there, without an ellipsis`);
        if (seen.cut) {
          cut.push(seen.text);
          if (!seen.ellipsis) problems.push(`${scheme}: "${seen.text}" is cut without an ellipsis`);
        }
      }
      assert.deepEqual(problems, []);
      assert.ok(cut.length >= failures.length, `${scheme}: the long failure reasons are cut at 1280 px (${cut.length} cut)`);
      await page.context().close();
    }
  });

  test('a queued download says what holds it: a free slot when all run, its server when slots are free', async () => {
    const tasks = [
      task({ fileName: 'mirror-1.iso', state: 'running', totalBytes: 4 * MB, doneBytes: MB }),
      task({ fileName: 'mirror-2.iso', state: 'running', totalBytes: 4 * MB, doneBytes: MB }),
      task({ fileName: 'mirror-3.iso' }),
    ];
    for (const [maxConcurrent, words] of [
      [2, 'Queued — waiting for a free slot'],
      [3, 'Queued — waiting for a connection'],
    ] as const) {
      const page = await openWindow({ tasks, settings: { maxConcurrent } });
      const state = rowOf(page, 'mirror-3.iso').locator('.status .state');
      assert.equal(await state.getAttribute('title'), words, `${maxConcurrent} at once, 2 running`);
      if (maxConcurrent === 3) await screenshot(page, 'layout-queued-by-server');
      await page.context().close();
    }
  });

  test('a download of unknown size says how much it has so far', async () => {
    const page = await openWindow(scenario);
    const progress = rowOf(page, 'live-radio-stream.mp3').getByRole('progressbar');
    assert.equal(await progress.textContent(), formatBytes(3.2 * MB));
    await screenshot(page, 'layout-unknown-size');
    await page.context().close();
  });

  test('a window 720 px wide keeps names, the search box, the limit and the status bar readable', async () => {
    const page = await openWindow(scenario, { width: 720, height: 700 });
    await screenshot(page, 'layout-720');
    const problems: string[] = [];
    // A name that does not fit gets room for about 20 characters (the rest has an ellipsis and a tooltip).
    for (const name of await page.locator('.tasks-body [role=row] .fname').all()) {
      const width = await name.evaluate((element: { readonly clientWidth: number }) => element.clientWidth);
      if (width < 140 && (await isCut(name))) problems.push(`name "${await name.textContent()}" is ${width} px wide`);
    }
    const search = await page.getByRole('searchbox').evaluate((element: { readonly clientWidth: number }) => element.clientWidth);
    if (search < 150) problems.push(`the search box is ${search} px wide: its placeholder is cut`);
    const limit = await page.getByRole('switch', { name: 'Speed limit' }).locator('.limit-value').evaluate((element: { readonly offsetHeight: number }) => element.offsetHeight);
    if (limit > 20) problems.push(`the limit's value wraps onto ${Math.round(limit / 16)} lines`);
    for (const item of await page.locator('.statusbar .sb-item').all()) {
      if (await isCut(item)) problems.push(`status bar: "${await item.textContent()}" is cut`);
    }
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    if (overflow > 0) problems.push(`the page scrolls sideways by ${overflow} px`);
    assert.deepEqual(problems, []);
    // The sidebar's filters and groups keep their names for the keyboard and screen readers, and a tooltip for the pointer.
    await page.getByRole('tab', { name: /^Failed/ }).click();
    await rowOf(page, '東京大学_講義資料.zip').waitFor();
    assert.equal(await page.getByRole('tab', { name: /Open Sky · Season 2/ }).getAttribute('title'), 'Open Sky · Season 2');
    await page.context().close();
  });

  test('a long name cut at the end of its column keeps its start and its extension in sight, right-to-left names too', async () => {
    for (const [width, theme] of [[1280, 'light'], [720, 'dark']] as const) {
      const page = await openWindow(scenario, { width, height: 700 }, theme);
      await screenshot(page, `layout-names-${width}-${theme}`);
      for (const [name, start, extension] of [
        [hebrewName, 'דוח_שנתי', 'pdf'],
        [arabicName, 'التقرير', 'pdf'],
        [longName, 'Ein_sehr', 'zst'],
      ] as const) {
        assert.equal(await rowOf(page, name).locator('.fname').getAttribute('title'), name, `${name}: whole on hover`);
        assert.equal(await shownOfName(page, name, start), true, `${width} px: the start of ${name} is cut`);
        assert.equal(await shownOfName(page, name, extension), true, `${width} px: the extension of ${name} is cut`);
      }
      // A name that fits shows whole.
      assert.equal(await shownOfName(page, 'archive-2019.tar', 'archive-2019'), true);
      assert.equal(await shownOfName(page, 'archive-2019.tar', 'tar'), true);
      await page.context().close();
    }
  });

  test('the details at 720 px: every value can be read, and the panel keeps its layout when the connections\' speeds go blank', async () => {
    // Eight ranges of the running download, a little further on at each batch.
    const size = 6.2 * GB;
    const ranges = (step: number) => Array.from({ length: 8 }, (_, index) => ({ start: (index * size) / 8, end: ((index + 1) * size) / 8, doneEnd: (index * size) / 8 + (0.4 + index * 0.05) * (size / 8) + step * (1 + index) * 300_000 }));
    const live = (step: number) => ({ id: running.id, bytes: 3.54 * GB + step * 10 * MB, totalBytes: size, speed: 14.2 * MB, etaSeconds: 188, connections: 8, ranges: ranges(step) });
    for (const theme of ['light', 'dark'] as const) {
      const page = await openWindow({ ...scenario, details: { ...scenario.details, [running.id]: { ...scenario.details?.[running.id], segments: ranges(0), etag: '"5f3a1c-18a9b2c00"', lastModified: 'Tue, 27 Aug 2024 14:02:11 GMT' } } }, { width: 720, height: 700 }, theme);
      await rowOf(page, 'ubuntu-24.04.1-desktop-amd64.iso').dblclick();
      const details = page.getByRole('region', { name: /Details of/ });
      await details.locator('.kv').first().waitFor();
      for (let step = 1; step <= 3; step++) {
        await emit(page, 'tasks.progress', { progress: [live(step)] });
        await page.waitForTimeout(300);
      }
      await details.locator('.seg-labels span', { hasText: /\/s$/ }).first().waitFor({ timeout: 5_000 });
      await screenshot(page, `layout-details-720-${theme}`);
      const cut: string[] = [];
      for (const value of await details.locator('.kv dd').all()) {
        // An address is cut in its middle on purpose, whole on hover (tested above).
        if ((await value.locator('.url').count()) === 0 && (await isCut(value))) cut.push((await value.textContent()) ?? '');
      }
      // The summary under the name says the time left, which the list has no room for at this width.
      const summary = details.locator('.details-title .sub');
      if (await isCut(summary)) cut.push((await summary.textContent()) ?? '');
      assert.deepEqual(cut, [], `${theme}: values cut at 720 px`);
      const fieldsTop = async () => (await details.locator('.fields').boundingBox())?.y;
      const before = await fieldsTop();
      // The download pauses (or the service goes out of reach): the ranges stay, their speeds go.
      await emit(page, 'tasks.changed', { tasks: [{ ...running, state: 'paused', reason: 'by_user', doneBytes: 3.57 * GB }] });
      await details.locator('.seg-labels span', { hasText: /\/s$/ }).first().waitFor({ state: 'detached', timeout: 5_000 });
      assert.equal(await fieldsTop(), before, `${theme}: the fields moved when the speeds went blank`);
      await page.context().close();
    }
  });

  test('links dragged over a window 720 px wide with a toast up: the overlay is over everything and says it all, in light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const page = await openWindow({ ...scenario, noClipboard: true }, { width: 720, height: 420 }, theme);
      await rowOf(page, 'ubuntu-24.04.1-desktop-amd64.iso').dblclick();
      await rowOf(page, 'ubuntu-24.04.1-desktop-amd64.iso').click({ button: 'right' });
      await page.getByRole('menuitem', { name: 'Copy address' }).click();
      await page.locator('.toast').waitFor();
      await dragLinks(page, 'dragenter');
      const overlay = page.getByTestId('drop-overlay');
      await overlay.waitFor();
      await screenshot(page, `layout-drop-720-${theme}`);
      // Each line of the overlay is on top where it is drawn (no toast, dialog or panel over it) and inside the window.
      const hidden = await page.evaluate<string[]>(`(() => {
        const overlay = document.querySelector('[data-testid=drop-overlay]');
        return [...overlay.querySelectorAll('h2, p, .kind')].filter((line) => {
          const box = line.getBoundingClientRect();
          const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return top === null || !overlay.contains(top) || box.top < 0 || box.bottom > innerHeight || box.left < 0 || box.right > innerWidth;
        }).map((line) => line.textContent);
      })()`);
      assert.deepEqual(hidden, [], `${theme}: lines of the drop overlay hidden`);
      await page.context().close();
    }
  });

  test('the details cut a long address in its middle: the host and the file name both stay in sight', async () => {
    const page = await openWindow(scenario);
    await rowOf(page, 'ubuntu-24.04.1-desktop-amd64.iso').dblclick();
    const details = page.getByRole('region', { name: /Details of/ });
    await details.locator('.url').first().waitFor();
    await screenshot(page, 'layout-details-urls');
    const urls = await details.locator('.url').all();
    assert.equal(urls.length, 2);
    for (const url of urls) {
      const file = url.locator('.tail');
      assert.equal(await file.textContent(), '/ubuntu-24.04.1-desktop-amd64.iso');
      assert.equal(await isCut(file), false, `the file name in ${await url.getAttribute('title')} is cut`);
      assert.match((await url.locator('.head').textContent()) ?? '', /^https:\/\/(releases\.ubuntu\.com|mirror\.example-cdn\.net)\//);
    }
    await page.context().close();
  });

  test('keyboard: closing a dialog with Escape gives the focus back to where it was', async () => {
    const page = await openWindow(scenario);
    const said = `(() => { const e = document.activeElement; return e === null || e === document.body ? 'nothing' : (e.getAttribute('aria-label') ?? e.getAttribute('role') ?? e.tagName); })()`;
    // The focus moves back within a frame or two of the popup going (Radix's menus hand it back on a timer).
    const focused = async (expected: string): Promise<string> => {
      await page.waitForFunction(`${said} === ${JSON.stringify(expected)}`, undefined, { timeout: 2_000 }).catch(() => undefined);
      return page.evaluate<string>(said);
    };
    await page.getByRole('button', { name: 'Settings' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Settings' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.equal(await focused('Settings'), 'Settings', 'after Settings');

    await page.getByRole('treegrid').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+n');
    await page.getByRole('dialog', { name: 'Add downloads' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.equal(await focused('Downloads'), 'Downloads', 'after Add (Ctrl+N from the list)');
    // The list goes on with the keyboard: the menu key opens the focused row's menu.
    await page.keyboard.press('Shift+F10');
    await page.getByRole('menu').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    assert.equal(await focused('Downloads'), 'Downloads', 'after the row menu');
    await page.context().close();
  });

  test('keyboard: the list shows it has the focus as soon as Tab reaches it, before any row is chosen', async () => {
    const page = await openWindow(scenario);
    // Header and the first rows: none of them counts down, so only the focus can change them.
    const clip = { x: 220, y: 96, width: 1060, height: 100 };
    const before = await page.screenshot({ clip });
    await page.getByRole('radio', { name: 'Comfortable' }).focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate<string | null>(`document.activeElement?.getAttribute('role') ?? null`), 'treegrid');
    await page.evaluate('new Promise(requestAnimationFrame)');
    assert.notDeepEqual(await page.screenshot({ clip }), before, 'the list looks the same focused as unfocused');
    await screenshot(page, 'layout-list-focused');
    await page.context().close();
  });

  test('keyboard: of several selected rows, only the focused one wears the focus ring; the others keep the selection look', async () => {
    const page = await openWindow(scenario);
    // How a row is drawn around its edges: the selection's accent edge, the focus ring.
    const edges = (row: Locator) =>
      row.evaluate((element) => {
        const style = getComputedStyle(element);
        return `${style.boxShadow} | ${style.outlineStyle} ${style.outlineWidth}`;
      });
    await page.getByRole('radio', { name: 'Comfortable' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    const selected = page.locator('.tasks-body [role=row][aria-selected=true]');
    assert.equal(await selected.count(), 3);
    const focusedId = await page.getByRole('treegrid').getAttribute('aria-activedescendant');
    assert.ok(focusedId !== null);
    const focusedRow = page.locator(`[id="${focusedId}"]`);
    const others = selected.and(page.locator(`:not([id="${focusedId}"])`));
    assert.equal(await others.count(), 2);
    const look = async () => ({ focused: await edges(focusedRow), others: await Promise.all((await others.all()).map(edges)) });
    const withFocus = await look();
    await screenshot(page, 'layout-focus-ring');
    // The focus elsewhere: the selection stays, the ring goes.
    await page.getByRole('searchbox').focus();
    const withoutFocus = await look();
    assert.notEqual(withFocus.focused, withoutFocus.focused, 'the focused row shows the focus ring');
    assert.deepEqual(withFocus.others, withoutFocus.others, 'a selected row without the focus looks the same whether the list has the focus or not');
    await page.context().close();
    const dark = await openWindow(scenario, undefined, 'dark');
    await dark.getByRole('radio', { name: 'Comfortable' }).focus();
    for (const key of ['Tab', 'ArrowDown', 'Shift+ArrowDown', 'Shift+ArrowDown']) await dark.keyboard.press(key);
    await screenshot(dark, 'layout-focus-ring-dark');
    await dark.context().close();
  });

  test('keyboard: the sort headers come before the rows, inside the list\'s one Tab stop: Tab meets Sort by Name first, the arrows move along the headers and down to the rows', async () => {
    const page = await openWindow(scenario);
    const grid = page.getByRole('treegrid');
    // What the list's focus is on: the header or row its active descendant names.
    const active = () =>
      page.evaluate<string>(`(() => {
        const grid = document.querySelector('[role=treegrid]');
        if (document.activeElement !== grid) return 'not the list: ' + (document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName);
        const id = grid.getAttribute('aria-activedescendant');
        const element = id === null ? null : document.getElementById(id);
        if (element === null) return 'the list, on nothing';
        return element.getAttribute('role') + ': ' + (element.querySelector('button')?.getAttribute('aria-label') ?? element.getAttribute('aria-rowindex'));
      })()`);
    const sortOf = (name: string) => page.getByRole('columnheader').filter({ has: page.getByRole('button', { name }) }).getAttribute('aria-sort');
    await page.getByRole('radio', { name: 'Comfortable' }).focus();
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'columnheader: Sort by Name', 'Tab into the list meets the first sort header, drawn above the rows');
    await screenshot(page, 'layout-sort-header-focused');
    await page.keyboard.press('ArrowRight');
    assert.equal(await active(), 'columnheader: Sort by Size');
    await page.keyboard.press('Enter');
    assert.equal(await sortOf('Sort by Size'), 'descending', 'Enter on a header sorts by it');
    await page.keyboard.press('End');
    assert.equal(await active(), 'columnheader: Sort by Speed');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await active(), 'columnheader: Sort by Name', 'the arrows stop at the first header');
    await page.keyboard.press('ArrowDown');
    assert.equal(await active(), 'row: 2', 'Down goes from the headers to the first row');
    assert.equal(await page.locator('.tasks-body [role=row][aria-selected=true]').count(), 1);
    await page.keyboard.press('ArrowUp');
    assert.equal(await active(), 'columnheader: Sort by Name', 'Up from the first row goes back to the headers');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await screenshot(page, 'layout-sort-header-rows');
    // Tab leaves the list: the sort buttons are not Tab stops after it (they were: density, list, then Name, Size, Progress, Speed).
    await page.keyboard.press('Tab');
    assert.doesNotMatch(await active(), /Sort by/, 'Tab from the list goes on past it, not back up to its headers');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await active(), 'row: 3', 'Shift+Tab comes back to the row the list was on');
    assert.equal(await grid.count(), 1);
    await page.context().close();
  });

  test('an empty field says what it stands for in the same words in the Add dialog and in Settings: "default (…)" where it takes the default, "no limit" where it means none', async () => {
    const page = await openWindow(scenario);
    const placeholder = (within: Locator, label: string) => within.getByLabel(label, { exact: true }).getAttribute('placeholder');
    // Other ways of saying the same two things, as the dialog and Settings said them before ("empty for none", "Empty: no limit.").
    const otherWords = /empty for none|empty:|empty means/i;
    await page.getByRole('treegrid').focus();
    await page.keyboard.press('Control+n');
    const add = page.getByRole('dialog', { name: 'Add downloads' });
    await add.waitFor();
    assert.equal(await placeholder(add, 'Connections'), 'default (8)');
    assert.equal(await placeholder(add, 'Speed limit'), 'no limit');
    assert.equal(await placeholder(add, 'Folder'), 'default (/home/me/Downloads)');
    assert.doesNotMatch(await add.innerText(), otherWords);
    await screenshot(page, 'layout-empty-values-add');
    await page.keyboard.press('Escape');
    await add.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.waitFor();
    assert.equal(await placeholder(settings, 'Speed limit'), 'no limit');
    assert.equal(await placeholder(settings, 'Download folder'), 'default (/home/me/Downloads)');
    assert.doesNotMatch(await settings.innerText(), otherWords);
    await screenshot(page, 'layout-empty-values-settings');
    await page.context().close();
  });

  test('the menu of a download waiting for the network offers what the command table lets it do: Pause, Resume (now, not when the network is back) and Cancel, not Retry, Open or New address', async () => {
    const waiting = task({ fileName: 'firmware-update-2.4.1.bin', state: 'waiting_network', reason: 'offline', totalBytes: 40 * MB, doneBytes: 12 * MB });
    const page = await openWindow({ tasks: [waiting, finished] });
    const menuOf = async (): Promise<string[]> => {
      await rowOf(page, 'firmware-update-2.4.1.bin').click({ button: 'right' });
      const menu = page.getByRole('menu');
      await menu.waitFor();
      return (await menu.getByRole('menuitem').allTextContents()).map((text) => text.trim());
    };
    const offered = await menuOf();
    await screenshot(page, 'layout-menu-waiting-network');
    // The domain's table: each command that moves a download in this state is offered, under its word (Retry is the same move as Resume, offered only to a failed download).
    const moves = (command: TaskCommand) => planCommand(command, 'waiting_network').kind === 'move';
    assert.ok(moves('pause') && moves('resume') && moves('cancel'), 'the command table lets a waiting download be paused, resumed and canceled');
    assert.deepEqual(offered, ['Show in folder', 'Pause', 'Resume', 'Cancel', 'Copy address', 'Details', 'Remove from list', 'Remove with file']);
    // Each is sent for this download.
    for (const [word, method] of [['Pause', 'tasks.pause'], ['Resume', 'tasks.resume'], ['Cancel', 'tasks.cancel']] as const) {
      if ((await page.getByRole('menu').count()) === 0) await menuOf();
      await page.getByRole('menuitem', { name: word, exact: true }).click();
      await page.getByRole('menu').waitFor({ state: 'detached' });
      const sent = await sentCommands(page);
      assert.deepEqual(sent.at(-1), { method, input: { ids: [waiting.id] } }, word);
    }
    await page.context().close();
  });

  test('a group row lights up under the pointer and takes the selection\'s tint, as a download\'s row does', async () => {
    const page = await openWindow(scenario);
    const background = (row: Locator) => row.evaluate((element) => getComputedStyle(element).backgroundColor);
    const groupRow = page.locator('.tasks-body [role=row].group');
    const unselected = await background(groupRow);
    // Under the pointer it lights up as any row does.
    await rowOf(page, 'archive-2019.tar').hover();
    const hoveredTask = await background(rowOf(page, 'archive-2019.tar'));
    await groupRow.hover();
    assert.equal(await background(groupRow), hoveredTask, 'the group row does not light up under the pointer');
    await rowOf(page, 'archive-2019.tar').click();
    const selectedTask = await background(rowOf(page, 'archive-2019.tar'));
    await groupRow.click();
    await page.mouse.move(10, 700);
    assert.equal(await groupRow.getAttribute('aria-selected'), 'true');
    assert.notEqual(await background(groupRow), unselected, 'the group row looks the same selected or not');
    assert.equal(await background(groupRow), selectedTask);
    await screenshot(page, 'layout-group-selected');
    await page.context().close();
  });

  test('a canceled download shows no progress: its partial file was deleted', async () => {
    const page = await openWindow(scenario);
    const row = rowOf(page, 'old-driver-pack-2019.zip');
    assert.equal(await row.getByRole('progressbar').count(), 0);
    assert.equal(await row.locator('[role=gridcell]').nth(3).textContent(), '');
    await page.context().close();
  });

  test('the details of a canceled download claim no bytes, no file and no resume, and no problem: canceling deleted its partial file', async () => {
    // As the list (and Chrome's and Firefox's download lists) says of it: canceled, and nothing more.
    for (const theme of ['light', 'dark'] as const) {
      const page = await openWindow(scenario, undefined, theme);
      await rowOf(page, 'old-driver-pack-2019.zip').dblclick();
      const details = page.getByRole('region', { name: /Details of/ });
      await details.locator('.kv').first().waitFor();
      await screenshot(page, `layout-details-canceled-${theme}`);
      assert.equal(await details.locator('.details-title .sub').textContent(), 'Canceled');
      assert.doesNotMatch((await details.locator('.kv dd').nth(2).textContent()) ?? '', /\.part/, 'no partial file is being written');
      // No file to point at, nothing to resume, and the user's own cancel is no problem to report.
      const terms = await details.locator('.kv dt').allTextContents();
      assert.ok(!terms.includes('Saved to') && !terms.includes('Resume') && !terms.includes('Last problem'), `the details say ${terms.join(', ')}`);
      assert.equal(await details.locator('.kv dt', { hasText: 'Folder' }).locator('xpath=following-sibling::dd[1]').textContent(), '/home/me/Downloads');
      await page.context().close();
    }
  });

  test('opening the details keeps the download they describe in sight above them', async () => {
    const page = await openWindow(scenario, { width: 720, height: 600 });
    const row = rowOf(page, 'ubuntu-24.04.1-desktop-amd64.iso');
    await row.dblclick();
    await page.getByRole('region', { name: /Details of/ }).locator('.kv').first().waitFor();
    await page.evaluate('new Promise(requestAnimationFrame)');
    await screenshot(page, 'layout-details-row-in-sight');
    const list = await page.locator('.tasks-body').boundingBox();
    const box = await row.boundingBox();
    assert.ok(list !== null && box !== null && box.y >= list.y - 1 && box.y + box.height <= list.y + list.height + 1, `the row is at ${box?.y}–${(box?.y ?? 0) + (box?.height ?? 0)}, the list shows ${list?.y}–${(list?.y ?? 0) + (list?.height ?? 0)}`);
    await page.context().close();
  });

  test('the first run at 720 px: the status bar fits the window', async () => {
    const page = await openWindow({ tasks: [] }, { width: 720, height: 600 });
    await page.getByRole('heading', { name: 'No downloads yet' }).waitFor();
    await screenshot(page, 'layout-720-empty');
    const bar = page.locator('.statusbar');
    const last = await bar.locator('.sb-item').last().boundingBox();
    assert.ok(last !== null && last.x + last.width <= 720 - 8, `the status bar's last item ends at ${last === null ? '?' : Math.round(last.x + last.width)} px, at the window's edge or past it`);
    for (const item of await bar.locator('.sb-item').all()) assert.equal(await isCut(item), false, `"${await item.textContent()}" is cut`);
    await page.context().close();
  });

  test("the details of a failed download show the engine's own words under its last problem, not only on hover", async () => {
    const page = await openWindow(scenario);
    await rowOf(page, '東京大学_講義資料.zip').dblclick();
    const details = page.getByRole('region', { name: /Details of/ });
    await details.getByText('Response code 403 (Forbidden)', { exact: true }).waitFor({ timeout: 5_000 });
    await screenshot(page, 'layout-details-problem');
    await page.context().close();
    const dark = await openWindow(scenario, undefined, 'dark');
    await rowOf(dark, '東京大学_講義資料.zip').dblclick();
    await dark.getByRole('region', { name: /Details of/ }).getByText('Response code 403 (Forbidden)', { exact: true }).waitFor({ timeout: 5_000 });
    await screenshot(dark, 'layout-details-problem-dark');
    await dark.context().close();
  });

  test('details the service cannot give say why, instead of loading for ever', async () => {
    const page = await openWindow({ ...scenario, detailsRefused: { [refused.id]: { code: 'internal', message: 'database is locked' } } });
    await rowOf(page, '東京大学_講義資料.zip').dblclick();
    const details = page.getByRole('region', { name: /Details of/ });
    await details.getByText('Something went wrong inside Peregrine.').waitFor({ timeout: 5_000 });
    assert.equal(await details.getByText('Loading details…').count(), 0);
    await screenshot(page, 'layout-details-refused');
    await page.context().close();
  });

  test('the Add dialog with only links already in the list and lines without one says nothing new is to be added', async () => {
    const page = await openWindow(scenario);
    await page.getByRole('treegrid').focus();
    await page.keyboard.press('Control+n');
    await page.getByLabel('Links').fill(`${running.url}\nnot a link`);
    await page.getByText('already in the list: ubuntu-24.04.1-desktop-amd64.iso').waitFor();
    const summary = page.locator('#add-links-summary');
    assert.match((await summary.textContent()) ?? '', /^Nothing new to add · 2 lines skipped$/);
    await screenshot(page, 'layout-add-nothing-new');
    await page.context().close();
  });

  test("links the service would not add are said in the catalogue's sentence; its own words come second", async () => {
    const message = 'Invalid URL: https://downloads.example.org/new file.iso';
    const added = { ids: [99], groupId: null, duplicates: [], rejected: [{ url: 'https://downloads.example.org/new file.iso', code: 'bad_url', message }] };
    const page = await openWindow({ ...scenario, commandsAnswered: { 'tasks.add': added } });
    await page.getByRole('treegrid').focus();
    await page.keyboard.press('Control+n');
    await page.getByLabel('Links').fill('https://downloads.example.org/new.iso');
    await page.getByRole('button', { name: 'Add 1 download' }).click();
    const toast = page.locator('.toast.error');
    await toast.waitFor({ timeout: 5_000 });
    await screenshot(page, 'layout-add-rejected');
    assert.deepEqual(await said(toast), ['1 link could not be added: it is not an address Peregrine can download.', message]);
    await page.context().close();
  });

  test('links of which some are added and some refused: what was added is said first, then what was not, from the Add dialog and from a drop', async () => {
    const message = 'Invalid URL: https://downloads.example.org/new file.iso';
    const added = { ids: [99, 100], groupId: null, duplicates: [], rejected: [{ url: 'https://downloads.example.org/new file.iso', code: 'bad_url', message }] };
    const links = ['https://downloads.example.org/a.iso', 'https://downloads.example.org/b.iso', 'https://downloads.example.org/new.iso'];
    const inOrder = ['Added 2 downloads', '1 link could not be added: it is not an address Peregrine can download.'];
    /** The toasts' sentences, top to bottom (the newest is at the bottom). */
    const toastSentences = (page: Page) => page.locator('.toast .toast-words').allTextContents();
    const page = await openWindow({ ...scenario, commandsAnswered: { 'tasks.add': added } });
    await page.getByRole('treegrid').focus();
    await page.keyboard.press('Control+n');
    await page.getByLabel('Links').fill(links.join('\n'));
    await page.getByRole('button', { name: 'Add 3 downloads' }).click();
    await page.locator('.toast.error').waitFor({ timeout: 5_000 });
    await screenshot(page, 'layout-add-some-refused');
    assert.deepEqual(await toastSentences(page), inOrder, 'from the Add dialog');
    await page.context().close();

    const dropped = await openWindow({ ...scenario, settings: { addWithoutAsking: true }, commandsAnswered: { 'tasks.add': added } }, undefined, 'dark');
    await dropLinks(dropped, 'text/uri-list', links.join('\r\n'));
    await dropped.locator('.toast.error').waitFor({ timeout: 5_000 });
    await screenshot(dropped, 'layout-drop-some-refused-dark');
    assert.deepEqual(await toastSentences(dropped), inOrder, 'from links dropped with "add without asking"');
    await dropped.context().close();
  });

  test('Pause all and Resume all are offered exactly when the command would move a download: a retry or a wait for the network can be resumed now', async () => {
    const waiting = [
      task({ id: 901, fileName: 'waits-for-network.iso', state: 'waiting_network', totalBytes: 4 * MB, doneBytes: MB }),
      task({ id: 902, fileName: 'retries-later.zip', state: 'retrying', totalBytes: 4 * MB, doneBytes: MB, nextAttemptAt: Date.now() + 60_000 }),
    ];
    const page = await openWindow({ ...scenario, tasks: waiting });
    const resumeAll = page.getByRole('button', { name: 'Resume all', exact: true });
    assert.equal(await resumeAll.isEnabled(), true, 'resuming moves both to the queue at once (the command table), so the button offers it');
    assert.equal(await page.getByRole('button', { name: 'Pause all', exact: true }).isEnabled(), true);
    await resumeAll.click();
    assert.deepEqual((await sentCommands(page)).filter(({ method }) => method === 'tasks.resume'), [{ method: 'tasks.resume', input: { all: true } }]);
    await screenshot(page, 'layout-resume-all-waiting');
    await page.context().close();

    const settled = await openWindow({ ...scenario, tasks: [task({ id: 903, fileName: 'done.bin', state: 'completed', totalBytes: MB, doneBytes: MB })] });
    for (const name of ['Pause all', 'Resume all']) assert.equal(await settled.getByRole('button', { name, exact: true }).isEnabled(), false, `${name} with only a finished download`);
    await settled.context().close();
  });

  test('icon-only buttons of a narrow window name themselves on hover', async () => {
    const page = await openWindow(scenario, { width: 900, height: 700 });
    for (const name of ['Pause all', 'Resume all']) {
      const button = page.getByRole('button', { name, exact: true });
      assert.equal(await button.locator('.narrow-hide').evaluate((element: { readonly offsetWidth: number }) => element.offsetWidth <= 1), true, `${name} shows only its icon at 900 px`);
      assert.equal(await button.getAttribute('title'), name);
    }
    // The limit switch shows its value only: what it switches is said on hover.
    const limit = page.getByRole('switch', { name: 'Speed limit' });
    assert.equal(await limit.locator('.narrow-hide').evaluate((element: { readonly offsetWidth: number }) => element.offsetWidth <= 1), true);
    assert.match((await limit.getAttribute('title')) ?? '', /limit/i);
    await page.context().close();
  });

  test('where the browser keeps the clipboard closed (plain http from another machine), copying and pasting say so and offer the way round', async () => {
    const page = await openWindow({ ...scenario, noClipboard: true });
    await rowOf(page, 'ubuntu-24.04.1-desktop-amd64.iso').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy address' }).click();
    const toast = page.locator('.toast').filter({ hasText: running.url });
    await toast.waitFor({ timeout: 5_000 });
    assert.doesNotMatch((await toast.textContent()) ?? '', /Something went wrong/);
    await screenshot(page, 'layout-no-clipboard');
    await page.context().close();

    const empty = await openWindow({ tasks: [], noClipboard: true });
    await empty.getByRole('button', { name: 'Paste links' }).click();
    // Without the clipboard, the button opens the Add dialog, where Ctrl+V pastes.
    await empty.getByRole('dialog', { name: 'Add downloads' }).waitFor({ timeout: 5_000 });
    await empty.context().close();
  });

  test('keyboard: the filters and groups are one stop for Tab, the arrows move between them', async () => {
    const page = await openWindow(scenario);
    const focusedName = () => page.evaluate<string>(`document.activeElement?.textContent ?? ''`);
    await page.getByRole('button', { name: 'Settings' }).focus();
    await page.keyboard.press('Tab');
    assert.match(await focusedName(), /^All/);
    await page.keyboard.press('Tab');
    assert.doesNotMatch(await focusedName(), /^(Active|Queued|Completed|Failed|Open Sky)/, 'Tab leaves the filters');
    await page.keyboard.press('Shift+Tab');
    assert.match(await focusedName(), /^All/);
    await page.keyboard.press('ArrowDown');
    assert.match(await focusedName(), /^Active/);
    await page.keyboard.press('End');
    assert.match(await focusedName(), /^Open Sky/);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    assert.match(await focusedName(), /^Open Sky/, 'the arrows wrap around');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(await page.getByRole('tab', { name: /^Failed/ }).getAttribute('aria-selected'), 'true');
    await rowOf(page, '東京大学_講義資料.zip').waitFor();
    await page.context().close();
  });

  test('a request the service finds not valid is said in a plain sentence; the validator\'s own words come second', async () => {
    const zod = 'ids.0: Too small: expected number to be >0';
    const page = await openWindow({ ...scenario, commandsRefused: { 'tasks.pause': { code: 'invalid_input', message: zod } } });
    await rowOf(page, 'ubuntu-24.04.1-desktop-amd64.iso').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Pause', exact: true }).click();
    const toast = page.locator('.toast.error');
    await toast.waitFor({ timeout: 5_000 });
    await screenshot(page, 'layout-toast-invalid');
    const sentence = toast.locator('.toast-words');
    assert.equal(await sentence.textContent(), 'Peregrine could not accept that: a value is missing or not valid. Nothing changed.');
    const detail = toast.locator('.detail');
    assert.equal(await detail.textContent(), zod);
    assert.equal(await detail.getAttribute('title'), zod);
    await page.context().close();
    const dark = await openWindow({ ...scenario, commandsRefused: { 'tasks.pause': { code: 'invalid_input', message: zod } } }, undefined, 'dark');
    await rowOf(dark, 'ubuntu-24.04.1-desktop-amd64.iso').click({ button: 'right' });
    await dark.getByRole('menuitem', { name: 'Pause', exact: true }).click();
    await dark.locator('.toast.error').waitFor({ timeout: 5_000 });
    await screenshot(dark, 'layout-toast-invalid-dark');
    await dark.context().close();
  });

  test("a command the service refuses is said in the catalogue's sentence for its refusal code, the service's own words second", async () => {
    const elsewhere = `task ${running.id}: another Peregrine process (pid 4242) is downloading it; pause it there, or try again once it has finished`;
    const noApp = 'the system could not open debian-12.8.0-amd64-netinst.iso: no application is registered for .iso files';
    const leftover = `EACCES: permission denied, unlink '/home/me/Downloads/${hebrewName}.part'`;
    const refusing: Scenario = {
      ...scenario,
      commandsAnswered: {
        'tasks.pause': { tasks: [], refused: [{ id: running.id, code: 'refused', refusal: 'running_elsewhere', message: elsewhere, state: 'running' }] },
        'tasks.remove': { removed: [{ id: hebrew.id, fileDeleted: false, leftover }], refused: [] },
      },
      commandsRefused: { 'tasks.open': { code: 'refused', refusal: 'open_failed', message: noApp } },
    };
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openWindow(refusing, undefined, scheme);
      const toasts = page.locator('.toast.error');
      /** The sentence and the detail of the newest error toast, once there are `count`. */
      const newest = async (count: number): Promise<(string | null)[]> => {
        await toasts.nth(count - 1).waitFor({ timeout: 5_000 });
        return said(toasts.nth(count - 1));
      };
      await rowOf(page, 'ubuntu-24.04.1-desktop-amd64.iso').click({ button: 'right' });
      await page.getByRole('menuitem', { name: 'Pause', exact: true }).click();
      assert.deepEqual(await newest(1), ['Another Peregrine process is downloading it. Pause it there, or try again once it has finished.', elsewhere]);
      await rowOf(page, 'debian-12.8.0-amd64-netinst.iso').dblclick();
      assert.deepEqual(await newest(2), ['The system could not open the file.', noApp]);
      await screenshot(page, scheme === 'light' ? 'layout-toast-refused' : 'layout-toast-refused-dark');
      await rowOf(page, hebrewName).click({ button: 'right' });
      await page.getByRole('menuitem', { name: 'Remove with file' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Remove', exact: true }).click();
      // At most three toasts stand: the removal's own "Removed 1 download" pushes the oldest out.
      await page.locator('.toast', { hasText: 'could not be deleted' }).waitFor({ timeout: 5_000 });
      const leftoverToast = page.locator('.toast.error', { hasText: 'could not be deleted' });
      assert.deepEqual(await said(leftoverToast), ['1 file could not be deleted from the disk.', leftover]);
      await screenshot(page, scheme === 'light' ? 'layout-toast-leftover' : 'layout-toast-leftover-dark');
      await page.context().close();
    }
  });

  test("a toast's technical detail with a right-to-left path reads as the path: its folders from left to right, in order, between their slashes", async () => {
    const leftover = "EACCES: permission denied, unlink '/home/me/מסמכים/דוחות/דוח_שנתי.pdf.part'";
    const path = ['home', 'me', 'מסמכים', 'דוחות', 'דוח_שנתי', 'pdf.part'];
    const removing: Scenario = { ...scenario, commandsAnswered: { 'tasks.remove': { removed: [{ id: hebrew.id, fileDeleted: false, leftover }], refused: [] } } };
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openWindow(removing, undefined, scheme);
      await rowOf(page, hebrewName).click({ button: 'right' });
      await page.getByRole('menuitem', { name: 'Remove from list' }).click();
      const toast = page.locator('.toast.error', { hasText: 'could not be deleted' });
      await toast.waitFor({ timeout: 5_000 });
      await screenshot(page, `layout-toast-rtl-path-${scheme}`);
      assert.deepEqual(await said(toast), ['1 file could not be deleted from the disk.', leftover], 'the words themselves are kept as they came');
      assert.deepEqual(await toast.locator('.detail').evaluate(drawnOrder, path), path, `${scheme}: the path's parts as the eye reads them, left to right and line by line`);
      await page.context().close();
    }
  });

  test('a refusal from an older Peregrine, without a refusal code, is said as a refusal with its words second, not as an internal fault', async () => {
    const message = 'task 7 is not finished: there is no file to open yet';
    const page = await openWindow({ ...scenario, commandsRefused: { 'tasks.open': { code: 'refused', message } } }, undefined, 'dark');
    await rowOf(page, 'debian-12.8.0-amd64-netinst.iso').dblclick();
    const toast = page.locator('.toast.error');
    await toast.waitFor({ timeout: 5_000 });
    await screenshot(page, 'layout-toast-refused-without-code-dark');
    assert.deepEqual(await said(toast), ['Peregrine could not do that now. Nothing changed.', message]);
    await page.context().close();
  });

  test('the details of a download in right-to-left folders show its path as the path: folders from left to right, in order', async () => {
    const dir = '/home/me/מסמכים/דוחות';
    const report = task({ fileName: 'דוח_שנתי.pdf', dir, state: 'paused', reason: 'by_user', totalBytes: 2 * MB, doneBytes: 1 * MB });
    const dropped = task({ fileName: 'טיוטה.pdf', dir, state: 'canceled', reason: 'canceled', totalBytes: 2 * MB, doneBytes: 0 });
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openWindow({ tasks: [report, dropped] }, undefined, scheme);
      await rowOf(page, 'דוח_שנתי.pdf').dblclick();
      const savedTo = page.locator('.kv dd', { hasText: 'written as .part' });
      await savedTo.waitFor({ timeout: 5_000 });
      await screenshot(page, `layout-details-rtl-path-${scheme}`);
      assert.equal(await savedTo.getAttribute('title'), `${dir}/דוח_שנתי.pdf`);
      assert.deepEqual(await savedTo.evaluate(drawnOrder, ['home', 'me', 'מסמכים', 'דוחות', 'דוח_שנתי', 'pdf']), ['home', 'me', 'מסמכים', 'דוחות', 'דוח_שנתי', 'pdf'], `${scheme}: Saved to`);
      await rowOf(page, 'טיוטה.pdf').dblclick();
      const folder = page.locator('.kv dd', { hasText: 'דוחות' }).first();
      await page.locator('.kv dt', { hasText: /^Folder$/ }).waitFor({ timeout: 5_000 });
      assert.deepEqual(await folder.evaluate(drawnOrder, ['home', 'me', 'מסמכים', 'דוחות']), ['home', 'me', 'מסמכים', 'דוחות'], `${scheme}: Folder`);
      await page.context().close();
    }
  });

  test('a toast under the pointer stays until the pointer leaves it', async () => {
    const page = await openWindow({ ...scenario, noClipboard: true, fakeClock: true });
    await rowOf(page, 'ubuntu-24.04.1-desktop-amd64.iso').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy address' }).click();
    const toast = page.locator('.toast').filter({ hasText: running.url });
    await toast.hover();
    // Someone selecting the address to copy it by hand takes longer than the 8 s an error toast stays.
    await page.clock.runFor(20_000);
    assert.equal(await toast.count(), 1, 'the toast went while the pointer was on it');
    await page.mouse.move(10, 400);
    await page.clock.runFor(9_000);
    await toast.waitFor({ state: 'detached', timeout: 2_000 });
    await page.context().close();
  });

  test('an action on a mixed selection goes to the downloads it applies to, not to the others (no "could not be changed" for them)', async () => {
    const page = await openWindow(scenario);
    await rowOf(page, 'ubuntu-24.04.1-desktop-amd64.iso').click();
    await rowOf(page, 'debian-12.8.0-amd64-netinst.iso').click({ modifiers: ['Control'] });
    await rowOf(page, '東京大学_講義資料.zip').click({ modifiers: ['Control'] });
    await rowOf(page, 'debian-12.8.0-amd64-netinst.iso').click({ button: 'right', modifiers: ['Control'] });
    await page.getByRole('menuitem', { name: 'Pause', exact: true }).click();
    // Space on the same selection: pause again (one of them runs).
    await page.getByRole('treegrid').focus();
    await page.keyboard.press('Space');
    await page.waitForFunction('window.__calls.filter((call) => call.method === "tasks.pause").length === 2', undefined, { timeout: 5_000 });
    assert.deepEqual(await sentCommands(page), [
      { method: 'tasks.pause', input: { ids: [running.id] } },
      { method: 'tasks.pause', input: { ids: [running.id] } },
    ]);
    await page.context().close();
  });

  test('each filter lists as many downloads as its count says, and every download is under one filter besides All', async () => {
    const page = await openWindow(scenario);
    const filters = page.getByRole('tablist').getByRole('tab').filter({ has: page.locator('.count') });
    const counts: Record<string, number> = {};
    for (const tab of await filters.all()) {
      await tab.click();
      const name = (await tab.locator('.nav-label').textContent()) ?? '';
      counts[name] = Number(await tab.locator('.count').textContent());
      // A group row stands for its members that the filter keeps (aria-setsize), shown under it or not.
      await page.waitForFunction(`document.querySelector('[role=tab][aria-selected=true] .nav-label')?.textContent === ${JSON.stringify(name)}`);
      const listed = await page.evaluate<number>(`[...document.querySelectorAll('.tasks-body [role=row][aria-level="1"]')].reduce((sum, row) => sum + (row.classList.contains('group') ? Number(row.getAttribute('aria-setsize')) : 1), 0)`);
      assert.equal(listed, counts[name], `${name}: the count says ${counts[name]}, the list shows ${listed}`);
      if (name === 'Canceled') await screenshot(page, 'layout-filter-canceled');
    }
    const { All: all = 0, ...others } = counts;
    assert.equal(Object.values(others).reduce((sum, count) => sum + count, 0), all, `the filters besides All add up to it: ${JSON.stringify(counts)}`);
    await page.context().close();
  });

  test('a search that finds nothing in a filter says where it looked', async () => {
    const page = await openWindow(scenario);
    await page.getByRole('tab', { name: /^Failed/ }).click();
    await page.getByRole('searchbox').fill('ubuntu');
    await page.getByText('Nothing in Failed downloads matches “ubuntu”.').waitFor({ timeout: 5_000 });
    await page.getByRole('tab', { name: /^All/ }).click();
    await page.getByRole('searchbox').fill('nosuchfile');
    await page.getByText('Nothing matches “nosuchfile”.').waitFor({ timeout: 5_000 });
    await page.context().close();
  });
});

/**
 * Polish seen in screenshots at the window sizes people use (1280, 1000, 900,
 * 720 px), in a suite of its own with its own browser, so the time it takes
 * does not count against the suite above.
 */
describe('the window as a demanding user sees it, in Chromium', { skip, timeout: 180_000 }, () => {
  const openWindow = scriptedWindow();

  test('sizes, speeds and percentages are shown whole at every window width, the widest ones too', async () => {
    // The widest words the units give: four digits before the unit ("1023 MiB", "1023 KiB/s").
    const wide = task({ fileName: 'widest-numbers.bin', state: 'running', totalBytes: 1023 * 1024 * 1024, doneBytes: 512 * MB });
    const numbers: Scenario = {
      ...scenario,
      tasks: [...scenario.tasks, wide],
      progress: [...(scenario.progress ?? []), { id: wide.id, bytes: 512 * MB, totalBytes: 1023 * 1024 * 1024, speed: 1023 * 1024, etaSeconds: 500, connections: 4 }],
    };
    const problems: string[] = [];
    for (const width of [1280, 1000, 900, 720]) {
      const page = await openWindow(numbers, { width, height: 600 });
      await screenshot(page, `layout-numbers-${width}`);
      for (const row of await page.locator('.tasks-body [role=row]').all()) {
        const cells = row.locator('[role=gridcell]');
        // Size, the percentage (or bytes so far) beside the bar, speed.
        for (const cell of [cells.nth(2), cells.nth(3).locator('.pct'), cells.nth(4)]) {
          if ((await cell.count()) === 0) continue;
          const text = (await cell.textContent()) ?? '';
          if (text.trim() !== '' && (await drawnWider(cell))) problems.push(`${width} px: "${text}" is cut`);
        }
      }
      await page.context().close();
    }
    assert.deepEqual(problems, []);
  });

  test('a download of unknown size with nothing received yet leaves its progress cell blank, as a cell with nothing to say does', async () => {
    const waiting = task({ fileName: 'size-not-known-yet.iso', state: 'queued', totalBytes: null, doneBytes: 0 });
    const failed = task({ fileName: 'never-answered.iso', state: 'failed', reason: 'not_found', httpStatus: 404, totalBytes: null, doneBytes: 0 });
    const page = await openWindow({ ...scenario, tasks: [waiting, failed, ...scenario.tasks] });
    await screenshot(page, 'layout-progress-blank');
    for (const name of ['size-not-known-yet.iso', 'never-answered.iso']) {
      const cell = rowOf(page, name).locator('[role=gridcell]').nth(3);
      assert.equal(await cell.locator('.prog').count(), 0, `${name}: an empty bar is drawn, though there is nothing to show`);
    }
    // Those that have something to show keep it.
    assert.equal(await rowOf(page, 'live-radio-stream.mp3').getByRole('progressbar').count(), 1);
    assert.equal(await rowOf(page, 'ubuntu-24.04.1-desktop-amd64.iso').getByRole('progressbar').count(), 1);
    await page.context().close();
  });

  test('the chosen row density stands out from the other in light and dark', async () => {
    const problems: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openWindow(scenario, { width: 1280, height: 800 }, scheme);
      await page.locator('.segmented').screenshot({ path: `${artifactsDir}layout-density-${scheme}.png` });
      // The contrast ratio between the chosen segment's fill and the group's fill (WCAG's formula).
      const ratio = await page.evaluate<number>(`(() => {
        const rgb = (element) => getComputedStyle(element).backgroundColor.match(/[\\d.]+/g).map(Number);
        const luminance = ([r, g, b]) => [r, g, b].map((c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
        const group = luminance(rgb(document.querySelector('.segmented')));
        const chosen = luminance(rgb(document.querySelector('.segmented [aria-checked="true"]')));
        return (Math.max(group, chosen) + 0.05) / (Math.min(group, chosen) + 0.05);
      })()`);
      if (ratio < 1.2) problems.push(`${scheme}: the chosen density's fill differs from the others' by ${ratio.toFixed(2)}:1`);
      await page.context().close();
    }
    assert.deepEqual(problems, []);
  });

  test('the details at 900 and 1000 px: every value can be read, the dates and the saved path too', async () => {
    const done = task({ fileName: 'debian-12.8.0-amd64-DVD-1.iso', state: 'completed', totalBytes: 3.9 * GB, doneBytes: 3.9 * GB, finishedAt: Date.now() - 60_000 });
    const problems: string[] = [];
    for (const width of [900, 1000]) {
      const page = await openWindow({ ...scenario, tasks: [...scenario.tasks, done], details: { [done.id]: { etag: '"5f3a1c-18a9b2c00"', lastModified: 'Tue, 27 Aug 2024 14:02:11 GMT' } } }, { width, height: 600 });
      await rowOf(page, 'debian-12.8.0-amd64-DVD-1.iso').click();
      await page.keyboard.press('Enter');
      const details = page.getByRole('region', { name: /Details of/ });
      await details.locator('.kv').first().waitFor();
      await screenshot(page, `layout-details-${width}`);
      for (const value of await details.locator('.kv dd').all()) {
        // An address is cut in its middle on purpose, whole on hover (tested above); a value cut at its end must say itself on hover.
        if ((await value.locator('.url').count()) > 0 || !(await isCut(value))) continue;
        const text = (await value.textContent()) ?? '';
        if ((await value.getAttribute('title')) === null) problems.push(`${width} px: "${text}" is cut, with no way to read it whole`);
      }
      await page.context().close();
    }
    assert.deepEqual(problems, []);
  });

  test('at 900 px, Open and Show in folder on a finished row sit beside its progress, not over it, and keep their names', async () => {
    const problems: string[] = [];
    for (const width of [1280, 900]) {
      const page = await openWindow(scenario, { width, height: 600 });
      const row = rowOf(page, 'debian-12.8.0-amd64-netinst.iso');
      await row.hover();
      const actions = row.locator('.row-actions');
      await actions.waitFor();
      await screenshot(page, `layout-row-actions-${width}`);
      const progress = await row.locator('[role=gridcell]').nth(3).locator('.prog').boundingBox();
      const status = await row.locator('.cell.status').boundingBox();
      const box = await actions.boundingBox();
      if (progress === null || status === null || box === null) throw new Error('no boxes');
      if (box.x < progress.x + progress.width - 0.5) problems.push(`${width} px: the buttons start at ${Math.round(box.x)} px, over the progress that ends at ${Math.round(progress.x + progress.width)} px`);
      if (box.x + box.width > status.x + 0.5) problems.push(`${width} px: the buttons run into the status`);
      for (const name of ['Open', 'Show in folder']) {
        const button = actions.getByRole('button', { name });
        if ((await button.count()) !== 1) problems.push(`${width} px: no button named "${name}"`);
        else if (width === 900 && (await button.getAttribute('title')) !== name) problems.push(`${width} px: "${name}" has no tooltip`);
      }
      await page.context().close();
    }
    assert.deepEqual(problems, []);
  });
  test('keyboard: a list longer than the window is still one Tab stop: Tab from a row leaves the list, and a click leaves the focus on the list', async () => {
    // Sixty downloads: the list's body scrolls, and Chromium makes a scrolling box without focusable children a Tab stop of its own.
    const many: Scenario = { tasks: Array.from({ length: 60 }, (_, index) => task({ fileName: `photo-${String(index).padStart(3, '0')}.jpg` })) };
    const page = await openWindow(many);
    const where = () =>
      page.evaluate<string>(`(() => {
        const element = document.activeElement;
        const name = element?.getAttribute('aria-label') ?? element?.tagName ?? 'nothing';
        return (element?.closest('[role=treegrid]') === null ? 'outside the list: ' : element?.getAttribute('role') === 'treegrid' ? 'the list: ' : 'inside the list: ') + name;
      })()`);
    await page.locator('.fname', { hasText: 'photo-050.jpg' }).click();
    assert.equal(await where(), 'the list: Downloads', 'a click on a row gives the list the focus');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    assert.match(await where(), /^outside the list/, 'Tab from a row goes on past the list (was: to its scrolling body, a ring around all rows and none on the row)');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await where(), 'the list: Downloads', 'Shift+Tab comes back to the list');
    await screenshot(page, 'layout-long-list-one-stop');
    await page.context().close();
  });
  test('a finished group whose failed file never had a size shows its finished files in its bar, not an empty bar', async () => {
    // Three of four episodes downloaded, the fourth not found (404) before the server said its size: the group's byte total is unknown.
    const settled = { id: 7, name: 'Open Sky · Season 2', createdAt: Date.now(), settledAt: Date.now(), count: 4, byState: { completed: 3, failed: 1 }, doneBytes: 176 * MB, totalBytes: null, state: 'failed' as const };
    const episodes = [
      task({ fileName: 's02e01.mp4', groupId: 7, state: 'completed', totalBytes: 5 * MB, doneBytes: 5 * MB }),
      task({ fileName: 's02e02.mp4', groupId: 7, state: 'completed', totalBytes: 90 * MB, doneBytes: 90 * MB }),
      task({ fileName: 's02e03.mp4', groupId: 7, state: 'failed', reason: 'not_found', httpStatus: 404 }),
      task({ fileName: 's02e04.mp4', groupId: 7, state: 'completed', totalBytes: 81 * MB, doneBytes: 81 * MB }),
    ];
    const page = await openWindow({ tasks: episodes, groups: [settled] });
    const bar = page.locator('.tasks-body .row.group .prog');
    // Where the bar's finished (muted green) part ends, as drawn: its gradient's first stop.
    const finishedEnds = await bar.evaluate((element: unknown) => {
      const style = (globalThis as unknown as { readonly getComputedStyle: (this: void, element: unknown, pseudo: string) => { readonly backgroundImage: string } }).getComputedStyle(element, '::before');
      return /\) ([\d.]+)%/.exec(style.backgroundImage)?.[1] ?? style.backgroundImage;
    });
    await screenshot(page, 'layout-group-unknown-size');
    assert.equal(finishedEnds, '75', 'three of four files are finished: three quarters of the bar');
    assert.equal(await bar.locator('.pct').textContent(), formatBytes(176 * MB), 'the bytes so far still say how much');
    await page.context().close();
  });
  test('keyboard: after the download the keyboard is on is removed, the keyboard goes on from the row that took its place, not from the top of the list', async () => {
    const files = Array.from({ length: 8 }, (_, index) => task({ fileName: `scan-${index}.pdf` }));
    const page = await openWindow({ tasks: files });
    // The name in the row the list's focus is on.
    const on = () =>
      page.evaluate<string | null>(`(() => {
        const id = document.querySelector('[role=treegrid]').getAttribute('aria-activedescendant');
        return id === null ? null : document.getElementById(id)?.querySelector('.fname')?.textContent ?? null;
      })()`);
    // Newest first: scan-7 … scan-0. The keyboard on scan-4.
    await rowOf(page, 'scan-4.pdf').click();
    assert.equal(await on(), 'scan-4.pdf');
    const removed = files.find((file) => file.fileName === 'scan-4.pdf');
    if (removed === undefined) throw new Error('no scan-4');
    await emit(page, 'tasks.removed', { removed: [{ id: removed.id, fileDeleted: false }] });
    await rowOf(page, 'scan-4.pdf').waitFor({ state: 'detached' });
    assert.equal(await on(), 'scan-3.pdf', 'the row under the removed one has the focus');
    assert.equal(await page.locator('.tasks-body [role=row][aria-selected=true] .fname').allTextContents().then((names) => names.join()), 'scan-3.pdf', 'and the selection');
    await page.keyboard.press('ArrowDown');
    assert.equal(await on(), 'scan-2.pdf', 'Down goes on from there');
    await screenshot(page, 'layout-focus-after-remove');
    await page.context().close();
  });
});
