import {
  applyRetention,
  BackupEngineError,
  localDayRange,
  runBackup,
  utcDayRange,
  type BackupHooks,
  type BackupJobResult,
  type BackupResult,
  type EventRange,
  type RetentionResult,
} from '../engine';
import type { Sql } from '../db/sql';
import { todayIn } from '../days';
import type { BackupSettings } from '../settings';
import { loadEventRanges } from './event-ranges';
import type { RunError, RunOutcome } from './run-store';

export interface ExecuteInput {
  siteId: string;
  day: string;
  dryRun: boolean;
  settings: BackupSettings;
  sql: Sql;
  signal: AbortSignal;
  onProgress: NonNullable<BackupHooks['onProgress']>;
}

/**
 * Copies and verifies one day (runBackup), then applies retention on the remote. Retention
 * is skipped on a dry run, on an aborted run, and when the copy failed, so that the remote
 * never shrinks on a night when the newest day did not arrive. Failures are returned in the
 * outcome's errors instead of being thrown.
 */
export async function executeBackup(input: ExecuteInput): Promise<RunOutcome> {
  const { settings } = input;
  let result: BackupResult | null = null;
  const errors: RunError[] = [];
  const extraLog: string[] = [];

  try {
    let eventsOnly: EventRange[] | undefined;
    if (settings.eventsOnly && settings.include.recordings) {
      const range =
        settings.dayMode === 'local-day'
          ? localDayRange(input.day, settings.timezone)
          : utcDayRange(input.day);
      eventsOnly = await loadEventRanges(input.sql, input.siteId, range);
    }
    result = await runBackup(
      {
        mediaDir: settings.mediaDir ?? '',
        evidenceDir: settings.vaultDir,
        remote: settings.remote,
        path: settings.path,
        day: input.day,
        include: settings.include,
        mode: settings.dayMode,
        timezone: settings.timezone,
        ...(eventsOnly === undefined ? {} : { eventsOnly }),
        rclone: settings.rclone,
        dryRun: input.dryRun,
        signal: input.signal,
      },
      { onProgress: input.onProgress },
    );
    errors.push(...result.errors);
  } catch (error) {
    const entry = toRunError('run', error);
    errors.push(entry);
    extraLog.push(`[run] ${entry.code}: ${entry.message}`);
  }

  let status: RunOutcome['status'] = result?.status ?? 'failed';
  let retention: RetentionResult | null = null;
  if (result !== null && !input.dryRun && status !== 'failed' && !input.signal.aborted) {
    try {
      retention = await applyRetention({
        remote: settings.remote,
        path: settings.path,
        days: settings.retentionDays,
        evidenceDays: settings.evidenceRetentionDays,
        today: todayIn(new Date(), settings.dayMode, settings.timezone),
        rclone: settings.rclone,
        signal: input.signal,
      });
      for (const failure of retention.errors) {
        errors.push({ job: 'retention', code: failure.code, message: failure.message });
      }
    } catch (error) {
      errors.push(toRunError('retention', error));
    }
    // The copy is safe on the remote, but old days were not all removed: worth a look.
    if (errors.some((error) => error.job === 'retention') && status === 'ok') status = 'partial';
  }

  const log = [result?.logExcerpt ?? '', ...extraLog].filter((text) => text !== '').join('\n');
  return {
    status,
    finishedAt: new Date(),
    bytes: result?.bytes ?? 0,
    files: result?.files ?? 0,
    checks: result?.checks ?? 0,
    errors,
    logExcerpt: log,
    retention: retention === null ? null : retentionSummary(retention),
    jobs: (result?.jobs ?? []).map(jobSummary),
  };
}

/** Builds an error entry with the engine's code, or CEN_ERR_BACKUP_RUN_FAILED for anything else. */
export function toRunError(job: string, error: unknown): RunError {
  if (error instanceof BackupEngineError) return { job, code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { job, code: 'CEN_ERR_BACKUP_RUN_FAILED', message };
}

function jobSummary(job: BackupJobResult): Record<string, unknown> {
  return {
    kind: job.kind,
    status: job.status,
    destination: job.destination,
    bytes: job.bytes,
    files: job.files,
    checks: job.checks,
    verify: job.verify,
    error: job.error,
    reason: job.reason ?? null,
    started_at: job.startedAt.toISOString(),
    finished_at: job.finishedAt.toISOString(),
  };
}

function retentionSummary(result: RetentionResult): Record<string, unknown> {
  return {
    removed: result.removed,
    kept_folders: result.keptFolders,
    ignored: result.ignored,
    errors: result.errors,
  };
}
