import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { bundlePath, cliPath, runCli, startCli } from './cli-harness.js';
import { box, server, useFixtureSuite } from './fixture-suite.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
// `npx tsc -b` alone does not bundle; `npm run build` (and so `npm test`) does.
const noBundle = existsSync(bundlePath) ? false : 'dist/cli/peregrine.cjs is made by npm run build';

useFixtureSuite();

describe('peregrine --version', () => {
  for (const [name, cli] of [['tsc output', cliPath], ['bundle', bundlePath]] as const) {
    test(`prints the package's version and exits 0 (${name})`, { skip: name === 'bundle' ? noBundle : false }, async () => {
      for (const flag of ['--version', '-V']) {
        const run = await runCli([flag], { cli });
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stdout, `${manifest.version}\n`);
      }
    });
  }
});

describe('the bundled CLI (the package bin)', { skip: noBundle }, () => {
  test('is what package.json names as the bin', () => {
    assert.equal(path.resolve(root, manifest.bin['peregrine'] ?? ''), bundlePath);
  });

  test('get downloads a file with the right bytes and records it; list shows it completed', async () => {
    const db = path.join(box.aside, 'queue.db');
    const run = await runCli(['get', server.url('/file?size=300000&seed=7'), '-d', box.dir, '--db', db, '-c', '2'], { cli: bundlePath });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await sha256File(path.join(box.dir, 'file')), sha256(makePayload(300_000, 7)));
    const list = await runCli(['list', '--db', db, '--json'], { cli: bundlePath });
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(
      (JSON.parse(list.stdout) as { state: string }[]).map((task) => task.state),
      ['completed'],
    );
  });

  test('serve starts and serves the built web UI, then stops cleanly on Ctrl-C', { skip: existsSync(path.join(root, 'dist/renderer/index.html')) ? false : 'no built web UI' }, async () => {
    const served = startCli(['serve', '--port', '0', '--db', path.join(box.aside, 'serve.db'), '--dir', box.dir], { cli: bundlePath });
    const deadline = Date.now() + 20_000;
    while (!/http:\/\/\S+/.test(served.stdout()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const address = /http:\/\/[^\s#]+/.exec(served.stdout())?.[0];
    assert.ok(address !== undefined, `no address printed: ${served.stdout()}`);
    const page = await fetch(address);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    served.child.kill('SIGINT');
    const done = await served.done;
    assert.equal(done.code, 0, done.stderr);
  });
});

// Node 22.1+ keeps compiled code itself (module.enableCompileCache, in the same folder); Node 20 by main/cli/code-cache.ts.
const builtInCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function' ? 'this Node keeps compiled code itself' : false;

describe('the bundled CLI keeps its compiled code between runs', { skip: noBundle || builtInCache }, () => {
  const cacheFiles = (home: string): Map<string, { mtimeMs: number; ino: number; size: number; mode: number }> => {
    const versionFolder = path.join(home, 'peregrine', 'code', `${process.versions.v8}-${process.arch}`);
    if (!existsSync(versionFolder)) return new Map();
    const [copy, ...others] = readdirSync(versionFolder);
    assert.ok(copy !== undefined && others.length === 0, `one folder for the one installed copy: ${readdirSync(versionFolder).join(', ')}`);
    const folder = path.join(versionFolder, copy);
    return new Map(
      readdirSync(folder).map((name) => {
        const { mtimeMs, ino, size, mode } = statSync(path.join(folder, name));
        return [path.join(folder, name), { mtimeMs, ino, size, mode }];
      }),
    );
  };

  test('a second run reads the code the first saved, in a private folder; a damaged file is made again', async () => {
    const home = path.join(box.aside, 'cache');
    const db = path.join(box.aside, 'queue.db');
    const list = async (): Promise<void> => {
      const run = await runCli(['list', '--db', db, '--json'], { cli: bundlePath, env: { XDG_CACHE_HOME: home } });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '[]\n');
    };
    await list();
    const first = cacheFiles(home);
    assert.ok(first.size >= 2, `code saved for the chunks a list loads: ${[...first.keys()].join(', ')}`);
    assert.equal(statSync(path.dirname([...first.keys()][0] ?? '')).mode & 0o777, 0o700);
    for (const [file, stat] of first) assert.equal(stat.mode & 0o777, 0o600, file);

    // V8 accepted every file: none was written again.
    await list();
    assert.deepEqual(cacheFiles(home), first);

    const damaged = [...first.keys()].find((file) => path.basename(file).startsWith('local-service-'));
    assert.ok(damaged !== undefined, 'the service chunk has code');
    writeFileSync(damaged, 'not code');
    await list();
    const after = cacheFiles(home);
    assert.ok((after.get(damaged)?.size ?? 0) > 100, 'the damaged file was made again');
    assert.notEqual(readFileSync(damaged, 'utf8'), 'not code');
  });

  test('each command keeps the code it compiled: a --version does not leave a get or list only part of its code', async () => {
    const home = path.join(box.aside, 'cache');
    const run = (args: string[]) => runCli(args, { cli: bundlePath, env: { XDG_CACHE_HOME: home } });
    const programCode = (command: string): { size: number; mtimeMs: number; ino: number } | undefined =>
      [...cacheFiles(home)].find(([file]) => path.basename(file).startsWith('program-') && file.endsWith(`.${command}.code`))?.[1];
    assert.equal((await run(['--version'])).code, 0);
    const version = programCode('version');
    assert.ok(version !== undefined, '--version saved the code of the chunk that parses commands');
    const listed = await run(['list', '--db', path.join(box.aside, 'queue.db')]);
    assert.equal(listed.code, 0, listed.stderr);
    const list = programCode('list');
    assert.ok(list !== undefined && list.size > version.size + 1024, `list keeps all it compiled of that chunk: ${version.size} (--version) vs ${list?.size} (list)`);
    // Each reads its own again, unwritten.
    assert.equal((await run(['--version'])).code, 0);
    assert.deepEqual(programCode('version'), version);
    assert.deepEqual(programCode('list'), list);
  });

  test('NODE_DISABLE_COMPILE_CACHE keeps none, as it does for Node itself', async () => {
    const home = path.join(box.aside, 'cache');
    const run = await runCli(['list', '--db', path.join(box.aside, 'queue.db')], { cli: bundlePath, env: { XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(cacheFiles(home).size, 0);
  });
});
