import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupEngineError } from './errors';
import type { BackupJob, BackupKind } from './plan';
import { runRclone } from './rclone';
import type { RcloneSettings } from './rclone-env';
import type { RcloneProgress } from './rclone-log';
import { verifyJob, type VerifyMethod, type VerifyResult } from './verify';

export interface BackupErrorEntry {
  /** Job kind, or `run` for a failure before any job started. */
  job: BackupKind | 'run';
  message: string;
  code: string;
}

export interface BackupJobResult {
  kind: BackupKind;
  source: string;
  destination: string;
  status: 'ok' | 'failed' | 'skipped';
  dryRun: boolean;
  /** Bytes uploaded (or, in a dry run, that would be uploaded). */
  bytes: number;
  /** Files uploaded (or, in a dry run, that would be uploaded). */
  files: number;
  /** Files the verification found identical on the remote. */
  checks: number;
  /** Null for a dry run or a job that failed before verification. */
  verify: VerifyResult | null;
  error: BackupErrorEntry | null;
  /** Why the job was skipped. */
  reason?: string;
  startedAt: Date;
  finishedAt: Date;
}

export interface JobContext {
  settings: RcloneSettings;
  dryRun: boolean;
  verifyMethod: VerifyMethod | null;
  workDir: string;
  signal: AbortSignal | undefined;
  onProgress: (phase: 'copy' | 'verify', progress: RcloneProgress) => void;
  onLogLine: (phase: 'copy' | 'verify', line: string) => void;
}

/** Copies one job with `rclone copy` (never sync, so nothing on the remote is deleted), then verifies it. */
export async function runJob(job: BackupJob, context: JobContext): Promise<BackupJobResult> {
  const result: BackupJobResult = {
    kind: job.kind,
    source: job.source,
    destination: job.destination,
    status: 'ok',
    dryRun: context.dryRun,
    bytes: 0,
    files: 0,
    checks: 0,
    verify: null,
    error: null,
    startedAt: new Date(),
    finishedAt: new Date(),
  };

  try {
    const filesFrom = await writeFileList(job, context.workDir);
    const args = ['copy', job.source, job.destination];
    if (filesFrom) args.push('--files-from-raw', filesFrom);
    for (const pattern of job.exclude) args.push('--exclude', pattern);
    if (context.dryRun) args.push('--dry-run');

    const copy = await runRclone(args, context.settings, {
      signal: context.signal,
      onProgress: (progress) => context.onProgress('copy', progress),
      onLogLine: (line) => context.onLogLine('copy', line),
    });
    result.bytes = copy.stats?.bytes ?? 0;
    result.files = copy.stats?.transfers ?? 0;

    if (!context.dryRun && context.verifyMethod) {
      result.verify = await verifyJob(job, context.verifyMethod, filesFrom, context.settings, {
        signal: context.signal,
        onProgress: (progress) => context.onProgress('verify', progress),
        onLogLine: (line) => context.onLogLine('verify', line),
      });
      result.checks = result.verify.matching;
      if (!result.verify.ok) {
        result.status = 'failed';
        result.error = {
          job: job.kind,
          code: 'CEN_ERR_BACKUP_CHECK_FAILED',
          message: `${context.verifyMethod} found ${result.verify.differences} file(s) that differ from or are missing on ${job.destination}.`,
        };
      }
    }
  } catch (error) {
    result.status = 'failed';
    result.error = toErrorEntry(job.kind, error);
  }
  result.finishedAt = new Date();
  return result;
}

/** Writes the job's file list for `--files-from-raw`, which takes names verbatim, one a line. */
async function writeFileList(job: BackupJob, workDir: string): Promise<string | null> {
  if (job.files === null) return null;
  const path = join(workDir, `${job.kind}-files.txt`);
  await writeFile(path, job.files.map((file) => `${file}\n`).join(''));
  return path;
}

export function toErrorEntry(job: BackupKind | 'run', error: unknown): BackupErrorEntry {
  if (error instanceof BackupEngineError) return { job, code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { job, code: 'CEN_ERR_BACKUP_RUN_FAILED', message };
}
