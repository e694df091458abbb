import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupOptionError } from './errors';
import {
  planBackup,
  type BackupJob,
  type BackupKind,
  type BackupPlan,
  type PlanOptions,
} from './plan';
import type { RcloneSettings } from './rclone-env';
import { LogTail, type RcloneProgress } from './rclone-log';
import { getRemoteType } from './remotes';
import { runJob, toErrorEntry, type BackupErrorEntry, type BackupJobResult } from './run-job';
import { chooseVerifyMethod, type VerifyMethod } from './verify';

export type BackupStatus = 'ok' | 'partial' | 'failed';

export interface RunBackupOptions extends PlanOptions {
  rclone?: RcloneSettings;
  /** Run `rclone copy --dry-run`: report what would be uploaded, change nothing, skip verification. */
  dryRun?: boolean;
  /** Verification after each copy. Default `auto`: cryptcheck on crypt remotes, check otherwise. */
  verify?: VerifyMethod | 'auto' | 'none';
  /** Aborting stops the running rclone process; the run then ends as failed or partial. */
  signal?: AbortSignal;
  /** A plan computed earlier with planBackup; when absent the run computes one from the options. */
  plan?: BackupPlan;
  /** Number of log lines kept in `logExcerpt`. Default 50. */
  logLines?: number;
}

export interface BackupProgressEvent {
  job: BackupKind;
  phase: 'copy' | 'verify';
  progress: RcloneProgress;
}

export interface BackupHooks {
  onProgress?: (event: BackupProgressEvent) => void;
  onJobStart?: (job: BackupJob) => void;
  onJobEnd?: (result: BackupJobResult) => void;
}

export interface BackupResult {
  /** `ok`: every job copied and verified. `failed`: a verification found differences, or no job succeeded. `partial`: some jobs failed, others are ok. */
  status: BackupStatus;
  day: string;
  dryRun: boolean;
  bytes: number;
  files: number;
  checks: number;
  errors: BackupErrorEntry[];
  /** Last rclone log lines of the run, one per line, with secrets removed. */
  logExcerpt: string;
  startedAt: Date;
  finishedAt: Date;
  jobs: BackupJobResult[];
}

/**
 * Runs one backup day: plans the jobs, then for each runs `rclone copy` and a one-way
 * verification. Never deletes anything, locally or on the remote. Every rclone failure ends
 * up in `errors` with its code; only invalid options throw (BackupOptionError).
 */
export async function runBackup(
  options: RunBackupOptions,
  hooks: BackupHooks = {},
): Promise<BackupResult> {
  const startedAt = new Date();
  const tail = new LogTail(options.logLines ?? 50);
  const settings = options.rclone ?? {};
  const dryRun = options.dryRun ?? false;
  const jobResults: BackupJobResult[] = [];
  const errors: BackupErrorEntry[] = [];
  const callHook = hookCaller(tail);

  let workDir: string | null = null;
  try {
    const plan = options.plan ?? (await planBackup(options));
    for (const skipped of plan.skipped)
      jobResults.push(skippedResult(skipped.kind, skipped.reason, dryRun));

    const remoteType = await getRemoteType(plan.remote, settings);
    const requested = options.verify ?? 'auto';
    const verifyMethod = requested === 'none' ? null : chooseVerifyMethod(requested, remoteType);
    workDir = await mkdtemp(join(tmpdir(), 'centinela-backup-'));

    for (const job of plan.jobs) {
      if (options.signal?.aborted) {
        // The job stays `skipped`, but its error makes runStatus count it as failed, so a run
        // aborted before its first job is never reported `ok`.
        const reason = 'The run was aborted before this job started.';
        const result = skippedResult(job.kind, reason, dryRun);
        result.error = { job: job.kind, code: 'CEN_ERR_BACKUP_ABORTED', message: reason };
        jobResults.push(result);
        errors.push(result.error);
        continue;
      }
      callHook('onJobStart', () => hooks.onJobStart?.(job));
      const result = await runJob(job, {
        settings,
        dryRun,
        verifyMethod,
        workDir,
        signal: options.signal,
        onProgress: (phase, progress) =>
          callHook('onProgress', () => hooks.onProgress?.({ job: job.kind, phase, progress })),
        onLogLine: (phase, line) => tail.push(`[${job.kind} ${phase}] ${line}`),
      });
      jobResults.push(result);
      if (result.error) {
        errors.push(result.error);
        tail.push(`[${job.kind}] ${result.error.code}: ${result.error.message}`);
      }
      callHook('onJobEnd', () => hooks.onJobEnd?.(result));
    }
  } catch (error) {
    if (error instanceof BackupOptionError) throw error;
    const entry = toErrorEntry('run', error);
    errors.push(entry);
    tail.push(`[run] ${entry.code}: ${entry.message}`);
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }

  return {
    status: runStatus(jobResults, errors),
    day: options.plan?.day ?? options.day,
    dryRun,
    bytes: sum(jobResults, (job) => job.bytes),
    files: sum(jobResults, (job) => job.files),
    checks: sum(jobResults, (job) => job.checks),
    errors,
    logExcerpt: tail.toArray().join('\n'),
    startedAt,
    finishedAt: new Date(),
    jobs: jobResults,
  };
}

function runStatus(jobs: BackupJobResult[], errors: BackupErrorEntry[]): BackupStatus {
  // A verification difference means the remote copy cannot be trusted: the whole run fails.
  if (jobs.some((job) => job.verify !== null && !job.verify.ok)) return 'failed';
  if (errors.some((error) => error.job === 'run')) return 'failed';
  const failed = jobs.filter((job) => job.status === 'failed' || job.error !== null).length;
  const ok = jobs.filter((job) => job.status === 'ok').length;
  if (failed === 0) return 'ok';
  return ok > 0 ? 'partial' : 'failed';
}

function skippedResult(kind: BackupKind, reason: string, dryRun: boolean): BackupJobResult {
  const now = new Date();
  return {
    kind,
    source: '',
    destination: '',
    status: 'skipped',
    dryRun,
    bytes: 0,
    files: 0,
    checks: 0,
    verify: null,
    error: null,
    reason,
    startedAt: now,
    finishedAt: now,
  };
}

/** Hook errors must not stop the run, so they are written to the log excerpt instead. */
function hookCaller(tail: LogTail): (name: string, call: () => void) => void {
  return (name, call) => {
    try {
      call();
    } catch (error) {
      tail.push(
        `[run] ${name} hook failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

function sum(jobs: BackupJobResult[], value: (job: BackupJobResult) => number): number {
  return jobs.reduce((total, job) => total + value(job), 0);
}
