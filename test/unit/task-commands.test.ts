import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planCommand, type TaskCommand } from '../../app/domain/task-commands.js';
import { canTransition, taskStates, type TaskState } from '../../app/domain/task-state.js';

const commands: TaskCommand[] = ['pause', 'resume', 'retry', 'cancel'];

/** The whole table, as a user would describe it: command → state → outcome (a refusal with its code). */
const expected: Record<TaskCommand, Record<TaskState, string>> = {
  pause: {
    queued: 'paused',
    running: 'paused',
    paused: '=',
    retrying: 'paused',
    waiting_network: 'paused',
    failed: 'refused: failed',
    completed: 'refused: complete',
    canceled: 'refused: canceled',
  },
  resume: {
    queued: '=',
    running: '=',
    paused: 'queued',
    retrying: 'queued',
    waiting_network: 'queued',
    failed: 'queued',
    completed: 'refused: complete',
    canceled: 'refused: canceled',
  },
  retry: {
    queued: '=',
    running: '=',
    paused: 'queued',
    retrying: 'queued',
    waiting_network: 'queued',
    failed: 'queued',
    completed: 'refused: complete',
    canceled: 'refused: canceled',
  },
  cancel: {
    queued: 'canceled',
    running: 'canceled',
    paused: 'canceled',
    retrying: 'canceled',
    waiting_network: 'canceled',
    failed: 'canceled',
    completed: 'refused: complete',
    canceled: '=',
  },
};

describe('planCommand covers every command in every state', () => {
  for (const command of commands) {
    for (const state of taskStates) {
      test(`${command} when ${state}`, () => {
        const plan = planCommand(command, state);
        const outcome = plan.kind === 'move' ? plan.to : plan.kind === 'unchanged' ? '=' : `refused: ${plan.refusal}`;
        assert.equal(outcome, expected[command][state]);
        if (plan.kind === 'move') assert.ok(canTransition(state, plan.to), `${state} → ${plan.to} must be in the state table`);
        if (plan.kind === 'refused') assert.ok(plan.why.length > 10, 'a refusal says why');
      });
    }
  }
});
