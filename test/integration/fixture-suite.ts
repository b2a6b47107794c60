import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, beforeEach } from 'node:test';
import { startFixtureServer, type FixtureServer } from '../fixtures/fixture-server.js';
import { makeSandbox, type Sandbox } from './engine-harness.js';

/*
 * The frame most integration files share: one fixture server for the file, a
 * fresh sandbox per test (download folder, a folder aside, a database path
 * there), and after each test the proof that nothing was written beside the
 * download folder. Exported as live bindings: a test reads `server`, `box` and
 * `db` as its own variables.
 */

export let server: FixtureServer;
export let box: Sandbox;
/** A database path in the sandbox's aside folder, fresh for each test. */
export let db: string;

export interface FixtureSuiteOptions {
  /** Runs after each test, before the sandbox is checked and removed: close what the test left running there. */
  readonly beforeRemoval?: () => Promise<void> | void;
}

/** Registers the hooks; call once at the top of a test file. Hooks the file adds after it run after these. */
export function useFixtureSuite(options: FixtureSuiteOptions = {}): void {
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.close());
  beforeEach(async () => {
    box = await makeSandbox();
    db = path.join(box.aside, 'queue.db');
  });
  afterEach(async () => {
    try {
      await options.beforeRemoval?.();
      assert.deepEqual(await box.strays(), [], 'nothing may be written outside the download folder');
    } finally {
      await box.remove();
    }
  });
}

/** A path in the download folder. */
export function file(name: string): string {
  return path.join(box.dir, name);
}
