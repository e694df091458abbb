import type { BackupRun } from '../db/entities';

/** Converts a run to the JSON that the API and the WebSocket topic send (snake_case, ISO 8601 UTC). */
export function runToJson(run: BackupRun): Record<string, unknown> {
  return {
    id: run.id,
    site_id: run.siteId,
    day: run.day,
    dry_run: run.dryRun,
    trigger: run.trigger,
    status: run.status,
    started_at: run.startedAt.toISOString(),
    finished_at: run.finishedAt?.toISOString() ?? null,
    bytes: run.bytes,
    files: run.files,
    checks: run.checks,
    errors: run.errors,
    log_excerpt: run.logExcerpt,
    retention: run.retention,
    jobs: run.jobs,
    actor_id: run.actorId,
    owner: run.owner,
  };
}
