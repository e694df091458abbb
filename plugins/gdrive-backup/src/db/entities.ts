import { EntitySchema } from '@mikro-orm/core';

/**
 * Tables of the plugin. The run and lock code uses SQL directly (locks need atomic
 * compare-and-set updates); these schemas make the tables known to MikroORM.
 */

/** The owner of a backup run: one Centinela instance in one process on one host. */
export interface RunOwner {
  /** Random id of the Centinela instance, new at every start. */
  instance: string;
  host: string;
  pid: number;
}

export type RunTrigger = 'schedule' | 'manual' | 'catch-up';
export type RunStatus = 'running' | 'ok' | 'failed' | 'partial';

/** One backup run of one site and day. */
export interface BackupRun {
  id: string;
  siteId: string;
  /** YYYY-MM-DD: a UTC day, or a local day in `local-day` mode. */
  day: string;
  dryRun: boolean;
  trigger: RunTrigger;
  status: RunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  bytes: number;
  files: number;
  checks: number;
  errors: Array<{ job: string; code: string; message: string }>;
  logExcerpt: string;
  /** Result of the retention step, null when it did not run. */
  retention: Record<string, unknown> | null;
  /** Per-part results (recordings, clips, evidence). */
  jobs: Array<Record<string, unknown>>;
  actorId: string | null;
  owner: RunOwner;
}

/** The lock that allows one run at a time per site, across processes and instances. */
export interface BackupLock {
  siteId: string;
  runId: string;
  owner: RunOwner;
  heartbeatAt: Date;
}

export const BackupRunSchema = new EntitySchema<BackupRun>({
  name: 'BackupRun',
  tableName: 'backup_runs',
  properties: {
    id: { type: 'uuid', primary: true },
    siteId: { type: 'string', fieldName: 'site_id', length: 40 },
    day: { type: 'string', columnType: 'date' },
    dryRun: { type: 'boolean', fieldName: 'dry_run' },
    trigger: { type: 'string', length: 16 },
    status: { type: 'string', length: 16 },
    startedAt: { type: 'Date', fieldName: 'started_at' },
    finishedAt: { type: 'Date', fieldName: 'finished_at', nullable: true },
    bytes: { type: 'number', columnType: 'bigint' },
    files: { type: 'number' },
    checks: { type: 'number' },
    errors: { type: 'json' },
    logExcerpt: { type: 'text', fieldName: 'log_excerpt' },
    retention: { type: 'json', nullable: true },
    jobs: { type: 'json' },
    actorId: { type: 'string', fieldName: 'actor_id', nullable: true },
    owner: { type: 'json' },
  },
});

export const BackupLockSchema = new EntitySchema<BackupLock>({
  name: 'BackupLock',
  tableName: 'backup_locks',
  properties: {
    siteId: { type: 'string', primary: true, fieldName: 'site_id', length: 40 },
    runId: { type: 'uuid', fieldName: 'run_id' },
    owner: { type: 'json' },
    heartbeatAt: { type: 'Date', fieldName: 'heartbeat_at' },
  },
});

export const BACKUP_ENTITIES = [BackupRunSchema, BackupLockSchema];
