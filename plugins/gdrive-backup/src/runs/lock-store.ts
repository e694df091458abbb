import type { RunOwner, RunStatus } from '../db/entities';
import { pgTime, type Sql } from '../db/sql';
import { STALE_LOCK_MS } from './owner';

export interface LockState {
  siteId: string;
  runId: string;
  owner: RunOwner;
  heartbeatAt: Date;
  /** Heartbeat older than STALE_LOCK_MS, by the database clock. */
  stale: boolean;
  /** Status of the run the lock names; null when that row does not exist. */
  runStatus: RunStatus | null;
}

/**
 * Rows of `backup_locks`: at most one per site. Every change is a single conditional
 * statement, so two processes (or two instances) racing for a site cannot both win.
 * Heartbeat ages use the database clock, which all instances share.
 */
export class LockStore {
  constructor(private readonly sql: Sql) {}

  /** Takes a free lock; false when the site already has one. */
  async tryInsert(siteId: string, runId: string, owner: RunOwner): Promise<boolean> {
    const row = await this.sql.one<{ site_id: string }>(
      `insert into backup_locks (site_id, run_id, owner, heartbeat_at) values (?, ?, ?::jsonb, now())
       on conflict (site_id) do nothing returning site_id`,
      [siteId, runId, JSON.stringify(owner)],
    );
    return row !== undefined;
  }

  async read(siteId: string): Promise<LockState | undefined> {
    const row = await this.sql.one<LockRow>(
      `select l.site_id, l.run_id, l.owner, l.heartbeat_at,
              l.heartbeat_at < now() - make_interval(secs => ?) as stale, r.status as run_status
         from backup_locks l left join backup_runs r on r.id = l.run_id
        where l.site_id = ?`,
      [STALE_LOCK_MS / 1000, siteId],
    );
    if (row === undefined) return undefined;
    return {
      siteId: row.site_id,
      runId: row.run_id,
      owner: (typeof row.owner === 'string' ? JSON.parse(row.owner) : row.owner) as RunOwner,
      heartbeatAt: pgTime(row.heartbeat_at) ?? new Date(0),
      stale: row.stale,
      runStatus: row.run_status,
    };
  }

  /** Moves the lock from `previousRunId` to a new run; false when someone else changed it first. */
  async takeOver(
    siteId: string,
    previousRunId: string,
    runId: string,
    owner: RunOwner,
  ): Promise<boolean> {
    const row = await this.sql.one<{ site_id: string }>(
      `update backup_locks set run_id = ?, owner = ?::jsonb, heartbeat_at = now()
        where site_id = ? and run_id = ? returning site_id`,
      [runId, JSON.stringify(owner), siteId, previousRunId],
    );
    return row !== undefined;
  }

  /** Refreshes the heartbeat; false when the lock no longer belongs to the run. */
  async heartbeat(siteId: string, runId: string): Promise<boolean> {
    const row = await this.sql.one<{ site_id: string }>(
      'update backup_locks set heartbeat_at = now() where site_id = ? and run_id = ? returning site_id',
      [siteId, runId],
    );
    return row !== undefined;
  }

  async release(siteId: string, runId: string): Promise<void> {
    await this.sql.query('delete from backup_locks where site_id = ? and run_id = ?', [
      siteId,
      runId,
    ]);
  }
}

interface LockRow {
  site_id: string;
  run_id: string;
  owner: unknown;
  heartbeat_at: unknown;
  stale: boolean;
  run_status: RunStatus | null;
}
