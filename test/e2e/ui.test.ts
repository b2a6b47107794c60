import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startFixtureServer, type FixtureServer } from '../fixtures/fixture-server.js';
import { makePayload, sha256 } from '../fixtures/payload.js';
import { accessibilityProblems, dragLinks, dropLinks, dropTextFile, haveChromium, haveServe, launchChromium, makeWorkspace, openUi, pasteText, row, rowNamed, screenshot, startServe, type Served, type Workspace } from './ui-harness.js';

/**
 * The served UI in Debian's Chromium against `peregrine serve` with a real
 * engine, a real database in a temp folder and the fixture servers: what a
 * user does, checked as a user would (words on screen, bytes on disk).
 */
const skip = !haveChromium ? 'Chromium not found (apt-get install chromium, or set PEREGRINE_CHROMIUM)' : !haveServe ? 'peregrine serve is not built' : false;

describe('the UI in Chromium against peregrine serve', { skip, timeout: 420_000 }, () => {
  let fixtures: FixtureServer;
  let workspace: Workspace;
  let served: Served;
  let browser: Browser;
  let page: Page;
  /** What the browser said the page's Content-Security-Policy refused. */
  const refusedByCsp: string[] = [];

  const fileOnDisk = async (name: string) => sha256(await readFile(path.join(workspace.dir, name)));

  before(async () => {
    fixtures = await startFixtureServer();
    workspace = await makeWorkspace();
    served = await startServe(workspace);
    browser = await launchChromium();
    page = await openUi(browser, served.url);
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) refusedByCsp.push(message.text());
    });
  });

  after(async () => {
    await browser?.close();
    await served?.stop();
    await fixtures?.close();
    await workspace?.remove();
  });

  test('a first run says what to do', async () => {
    await page.getByRole('heading', { name: 'No downloads yet' }).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the token leaves the address bar');
    await screenshot(page, 'empty');
  });

  test('adding through the dialog: the line is checked, the file arrives whole', async () => {
    await page.getByRole('button', { name: 'Add downloads' }).first().click();
    const links = page.getByLabel('Links');
    await links.fill(`${fixtures.url('/file?size=300000&seed=3')}\nnot a link`);
    await page.getByText('no web link on this line').waitFor();
    await screenshot(page, 'add-dialog');
    await page.getByRole('button', { name: 'Add 1 download' }).click();
    await row(page, 'Completed').first().waitFor();
    const name = (await page.getByRole('row').filter({ hasText: 'Completed' }).first().locator('.fname').textContent()) ?? '';
    assert.equal(await fileOnDisk(name), sha256(makePayload(300_000, 3)));
    await page.getByRole('progressbar').first().getAttribute('aria-valuenow').then((value) => assert.equal(value, '100'));
  });

  test('a link already in the list is flagged with the download it repeats, and is not added twice', async () => {
    const existing = (await page.getByRole('row').filter({ hasText: 'Completed' }).first().locator('.fname').textContent()) ?? '';
    await page.getByRole('button', { name: 'Add', exact: false }).first().click();
    await page.getByLabel('Links').fill(`${fixtures.url('/file?size=300000&seed=3')}\nnot a link\nftp://mirror.example/pub/a.iso`);
    await page.getByText(`already in the list: ${existing}`).waitFor();
    await page.getByText('no web link on this line').waitFor();
    await page.getByText('only http and https links can be downloaded').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add 1 download' }).count(), 0, 'nothing new to add');
    await page.getByLabel('Download again the links already in the list').waitFor();
    await screenshot(page, 'add-dialog-flagged');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  test('dropping a link opens the dialog with it, and it downloads', async () => {
    // While links are over the window, the whole window says what a drop does; it goes when they leave.
    await dragLinks(page, 'dragenter');
    await page.getByText('Drop to download').waitFor();
    await screenshot(page, 'drop');
    await dragLinks(page, 'dragleave');
    await page.getByText('Drop to download').waitFor({ state: 'detached' });
    await dropLinks(page, 'text/uri-list', `# dragged\r\n${fixtures.url('/file?size=200000&seed=4&key=drop')}\r\n`);
    const dialog = page.getByRole('dialog', { name: 'Add downloads' });
    await dialog.waitFor();
    assert.match(await page.getByLabel('Links').inputValue(), /seed=4/);
    await dialog.getByRole('button', { name: 'Add 1 download' }).click();
    await page.getByRole('row').filter({ hasText: 'Completed' }).nth(1).waitFor();
  });

  test('pasting text with links on the list does the same', async () => {
    await page.getByRole('treegrid').focus();
    await pasteText(page, `Here: ${fixtures.url('/file?size=100000&seed=5&key=paste')}, thanks.`);
    const dialog = page.getByRole('dialog', { name: 'Add downloads' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Add 1 download' }).click();
    await page.getByRole('row').filter({ hasText: 'Completed' }).nth(2).waitFor();
  });

  test('a missing file says so in words, and Retry tries again', async () => {
    await page.getByRole('button', { name: 'Add', exact: false }).first().click();
    await page.getByLabel('Links').fill(fixtures.url('/flaky?fail=1&code=404&size=50000&seed=6&key=retry'));
    await page.getByRole('button', { name: 'Add 1 download' }).click();
    const failed = page.getByRole('row').filter({ hasText: 'Failed — file not found on the server (404)' });
    await failed.waitFor();
    await screenshot(page, 'failed-404');
    await failed.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Retry' }).click();
    await page.getByRole('row').filter({ hasText: 'Completed' }).nth(3).waitFor();
  });

  test('pause and resume with the keyboard', async () => {
    await page.getByRole('button', { name: 'Add', exact: false }).first().click();
    await page.getByLabel('Links').fill(fixtures.url('/drip?size=3000000&chunk=16384&every=50&seed=7&key=pause'));
    await page.getByRole('button', { name: 'Add 1 download' }).click();
    const running = page.getByRole('row').filter({ hasText: 'Downloading' });
    await running.waitFor();
    await running.click();
    await page.keyboard.press('Space');
    await page.getByRole('row').filter({ hasText: /Paused/ }).waitFor();
    // One meaning of active: the paused download is queued in the sidebar and in the status bar.
    await page.locator('.statusbar').getByText('0 active').waitFor();
    assert.match((await page.getByRole('tab', { name: /^Active/ }).textContent()) ?? '', /^Active\s*0$/);
    await screenshot(page, 'paused');
    await page.keyboard.press('Space');
    await page.getByRole('row').filter({ hasText: 'Downloading' }).waitFor();
    // Over two connections: the row's bar draws each byte range as it fills.
    await page.locator('.row[data-state="running"] .prog[style*="--fill: linear-gradient"]').waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: /Details of/ }).waitFor();
    // Each connection's speed under its range, once two batches have shown how far each range moved.
    await page.locator('.details .seg-labels > span').filter({ hasText: /\/s$/ }).nth(1).waitFor();
    await screenshot(page, 'details-running');
    await page.keyboard.press('Space');
    await page.getByRole('row').filter({ hasText: /Paused/ }).waitFor();
  });

  test('remove with file: the file is gone', async () => {
    const done = page.getByRole('row').filter({ hasText: 'Completed' }).first();
    const name = (await done.locator('.fname').textContent()) ?? '';
    assert.ok(existsSync(path.join(workspace.dir, name)));
    await done.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Remove with file' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    // The dialog closes once the service has answered, when the file is deleted (or its failure reported);
    // the row can leave the list a moment sooner, and the file was seen still there then (1 run in 3 under load).
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await rowNamed(page, name).waitFor({ state: 'detached' });
    assert.equal(existsSync(path.join(workspace.dir, name)), false);
  });

  test('filters and search', async () => {
    await page.getByRole('tab', { name: /Completed/ }).click();
    assert.equal(await page.getByRole('row').filter({ hasText: 'Paused' }).count(), 0);
    assert.ok((await page.getByRole('row').filter({ hasText: 'Completed' }).count()) >= 2);
    await page.getByRole('tab', { name: /^All/ }).click();
    await page.getByRole('searchbox').fill('pause');
    await page.locator('.tasks-body [role=row]').nth(1).waitFor({ state: 'detached' });
    assert.equal(await page.locator('.tasks-body [role=row]').count(), 1);
    await page.getByRole('searchbox').fill('');
  });

  test('a group of five downloads together and says when it is done', async () => {
    await page.getByRole('button', { name: 'Add', exact: false }).first().click();
    await page.getByLabel('Links').fill([1, 2, 3, 4, 5].map((n) => fixtures.url(`/file?size=${60_000 + n}&seed=${10 + n}&key=g${n}`)).join('\n'));
    await page.getByLabel('Add as a group').check();
    await page.getByLabel('Group name').fill('Five files');
    await page.getByRole('button', { name: 'Add 5 downloads' }).click();
    const group = page.getByRole('row').filter({ hasText: 'Five files' });
    await group.filter({ hasText: 'All 5 done' }).waitFor();
    assert.equal(await group.getAttribute('aria-expanded'), 'true');
    await page.getByRole('tab', { name: /Five files/ }).waitFor();
    // The details dock follows the selection; a removed download took it away, an open one would hide the picture's rows.
    const closeDetails = page.getByRole('button', { name: 'Close details' });
    if ((await closeDetails.count()) > 0) await closeDetails.click();
    // Toasts leave by themselves within seconds; the picture is of the window alone.
    await page.locator('.toast').last().waitFor({ state: 'detached', timeout: 15_000 });
    await screenshot(page, 'main-light');
    const dark = await openUi(browser, served.url, 'dark');
    await dark.getByRole('row').filter({ hasText: 'Five files' }).waitFor();
    await screenshot(dark, 'main-dark');
    await dark.context().close();
  });

  test('settings are saved, applied, and still there after a restart; the banner comes and goes by itself', async () => {
    // Free space of the download folder in the status bar; the speed-limit switch turns the service's remembered limit on.
    await page.locator('.statusbar').getByText(/ free in \S+$/).waitFor();
    const limitSwitch = page.getByRole('switch', { name: 'Global speed limit' });
    assert.equal(await limitSwitch.getAttribute('aria-checked'), 'false');
    const restores = (await limitSwitch.locator('.limit-value').textContent()) ?? '';
    assert.match(restores, /\d/);
    await limitSwitch.click();
    await page.locator('.statusbar').getByText(`Limited to ${restores}`).waitFor();
    assert.equal(await limitSwitch.getAttribute('aria-checked'), 'true');

    await page.getByRole('button', { name: 'Settings' }).click();
    // Left empty, the folder box names the folder the service really uses: here the one `serve --dir` was given
    // (in the words every empty box uses for its default, as Connections in the Add dialog: "default (8)").
    const folder = page.getByLabel('Download folder', { exact: true });
    assert.equal(await folder.inputValue(), '');
    assert.equal(await folder.getAttribute('placeholder'), `default (${workspace.dir})`);
    const field = page.getByLabel('Downloads at once', { exact: true });
    await field.fill('5');
    await field.press('Enter');
    // Saved on Enter: opened again, the page shows what the service now holds (the restart below proves it was kept).
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.waitForFunction(`document.getElementById('setting-maxConcurrent')?.value === '5'`, undefined, { timeout: 10_000 });
    await screenshot(page, 'settings');
    await page.keyboard.press('Escape');

    await served.stop();
    await page.getByTestId('connection-banner').waitFor();
    await screenshot(page, 'connection-lost');
    served = await startServe({ ...workspace, port: served.port });
    await page.getByTestId('connection-banner').waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('row').filter({ hasText: 'Five files' }).waitFor();

    await page.getByRole('button', { name: 'Settings' }).click();
    assert.equal(await page.getByLabel('Downloads at once', { exact: true }).inputValue(), '5');
    await page.keyboard.press('Escape');
    // The switch's state lives in the service: still on after the restart; off keeps the same limit for next time.
    assert.equal(await limitSwitch.getAttribute('aria-checked'), 'true');
    await limitSwitch.click();
    await page.locator('.statusbar').getByText('No speed limit').waitFor();
    assert.equal(await limitSwitch.locator('.limit-value').textContent(), restores);
  });

  test('a narrow window (800 px) keeps the list readable', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await page.getByRole('row').filter({ hasText: 'Five files' }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.equal(overflow, 0, 'nothing sticks out sideways');
    await screenshot(page, 'narrow');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('keyboard: Ctrl+N adds, Ctrl+F searches names and addresses, Ctrl+A selects every row, Delete removes from the list (the file stays)', async () => {
    await page.getByRole('treegrid').focus();
    await page.keyboard.press('Control+n');
    await page.getByRole('dialog', { name: 'Add downloads' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByRole('treegrid').focus();
    await page.keyboard.press('Control+a');
    const rows = page.locator('.tasks-body [role=row]');
    const shown = await rows.count();
    assert.ok(shown >= 5);
    assert.equal(await page.locator('.tasks-body [role=row][aria-selected=true]').count(), shown, 'every row is selected');
    await page.keyboard.press('Escape');
    await page.locator('.tasks-body [role=row][aria-selected=true]').first().waitFor({ state: 'detached' });

    await page.keyboard.press('Control+f');
    assert.equal(await page.evaluate('document.activeElement?.getAttribute("type")'), 'search');
    await page.keyboard.type('key=paste');
    await rows.nth(1).waitFor({ state: 'detached' });
    const pasted = rows.first();
    const name = (await pasted.locator('.fname').textContent()) ?? '';
    await pasted.click();
    await page.keyboard.press('Delete');
    await page.getByText('Nothing matches “key=paste”.').waitFor();
    assert.ok(existsSync(path.join(workspace.dir, name)), 'Delete removes from the list only');
    await page.getByRole('searchbox').press('Escape');
    await page.getByRole('row').filter({ hasText: 'Five files' }).waitFor();
  });

  test('columns sort both ways, and the list has a compact and a comfortable density', async () => {
    // Row elements are reused in place while the list changes order (row-slots.ts): read the order the rows say.
    const names = () =>
      page.evaluate<string[]>(`[...document.querySelectorAll('.tasks-body [role=row][aria-level="1"]')]
        .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
        .map((row) => row.querySelector('.fname')?.textContent ?? '')`);
    const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
    const nameHeader = page.getByRole('columnheader').filter({ has: page.getByRole('button', { name: 'Sort by Name' }) });
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    assert.equal(await nameHeader.getAttribute('aria-sort'), 'ascending');
    const ascending = await names();
    assert.deepEqual(ascending, [...ascending].sort(collator.compare));
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    assert.equal(await nameHeader.getAttribute('aria-sort'), 'descending');
    const descending = await names();
    assert.deepEqual(descending, [...descending].sort(collator.compare).reverse());
    await page.getByRole('button', { name: 'Sort by Size' }).click();
    assert.equal(await page.getByRole('columnheader').filter({ has: page.getByRole('button', { name: 'Sort by Size' }) }).getAttribute('aria-sort'), 'descending');

    const firstRow = page.locator('.tasks-body [role=row]').first();
    await page.getByRole('radio', { name: 'Comfortable' }).click();
    await page.waitForFunction(`document.querySelector('.tasks-body [role=row]')?.getBoundingClientRect().height === 40`, undefined, { timeout: 5_000 });
    await screenshot(page, 'comfortable');
    await page.getByRole('radio', { name: 'Compact' }).click();
    await page.waitForFunction(`document.querySelector('.tasks-body [role=row]')?.getBoundingClientRect().height === 30`, undefined, { timeout: 5_000 });
    assert.equal(await firstRow.getAttribute('role'), 'row');
  });

  test('a finished row can be dragged out of the tab as its file (Chromium DownloadURL, fetched with the session), and offers what it allows', async () => {
    const done = page.locator('.tasks-body .row:not(.group)[data-state="completed"]').first();
    assert.equal(await done.getAttribute('draggable'), 'true');
    // A drag as Chromium starts it: the row's dragstart fills the DataTransfer it is given.
    const payload = await page.evaluate<string>(`(() => {
      const row = document.querySelector('.tasks-body .row:not(.group)[data-state="completed"]');
      const data = new DataTransfer();
      row.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: data }));
      return data.getData('DownloadURL');
    })()`);
    const match = /^application\/octet-stream:([^:]+):(http:\/\/127\.0\.0\.1:\d+\/api\/downloads\/\d+\/file)$/.exec(payload);
    const [, name, url] = match ?? [];
    assert.ok(name !== undefined && url !== undefined, `DownloadURL payload: ${payload}`);
    // What a drop fetches: the file's bytes, with the page's session; without it, nothing.
    const fetched = await page.evaluate<{ status: number; sha256: string }>(`(async () => {
      const answer = await fetch(${JSON.stringify(url)});
      const digest = await crypto.subtle.digest('SHA-256', await answer.arrayBuffer());
      return { status: answer.status, sha256: [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('') };
    })()`);
    assert.deepEqual(fetched, { status: 200, sha256: await fileOnDisk(name) });
    assert.equal((await fetch(url)).status, 401, 'no file without the token');
    await done.click({ button: 'right' });
    for (const action of ['Copy address', 'Details', 'Remove from list', 'Remove with file']) await page.getByRole('menuitem', { name: action, exact: true }).waitFor();
    // A browser tab cannot open a file or its folder on this computer (the service refuses it): none is offered.
    for (const action of ['Pause', 'Open', 'Show in folder']) assert.equal(await page.getByRole('menuitem', { name: action, exact: true }).count(), 0, action);
    await screenshot(page, 'context-menu');
    await page.getByRole('menuitem', { name: 'Details' }).click();
    const details = page.getByRole('region', { name: /Details of/ });
    await details.getByText('none given').waitFor();
    assert.equal(await details.getByRole('button', { name: 'Open', exact: true }).count(), 0);
    await done.hover();
    assert.equal(await page.getByRole('button', { name: 'Show in folder' }).count(), 0, 'no hover buttons to open in a browser tab');
    await screenshot(page, 'details-completed');
  });

  test('every control has a name and a role, and text has contrast (axe-core), light and dark, dialogs and menus included', async () => {
    const problems: string[] = [];
    problems.push(...(await accessibilityProblems(page)));
    await page.getByRole('row').filter({ hasText: 'Completed' }).first().click({ button: 'right' });
    await page.getByRole('menu').waitFor();
    problems.push(...(await accessibilityProblems(page)));
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Add', exact: false }).first().click();
    await page.getByLabel('Links').fill(`${fixtures.url('/file?size=300000&seed=3')}\nnot a link`);
    await page.getByText('no web link on this line').waitFor();
    problems.push(...(await accessibilityProblems(page)));
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog').waitFor();
    problems.push(...(await accessibilityProblems(page)));
    await page.keyboard.press('Escape');
    const dark = await openUi(browser, served.url, 'dark');
    await dark.getByRole('row').filter({ hasText: 'Five files' }).waitFor();
    problems.push(...(await accessibilityProblems(dark)));
    await dark.getByRole('button', { name: 'Add', exact: false }).first().click();
    await dark.getByLabel('Links').fill(`${fixtures.url('/file?size=300000&seed=3')}\nnot a link`);
    await dark.getByText('no web link on this line').waitFor();
    problems.push(...(await accessibilityProblems(dark)));
    await screenshot(dark, 'add-dialog-dark');
    await dark.keyboard.press('Escape');
    await dark.getByRole('dialog').waitFor({ state: 'detached' });
    await dark.setViewportSize({ width: 1600, height: 900 });
    await screenshot(dark, 'wide-dark');
    await dark.context().close();
    assert.deepEqual(problems, []);
  });

  test('with "add without asking" on, a dropped .txt list and dropped text start at once, without the dialog', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const withoutAsking = page.getByLabel('Add dropped and pasted links without asking');
    await withoutAsking.check();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const completedBefore = await page.locator('.tasks-body .row:not(.group)[data-state="completed"]').count();
    await dropTextFile(page, 'links.txt', `${fixtures.url('/file?size=40000&seed=31&key=txt1')}\n${fixtures.url('/file?size=40000&seed=32&key=txt2')}\n`);
    await dropLinks(page, 'text/plain', `see ${fixtures.url('/file?size=40000&seed=33&key=text')} there`);
    await page.locator('.tasks-body .row:not(.group)[data-state="completed"]').nth(completedBefore + 2).waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog asked');
    for (const key of ['txt1', 'txt2', 'text']) assert.ok(fixtures.requestsTo('/file').some((request) => request.path.includes(`key=${key}`)), `${key} was fetched`);
    await page.getByRole('button', { name: 'Settings' }).click();
    await withoutAsking.uncheck();
    await page.keyboard.press('Escape');
  });

  test('a group pauses, resumes and is removed as one; Pause all and Resume all act on every download', async () => {
    await page.getByRole('button', { name: 'Add', exact: false }).first().click();
    await page.getByLabel('Links').fill([1, 2].map((n) => fixtures.url(`/drip?size=3000000&chunk=16384&every=50&seed=${40 + n}&key=slow${n}`)).join('\n'));
    await page.getByLabel('Add as a group').check();
    await page.getByLabel('Group name').fill('Two slow');
    await page.getByRole('button', { name: 'Add 2 downloads' }).click();
    const group = page.getByRole('row').filter({ hasText: 'Two slow' });
    await group.filter({ hasText: 'Downloading' }).waitFor();
    const members = page.locator('.tasks-body .row[aria-level="2"]').filter({ hasText: 'drip' });

    await group.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Pause group' }).click();
    await group.filter({ hasText: 'Paused' }).waitFor();
    await page.waitForFunction(`[...document.querySelectorAll('.tasks-body .row[aria-level="2"]')].filter((row) => row.textContent.includes('drip')).every((row) => row.dataset.state === 'paused')`, undefined, { timeout: 10_000 });
    assert.equal(await members.count(), 2);
    await group.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Resume group' }).click();
    await group.filter({ hasText: 'Downloading' }).waitFor();

    await page.getByRole('button', { name: 'Pause all' }).click();
    await page.locator('.statusbar').getByText('0 active').waitFor();
    await group.filter({ hasText: 'Paused' }).waitFor();
    await page.getByRole('button', { name: 'Resume all' }).click();
    await group.filter({ hasText: 'Downloading' }).waitFor();

    await group.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Remove group', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await group.waitFor({ state: 'detached' });
    // Its downloads went with it: no address of theirs is left in the list.
    await page.getByRole('searchbox').fill('key=slow');
    await page.getByText('Nothing matches “key=slow”.').waitFor();
    await page.getByRole('searchbox').fill('');
  });

  test('nothing the page did, dialogs included, was refused by its Content-Security-Policy', () => {
    assert.deepEqual(refusedByCsp, []);
  });
});
