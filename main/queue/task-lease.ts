import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Lease } from '../store/task-store.js';

/** How long a claim on a running task holds without renewal: long enough for a busy process, short enough to recover from a hung one. */
export const leaseMs = 15_000;

/** This process's name in `tasks.owner`: machine, pid, and a nonce so two queues in one process differ. */
export function newLeaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** The process id in a claim, for telling the user which process holds it. */
export function leaseHolderPid(lease: Lease): number | undefined {
  const pid = Number(lease.owner.split(':')[1]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/** What the user is told when a task is refused because another process runs it. */
export function runningElsewhereMessage(lease: Lease): string {
  const pid = leaseHolderPid(lease);
  return `another Peregrine process${pid !== undefined ? ` (pid ${pid})` : ''} is downloading it; pause it there, or try again once it has finished`;
}

/**
 * True when a running task may be taken over: nobody claims it, the claim
 * expired, or the claiming process was on this machine and no longer exists
 * (killed: its task resumes at once rather than after the lease runs out).
 */
export function leaseIsVacant(lease: Lease | undefined, now: number): boolean {
  if (lease === undefined || lease.until < now) return true;
  const [host] = lease.owner.split(':');
  const pid = leaseHolderPid(lease);
  if (host !== hostname() || pid === undefined) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  return isZombie(pid);
}

/**
 * A killed process stays a zombie until its parent reaps it, which can take
 * seconds, and signalling a zombie succeeds. It will never write again: it is gone.
 */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false; // not Linux, or it was reaped meanwhile (then the next look sees it gone)
  }
  // "pid (comm) state …": comm may itself hold spaces and parentheses, so read after the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
}
