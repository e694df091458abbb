import type { BackupRun, RunOwner, RunStatus, RunTrigger } from '../db/entities';
import { pgTime, type Sql } from '../db/sql';
import { INTERRUPTED_CODE } from '../errors';

export type RunError = BackupRun['errors'][number];

export interface NewRun {
  id: string;
  siteId: string;
  day: string;
  dryRun: boolean;
  trigger: RunTrigger;
  startedAt: Date;
  actorId: string | null;
  owner: RunOwner;
}

export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>;
  finishedAt: Date;
  bytes: number;
  files: number;
  checks: number;
  errors: RunError[];
  logExcerpt: string;
  retention: Record<string, unknown> | null;
  jobs: Array<Record<string, unknown>>;
}

/** Position in the newest-first list: the last row of the previous page. */
export interface RunCursor {
  startedAt: Date;
  id: string;
}

const COLUMNS = `id, site_id, day::text as day, dry_run, trigger, status, started_at, finished_at,
  bytes::text as bytes, files, checks, errors, log_excerpt, retention, jobs, actor_id, owner`;

/** A run that counts for the schedule: a real copy that its process did not abandon. */
const COUNTS_FOR_SCHEDULE = `not dry_run and not (errors @> ?::jsonb)`;
const INTERRUPTED_MATCH = JSON.stringify([{ code: INTERRUPTED_CODE }]);

/** Rows of `backup_runs`. */
export class RunStore {
  constructor(private readonly sql: Sql) {}

  async insertRunning(run: NewRun): Promise<BackupRun> {
    const row = await this.sql.one<RunRow>(
      `insert into backup_runs (id, site_id, day, dry_run, trigger, status, started_at, actor_id, owner)
       values (?, ?, ?::date, ?, ?, 'running', ?, ?, ?::jsonb)
       returning ${COLUMNS}`,
      [
        run.id,
        run.siteId,
        run.day,
        run.dryRun,
        run.trigger,
        run.startedAt,
        run.actorId,
        JSON.stringify(run.owner),
      ],
    );
    return toRun(required(row));
  }

  /** Stores the outcome of a run that is still `running`; undefined when it already ended. */
  async finish(id: string, outcome: RunOutcome): Promise<BackupRun | undefined> {
    const row = await this.sql.one<RunRow>(
      `update backup_runs
          set status = ?, finished_at = ?, bytes = ?, files = ?, checks = ?, errors = ?::jsonb,
              log_excerpt = ?, retention = ?::jsonb, jobs = ?::jsonb
        where id = ? and status = 'running'
        returning ${COLUMNS}`,
      [
        outcome.status,
        outcome.finishedAt,
        outcome.bytes,
        outcome.files,
        outcome.checks,
        JSON.stringify(outcome.errors),
        outcome.logExcerpt,
        outcome.retention === null ? null : JSON.stringify(outcome.retention),
        JSON.stringify(outcome.jobs),
        id,
      ],
    );
    return row === undefined ? undefined : toRun(row);
  }

  /** Marks a `running` run as failed because its process stopped; undefined when it already ended. */
  async markInterrupted(id: string, message: string): Promise<BackupRun | undefined> {
    const error: RunError = { job: 'run', code: INTERRUPTED_CODE, message };
    const row = await this.sql.one<RunRow>(
      `update backup_runs
          set status = 'failed', finished_at = now(), errors = errors || ?::jsonb,
              log_excerpt = case when log_excerpt = '' then ? else log_excerpt || chr(10) || ? end
        where id = ? and status = 'running'
        returning ${COLUMNS}`,
      [
        JSON.stringify([error]),
        `[run] ${INTERRUPTED_CODE}: ${message}`,
        `[run] ${INTERRUPTED_CODE}: ${message}`,
        id,
      ],
    );
    return row === undefined ? undefined : toRun(row);
  }

  async get(siteId: string, id: string): Promise<BackupRun | undefined> {
    const row = await this.sql.one<RunRow>(
      `select ${COLUMNS} from backup_runs where site_id = ? and id = ?`,
      [siteId, id],
    );
    return row === undefined ? undefined : toRun(row);
  }

  /** Newest first; `cursor` continues after the last row of the previous page. */
  async list(siteId: string, limit: number, cursor?: RunCursor): Promise<BackupRun[]> {
    const after = cursor === undefined ? '' : 'and (started_at, id) < (?::timestamptz, ?::uuid)';
    const params: unknown[] = [siteId];
    if (cursor !== undefined) params.push(cursor.startedAt, cursor.id);
    params.push(limit);
    const rows = await this.sql.query<RunRow>(
      `select ${COLUMNS} from backup_runs where site_id = ? ${after}
        order by started_at desc, id desc limit ?`,
      params,
    );
    return rows.map(toRun);
  }

  async listRunning(siteId: string): Promise<BackupRun[]> {
    const rows = await this.sql.query<RunRow>(
      `select ${COLUMNS} from backup_runs where site_id = ? and status = 'running' order by started_at`,
      [siteId],
    );
    return rows.map(toRun);
  }

  /** Start of the newest run that counts for the schedule (not a dry run, not abandoned). */
  async latestRealRunStart(siteId: string): Promise<Date | null> {
    const row = await this.sql.one<{ started_at: unknown }>(
      `select max(started_at) as started_at from backup_runs where site_id = ? and ${COUNTS_FOR_SCHEDULE}`,
      [siteId, INTERRUPTED_MATCH],
    );
    return pgTime(row?.started_at);
  }
}

interface RunRow {
  id: string;
  site_id: string;
  day: string;
  dry_run: boolean;
  trigger: RunTrigger;
  status: RunStatus;
  started_at: unknown;
  finished_at: unknown;
  bytes: string;
  files: number;
  checks: number;
  errors: unknown;
  log_excerpt: string;
  retention: unknown;
  jobs: unknown;
  actor_id: string | null;
  owner: unknown;
}

function toRun(row: RunRow): BackupRun {
  return {
    id: row.id,
    siteId: row.site_id,
    day: row.day,
    dryRun: row.dry_run,
    trigger: row.trigger,
    status: row.status,
    startedAt: pgTime(row.started_at) ?? new Date(0),
    finishedAt: pgTime(row.finished_at),
    bytes: Number(row.bytes),
    files: row.files,
    checks: row.checks,
    errors: json(row.errors) as RunError[],
    logExcerpt: row.log_excerpt,
    retention: json(row.retention) as Record<string, unknown> | null,
    jobs: json(row.jobs) as Array<Record<string, unknown>>,
    actorId: row.actor_id,
    owner: json(row.owner) as RunOwner,
  };
}

/** jsonb arrives parsed from node-postgres; text is parsed here in case a driver leaves it as text. */
function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function required<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('The database returned no row for an insert.');
  return row;
}
