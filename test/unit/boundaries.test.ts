import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// This file runs from dist/test/unit; the script lives in <repo>/scripts.
const script = fileURLToPath(new URL('../../../scripts/check-boundaries.js', import.meta.url));

interface CheckResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runCheck(...args: string[]): Promise<CheckResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], (error, stdout, stderr) => {
      resolve({ exitCode: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [file, source] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), source);
  }
}

test('the repository keeps its boundaries', async () => {
  const result = await runCheck();
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stdout, /^boundaries ok \(\d+ files\)$/m);
});

test('a tree that crosses boundaries fails and names each violation', async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), 'peregrine-boundaries-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await writeTree(root, {
    'app/domain/bad.ts': "import fs from 'node:fs';\n",
    'app/domain/fine.ts': "import { z } from 'zod';\nimport { ok } from './bad.js';\n",
    'main/engine/bad.ts': "import { app } from 'electron';\n",
    'main/host/fine.ts': "import { app } from 'electron';\nimport { run } from '../engine/bad.js';\n",
    'main/cli/engine.ts': "import { transferOnce } from '../engine/transfer.js';\n",
    'main/cli/rows.ts': "import type { Command } from 'commander';\nimport { TaskStore } from '../store/task-store.js';\n",
    'main/cli/queue.ts': "import { DownloadQueue } from '../queue/download-queue.js';\n",
    'main/cli/fine.ts':
      "import { PeregrineService } from '../service/service.js';\nimport { connectToOwner } from '../server/owner-client.js';\n" +
      "import { defaultDatabasePath } from '../store/default-database-path.js';\nimport { exitCodes } from './exit-codes.js';\nimport { z } from 'zod';\n",
  });

  const result = await runCheck(root);

  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /^app\/domain\/bad\.ts:1: imports 'node:fs'/m);
  assert.match(result.stderr, /^main\/engine\/bad\.ts:1: imports 'electron'/m);
  assert.match(result.stderr, /^main\/cli\/engine\.ts:1: imports '\.\.\/engine\/transfer\.js': main\/cli\/ goes through the service/m);
  assert.match(result.stderr, /^main\/cli\/rows\.ts:2: imports '\.\.\/store\/task-store\.js'/m);
  assert.match(result.stderr, /^main\/cli\/queue\.ts:1: imports '\.\.\/queue\/download-queue\.js'/m);
  assert.doesNotMatch(result.stderr, /fine\.ts/);
});
