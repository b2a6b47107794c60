import assert from 'node:assert/strict';
import { beforeEach } from 'node:test';
import { box, useFixtureSuite } from './fixture-suite.js';
import type { Clock } from '../../main/engine/clock.js';
import { makeServiceRig, type ServiceRig } from './service-harness.js';

/*
 * The frame the service's test files share: the fixture suite, a service rig
 * on each test's sandbox, and after each test the rig closed with the proof
 * that it logged no fault of its own. `rig` is a live binding: a test reads
 * it as its own variable.
 */

export let rig: ServiceRig;

export interface ServiceSuiteOptions {
  /** A CLI's service: runs only what is added or resumed through it. */
  readonly scoped?: boolean;
  /** Started before each test (recovery done, the queue running); otherwise each test starts it when it needs. */
  readonly start?: boolean;
  /** Runs after each test before the rig closes: close what stands on the service (a server). */
  readonly beforeClose?: () => Promise<void> | void;
}

/** Registers the hooks; call once at the top of a test file. */
export function useServiceSuite(options: ServiceSuiteOptions = {}): void {
  useFixtureSuite({
    beforeRemoval: async () => {
      await options.beforeClose?.();
      await rig.close();
      assert.deepEqual(rig.logged, []);
    },
  });
  beforeEach(() => {
    rig = makeServiceRig(box, options.scoped === true ? { scoped: true } : {});
    if (options.start === true) rig.service.start();
  });
}

/** Closes the test's rig, lets `meanwhile` change the disk, and opens a new rig on the same sandbox (and database), with `options.clock` if given. */
export async function reopenRig(meanwhile?: () => Promise<void>, options: { readonly clock?: Clock } = {}): Promise<ServiceRig> {
  await rig.close();
  assert.deepEqual(rig.logged, []);
  await meanwhile?.();
  rig = makeServiceRig(box, options);
  return rig;
}
