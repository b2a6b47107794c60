import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import module from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { box, useFixtureSuite } from './fixture-suite.js';

const codeCache = fileURLToPath(new URL('../../main/cli/code-cache.js', import.meta.url));
// Node 22.1+ keeps compiled code itself; the stand-in below is Node 20's.
const builtInCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function' ? 'this Node keeps compiled code itself' : false;

useFixtureSuite();

describe("the CLI's code cache on Node 20", { skip: builtInCache }, () => {
  test('a chunk that uses import() loads and runs as under Node alone; the others have their code kept', async () => {
    const chunks = path.join(box.aside, 'pkg', 'dist', 'cli', 'chunks');
    await mkdir(chunks, { recursive: true });
    await writeFile(path.join(chunks, 'dynamic-a1.cjs'), "module.exports = async () => (await import('node:path')).sep;\n");
    await writeFile(path.join(chunks, 'plain-b2.cjs'), "module.exports = () => 'plain';\n");
    const entry = path.join(box.aside, 'pkg', 'entry.mjs');
    await writeFile(
      entry,
      [
        `import { createRequire } from 'node:module';`,
        `import { keepCompiledCode } from ${JSON.stringify(codeCache)};`,
        `keepCompiledCode(${JSON.stringify(chunks)}, ['get'], { XDG_CACHE_HOME: ${JSON.stringify(path.join(box.aside, 'cache'))} });`,
        `const require = createRequire(import.meta.url);`,
        `console.log(await require(${JSON.stringify(path.join(chunks, 'dynamic-a1.cjs'))})(), require(${JSON.stringify(path.join(chunks, 'plain-b2.cjs'))})());`,
      ].join('\n'),
    );
    for (const round of [1, 2]) {
      const run = spawnSync(process.execPath, [entry], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(run.status, 0, `round ${round}: ${run.stderr}`);
      assert.equal(run.stdout, `${path.sep} plain\n`, `round ${round}`);
      assert.equal(run.stderr, '', `round ${round}: no warning`);
    }
    const kept = await readdir(path.join(box.aside, 'cache', 'peregrine', 'code'), { recursive: true });
    assert.ok(kept.some((name) => /plain-b2\.cjs\.\d+\.\d+\.get\.code$/.test(name)), kept.join(', '));
    assert.ok(!kept.some((name) => name.includes('dynamic-a1')), kept.join(', '));
  });
});
