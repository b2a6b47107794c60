import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorCodes } from '../../app/domain/error-codes.js';
import { queueReasons, type TaskReason } from '../../app/domain/task-reason.js';
import { taskStates } from '../../app/domain/task-state.js';
import { en } from '../../app/ui/catalogue-en.js';
import { groupShownState, groupWords } from '../../app/ui/group-words.js';
import { taskWords, type Words } from '../../app/ui/task-words.js';

const reasons = [...Object.keys(errorCodes), ...queueReasons] as TaskReason[];

/** Looks a key up as i18next would, plural forms included. */
function resolve(words: Words): string {
  const parts = words.key.split('.');
  let node: unknown = en;
  for (const [index, part] of parts.entries()) {
    const table = node as Record<string, unknown>;
    const last = index === parts.length - 1;
    node = table[part] ?? (last ? (table[`${part}_other`] ?? undefined) : undefined);
    assert.notEqual(node, undefined, `no words for ${words.key}`);
  }
  assert.equal(typeof node, 'string', `${words.key} is not a string`);
  let text = node as string;
  for (const [name, value] of Object.entries(words.params ?? {})) text = text.replaceAll(`{{${name}}}`, String(value));
  assert.doesNotMatch(text, /\{\{/, `${words.key} has a placeholder left: ${text}`);
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
        for (const nextAttemptAt of [null, now + 11_200]) {
          const words = taskWords({ state, reason, nextAttemptAt, checksum: null }, now);
          resolve(words.label);
          if (words.reason !== null) resolve(words.reason);
        }
      }
    }
  });

  test('the words the mock promises', () => {
    const now = 5_000;
    const say = (task: Parameters<typeof taskWords>[0]): string => {
      const words = taskWords(task, now);
      return words.reason === null ? resolve(words.label) : `${resolve(words.label)} — ${resolve(words.reason)}`;
    };
    assert.equal(say({ state: 'retrying', reason: 'server_busy', nextAttemptAt: now + 11_200, checksum: null }), 'Retrying in 12 s — server busy');
    assert.equal(say({ state: 'paused', reason: 'no_space', nextAttemptAt: null, checksum: null }), 'Paused — disk full');
    assert.equal(say({ state: 'paused', reason: 'by_user', nextAttemptAt: null, checksum: null }), 'Paused');
    assert.equal(say({ state: 'failed', reason: 'not_found', nextAttemptAt: null, checksum: null }), 'Failed — file not found on the server (404)');
    assert.equal(say({ state: 'waiting_network', reason: 'offline', nextAttemptAt: null, checksum: null }), 'Waiting for the network — resumes by itself');
    assert.equal(say({ state: 'queued', reason: null, nextAttemptAt: null, checksum: null }), 'Queued — waiting for a free slot');
    assert.equal(say({ state: 'completed', reason: null, nextAttemptAt: null, checksum: { algorithm: 'sha256', hex: 'ab' } }), 'Completed — sha256 ✓');
  });

  test('group words for every group state', () => {
    for (const state of ['active', 'paused', 'completed', 'failed', 'empty'] as const) {
      resolve(groupWords({ state, count: 8, byState: { completed: 3, queued: 4, failed: 1 } }));
    }
    assert.equal(resolve(groupWords({ state: 'active', count: 8, byState: { completed: 3, queued: 4, running: 1 } })), '3 of 8 done, 4 queued');
  });

  test('an active group whose members all wait shows as queued, not downloading', () => {
    assert.equal(groupShownState({ state: 'active', byState: { queued: 5 } }), 'queued');
    assert.equal(groupShownState({ state: 'active', byState: { queued: 4, running: 1 } }), 'running');
    assert.equal(groupShownState({ state: 'active', byState: { queued: 4, retrying: 1 } }), 'retrying');
    assert.equal(groupShownState({ state: 'completed', byState: { completed: 5 } }), 'completed');
  });
});
