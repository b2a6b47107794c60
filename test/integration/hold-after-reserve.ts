/*
 * Test-only entry point: runs the CLI with one fault seam, for kill tests that
 * must land in the window between creating a partial file and recording its
 * name. When PEREGRINE_TEST_HOLD_AFTER_CREATE names a file (e.g.
 * `ranges.bin.part`), the first exclusive (`wx`) creation of that name succeeds,
 * then the creating call never returns, and PEREGRINE_TEST_HOLD_MARKER is
 * written so the test knows the process sits in that window and can kill it.
 * Shipped code is untouched: the seam wraps node:fs/promises in this process only.
 */
import { writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const promises = require('node:fs/promises') as typeof fsp;
const target = process.env['PEREGRINE_TEST_HOLD_AFTER_CREATE'];
const marker = process.env['PEREGRINE_TEST_HOLD_MARKER'];
if (target !== undefined && marker !== undefined) {
  const open = promises.open;
  let held = false;
  promises.open = async (...args: Parameters<typeof fsp.open>) => {
    const handle = await open(...args);
    if (!held && args[1] === 'wx' && path.basename(String(args[0])) === target) {
      held = true;
      writeFileSync(marker, String(process.pid));
      await new Promise<never>(() => undefined);
    }
    return handle;
  };
  syncBuiltinESMExports();
}
await import('../../main/cli/main.js');
