import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorCodes } from '../../app/domain/error-codes.js';
import { queueReasons, type TaskReason } from '../../app/domain/task-reason.js';
import { taskStates } from '../../app/domain/task-state.js';
import { en } from '../../app/ui/catalogue-en.js';
import { groupLine, groupShownState, groupWords } from '../../app/ui/group-words.js';
import { taskWords, wordsText, type Words } from '../../app/ui/task-words.js';

const reasons = [...Object.keys(errorCodes), ...queueReasons] as TaskReason[];

/** Looks a key up as i18next would, plural forms included; the status after it as the renderer says it. */
function resolve(words: Words): string {
  return wordsText(words, lookUp);
}

function lookUp(key: string, params?: Readonly<Record<string, string | number>>): string {
  const parts = key.split('.');
  let node: unknown = en;
  for (const [index, part] of parts.entries()) {
    const table = node as Record<string, unknown>;
    const last = index === parts.length - 1;
    node = table[part] ?? (last ? (table[`${part}_other`] ?? undefined) : undefined);
    assert.notEqual(node, undefined, `no words for ${key}`);
  }
  assert.equal(typeof node, 'string', `${key} is not a string`);
  let text = node as string;
  for (const [name, value] of Object.entries(params ?? {})) text = text.replaceAll(`{{${name}}}`, String(value));
  assert.doesNotMatch(text, /\{\{/, `${key} has a placeholder left: ${text}`);
  return text;
}

describe('reason words', () => {
  test('every reason code has its own words in the catalogue', () => {
    for (const reason of reasons) {
      const words = en.reason[reason];
      assert.equal(typeof words, 'string', reason);
      assert.ok(words.length > 3, reason);
    }
    assert.equal(Object.keys(en.reason).length, reasons.length, 'the catalogue has reasons no code uses');
    assert.equal(new Set(Object.values(en.reason)).size, reasons.length, 'two reasons share the same words');
  });

  test('every state with every reason resolves to words', () => {
    const now = 1_000_000;
    for (const state of taskStates) {
      for (const reason of [null, ...reasons]) {
        for (const [nextAttemptAt, httpStatus] of [[null, null], [now + 11_200, 503]] as const) {
          const words = taskWords({ state, reason, httpStatus, nextAttemptAt, checksum: null }, now);
          const label = resolve(words.label);
          const line = words.reason === null ? label : `${label} — ${resolve(words.reason)}`;
          // The list and the details join state and reason with one dash; a reason must not bring a second.
          assert.doesNotMatch(line, / — .* — /, `${state}/${reason}: "${line}"`);
        }
      }
    }
  });

  test('a queued download says what it waits for: a free slot, or with slots free, a connection (its server\'s caps hold it)', () => {
    const queued = { state: 'queued', reason: null, httpStatus: null, nextAttemptAt: null, checksum: null } as const;
    const say = (slotsFree: boolean): string => {
      const words = taskWords(queued, 0, { slotsFree });
      return `${resolve(words.label)} — ${words.reason === null ? '' : resolve(words.reason)}`;
    };
    assert.equal(say(false), 'Queued — waiting for a free slot');
    // 2 of 3 slots running, the third held back by the cap on one server's connections or downloads.
    assert.equal(say(true), 'Queued — waiting for a connection');
    const interrupted = taskWords({ ...queued, reason: 'interrupted' }, 0, { slotsFree: true });
    assert.equal(interrupted.reason?.key, 'reason.interrupted', 'a download put back in line says why, whatever the slots');
  });

  test('the words the mock promises', () => {
    const now = 5_000;
    const say = (task: Parameters<typeof taskWords>[0]): string => {
      const words = taskWords(task, now);
      return words.reason === null ? resolve(words.label) : `${resolve(words.label)} — ${resolve(words.reason)}`;
    };
    const none = { httpStatus: null, nextAttemptAt: null, checksum: null };
    assert.equal(say({ ...none, state: 'retrying', reason: 'server_busy', httpStatus: 503, nextAttemptAt: now + 11_200 }), 'Retrying in 12 s — server busy (503)');
    assert.equal(say({ ...none, state: 'retrying', reason: 'server_busy', httpStatus: 429, nextAttemptAt: now + 11_200 }), 'Retrying in 12 s — server busy (429)');
    assert.equal(say({ ...none, state: 'retrying', reason: 'stalled', nextAttemptAt: now + 1_000 }), 'Retrying in 1 s — the server stopped sending data');
    // Past a minute, in minutes (and hours): "Retrying in 597 s" asked the reader to do the sum.
    assert.equal(say({ ...none, state: 'retrying', reason: 'network_failed', nextAttemptAt: now + 597_000 }), 'Retrying in 10 min — the connection failed');
    assert.equal(say({ ...none, state: 'retrying', reason: 'server_busy', httpStatus: 503, nextAttemptAt: now + 3_900_000 }), 'Retrying in 1 h 5 min — server busy (503)');
    assert.equal(say({ ...none, state: 'retrying', reason: 'stalled', nextAttemptAt: now + 59_000 }), 'Retrying in 59 s — the server stopped sending data');
    assert.equal(say({ ...none, state: 'paused', reason: 'no_space' }), 'Paused — disk full');
    assert.equal(say({ ...none, state: 'paused', reason: 'by_user' }), 'Paused');
    assert.equal(say({ ...none, state: 'failed', reason: 'not_found', httpStatus: 404 }), 'Failed — file not found on the server (404)');
    assert.equal(say({ ...none, state: 'failed', reason: 'unauthorized', httpStatus: 407 }), 'Failed — the server asks for a login (407)');
    assert.equal(say({ ...none, state: 'failed', reason: 'not_found' }), 'Failed — file not found on the server', 'a task failed before statuses were kept');
    assert.equal(say({ ...none, state: 'waiting_network', reason: 'offline' }), 'Waiting for the network — resumes by itself');
    assert.equal(say({ ...none, state: 'queued', reason: null }), 'Queued — waiting for a free slot');
    assert.equal(say({ ...none, state: 'completed', reason: null, checksum: { algorithm: 'sha256', hex: 'ab' } }), 'Completed — sha256 ✓');
  });

  test('group words for every group state', () => {
    for (const state of ['active', 'paused', 'completed', 'failed', 'empty'] as const) {
      resolve(groupWords({ state, count: 8, byState: { completed: 3, queued: 4, failed: 1 } }));
    }
    assert.equal(resolve(groupWords({ state: 'active', count: 8, byState: { completed: 3, queued: 4, running: 1 } })), '3 of 8 done, 4 queued');
  });

  test("a group's line says its state once: the state's name only where the words do not already say it", () => {
    const line = (group: Parameters<typeof groupLine>[0]): string => {
      const { label, words } = groupLine(group);
      return label === null ? resolve(words) : `${resolve(label)} — ${resolve(words)}`;
    };
    assert.equal(line({ state: 'completed', count: 5, byState: { completed: 5 } }), 'All 5 done');
    assert.equal(line({ state: 'paused', count: 5, byState: { completed: 2, paused: 3 } }), 'Paused — 2 of 5 done');
    assert.equal(line({ state: 'failed', count: 5, byState: { completed: 4, failed: 1 } }), '1 of 5 failed');
    assert.equal(line({ state: 'active', count: 5, byState: { completed: 1, queued: 3, running: 1 } }), 'Downloading — 1 of 5 done, 3 queued');
    assert.equal(line({ state: 'active', count: 5, byState: { queued: 5 } }), 'Queued — 0 of 5 done, 5 queued');
    assert.equal(line({ state: 'empty', count: 0, byState: {} }), 'No downloads');
  });

  test('a moving or paused group with failed members says how many failed, as the sidebar does', () => {
    const line = (group: Parameters<typeof groupLine>[0]): string => {
      const { label, words } = groupLine(group);
      return label === null ? resolve(words) : `${resolve(label)} — ${resolve(words)}`;
    };
    assert.equal(line({ state: 'active', count: 3, byState: { completed: 1, queued: 1, failed: 1 } }), 'Queued — 1 of 3 done, 1 failed, 1 queued');
    assert.equal(line({ state: 'active', count: 8, byState: { completed: 3, running: 1, queued: 2, failed: 2 } }), 'Downloading — 3 of 8 done, 2 failed, 2 queued');
    assert.equal(line({ state: 'paused', count: 5, byState: { completed: 2, paused: 2, failed: 1 } }), 'Paused — 2 of 5 done, 1 failed');
  });

  test('an active group whose members all wait shows as queued, not downloading', () => {
    assert.equal(groupShownState({ state: 'active', byState: { queued: 5 } }), 'queued');
    assert.equal(groupShownState({ state: 'active', byState: { queued: 4, running: 1 } }), 'running');
    assert.equal(groupShownState({ state: 'active', byState: { queued: 4, retrying: 1 } }), 'retrying');
    assert.equal(groupShownState({ state: 'completed', byState: { completed: 5 } }), 'completed');
  });
});
