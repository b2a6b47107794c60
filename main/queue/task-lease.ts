import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Lease } from '../store/task-store.js';

/** How long a claim on a running task holds without renewal: long enough for a busy process, short enough to recover from a hung one. */
export const leaseMs = 15_000;

/** This process's name in `tasks.owner`: machine, pid, and a nonce so two queues in one process differ. */
export function newLeaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * True when a running task may be taken over: nobody claims it, the claim
 * expired, or the claiming process was on this machine and no longer exists
 * (killed: its task resumes at once rather than after the lease runs out).
 */
export function leaseIsVacant(lease: Lease | undefined, now: number): boolean {
  if (lease === undefined || lease.until < now) return true;
  const [host, pid] = lease.owner.split(':');
  if (host !== hostname() || pid === undefined) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
