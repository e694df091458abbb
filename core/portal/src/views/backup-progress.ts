import type { BackupMessage, BackupRun } from '../api/types';

export interface RunProgress {
  job: string;
  phase: string;
  bytes: number;
  totalBytes: number;
  /** 0..100, or undefined when the total is not known yet. */
  percent: number | undefined;
}

export function isBackupMessage(data: unknown): data is BackupMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { kind?: unknown }).kind === 'string'
  );
}

/** Progress of one run from a `backups:<site>` message, or undefined for other kinds. */
export function progressFrom(message: BackupMessage): RunProgress | undefined {
  if (message.kind !== 'progress') return undefined;
  const bytes = message.bytes ?? 0;
  const totalBytes = message.total_bytes ?? 0;
  return {
    job: message.job ?? '',
    phase: message.phase ?? '',
    bytes,
    totalBytes,
    percent: totalBytes > 0 ? Math.min(100, Math.round((bytes / totalBytes) * 100)) : undefined,
  };
}

/** Inserts or replaces a run, newest day first, keeping the list's order otherwise. */
export function upsertRun(runs: BackupRun[], run: BackupRun): BackupRun[] {
  const index = runs.findIndex((candidate) => candidate.id === run.id);
  if (index === -1) return [run, ...runs];
  const next = [...runs];
  next[index] = run;
  return next;
}
