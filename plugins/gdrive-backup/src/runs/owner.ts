import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { RunOwner } from '../db/entities';

/** A lock whose heartbeat is older than this is taken over: its owner is gone or hung. */
export const STALE_LOCK_MS = 2 * 60_000;

/** How often a running backup refreshes its lock's heartbeat; well below STALE_LOCK_MS. */
export const HEARTBEAT_MS = 30_000;

/** Creates the owner identity of one Centinela instance in this process. */
export function createOwner(): RunOwner {
  return { instance: randomUUID(), host: hostname(), pid: process.pid };
}

/**
 * Returns whether a process with this id exists on this machine. `kill(pid, 0)` sends no signal; it
 * fails with ESRCH when there is no such process and EPERM when it belongs to another user.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Returns why the owner of a lock is known to be gone, or null when it may still be working. */
export function abandonedReason(
  owner: RunOwner,
  stale: boolean,
  self: RunOwner,
  activeHere: boolean,
): string | null {
  if (owner.instance === self.instance) {
    return activeHere ? null : 'this instance holds no such run any more';
  }
  if (owner.host === self.host && owner.pid !== self.pid && !isProcessAlive(owner.pid)) {
    return `process ${owner.pid} on host ${owner.host} no longer exists`;
  }
  if (stale) {
    return `its heartbeat stopped more than ${STALE_LOCK_MS / 60_000} minutes ago (process ${owner.pid} on host ${owner.host})`;
  }
  return null;
}
