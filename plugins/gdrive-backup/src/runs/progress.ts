import type { BackupProgressEvent } from '../engine';

/** WebSocket message for one progress step of a run, on topic `backups:<site id>`. */
export interface ProgressMessage {
  kind: 'progress';
  run_id: string;
  job: BackupProgressEvent['job'];
  phase: BackupProgressEvent['phase'];
  bytes: number;
  total_bytes: number;
  transfers: number;
  total_transfers: number;
  checks: number;
  total_checks: number;
  errors: number;
  /** Bytes per second. */
  speed: number;
  /** Seconds left, or null when rclone cannot estimate it. */
  eta: number | null;
  elapsed_seconds: number;
}

/** Minimum time between two progress messages of one run, unless the job or phase changes. */
export const PROGRESS_INTERVAL_MS = 1000;

/**
 * Returns a progress handler that sends at most one message per interval, and always the
 * first message of a new job or phase, so a client sees every step change at once.
 */
export function throttledProgress(
  runId: string,
  send: (message: ProgressMessage) => void,
  now: () => number = Date.now,
  intervalMs = PROGRESS_INTERVAL_MS,
): (event: BackupProgressEvent) => void {
  let lastSent = Number.NEGATIVE_INFINITY;
  let lastStep = '';
  return (event) => {
    const step = `${event.job}/${event.phase}`;
    const time = now();
    if (step === lastStep && time - lastSent < intervalMs) return;
    lastStep = step;
    lastSent = time;
    const progress = event.progress;
    send({
      kind: 'progress',
      run_id: runId,
      job: event.job,
      phase: event.phase,
      bytes: progress.bytes,
      total_bytes: progress.totalBytes,
      transfers: progress.transfers,
      total_transfers: progress.totalTransfers,
      checks: progress.checks,
      total_checks: progress.totalChecks,
      errors: progress.errors,
      speed: progress.speed,
      eta: progress.eta,
      elapsed_seconds: progress.elapsedSeconds,
    });
  };
}
