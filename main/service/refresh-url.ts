import { ContractError, type RefusalCode } from '../../app/contract/errors.js';
import type { Task } from '../../app/domain/task.js';
import { requestFollowingRedirects } from '../engine/follow-redirects.js';
import type { HttpClient } from '../engine/http-client.js';
import { parseContentRange, validatorFrom } from '../engine/response-plan.js';
import type { TransferState } from '../engine/transfer-state.js';

const probeTimeoutMs = 15_000;

/**
 * Whether `url` serves the very file whose bytes the task already holds: the
 * same size and the same strong validator, asked with a one-byte range. Only
 * then may the bytes on disk be kept; anything less risks a spliced file.
 */
export async function checkSameFile(http: HttpClient, task: Task, state: TransferState, url: string): Promise<void> {
  const expected = state.validator;
  if (expected === undefined || state.totalBytes === undefined) {
    throw new ContractError('refused', 'the bytes downloaded so far cannot be matched to another address; restart the download instead', 'address_not_same', task.state);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), probeTimeoutMs);
  try {
    const { response } = await requestFollowingRedirects(http, {
      url,
      // The user names this address now: it becomes the task's, and its origin the one trusted with credentials.
      userUrl: url,
      headers: { ...task.headers, 'accept-encoding': 'identity', range: 'bytes=0-0' },
      signal: controller.signal,
      connectTimeoutMs: probeTimeoutMs,
    });
    response.discard();
    if (response.status !== 206) throw refusal(task, `the new address answered HTTP ${response.status} to a range request`);
    const total = parseContentRange(typeof response.headers['content-range'] === 'string' ? response.headers['content-range'] : undefined)?.total;
    if (total !== state.totalBytes) throw refusal(task, `the new address serves ${total ?? 'an unknown number of'} bytes, not ${state.totalBytes}`);
    const found = validatorFrom(response.headers);
    const same = expected.etag !== undefined ? found?.etag === expected.etag : found?.lastModified === expected.lastModified;
    if (!same) throw refusal(task, 'the new address serves a different version of the file');
  } catch (error) {
    if (error instanceof ContractError) throw error;
    throw refusal(task, `the new address could not be checked: ${error instanceof Error ? error.message : String(error)}`, 'address_unreachable');
  } finally {
    clearTimeout(timer);
  }
}

function refusal(task: Task, message: string, why: RefusalCode = 'address_not_same'): ContractError {
  return new ContractError('refused', message, why, task.state);
}
