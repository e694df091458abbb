import type { ActorRef, PluginContext } from '@centinela/core';
import { recordAudit } from '../audit';
import type { BackupRun } from '../db/entities';
import { runToJson } from './serialize';

/** Actor of scheduled, catch-up and recovered runs, which no user started. */
export const SYSTEM_ACTOR: ActorRef = { id: null, address: null, userAgent: null };

/** Tells the site's WebSocket subscribers and the audit log that a run started. */
export async function announceStart(
  context: PluginContext,
  run: BackupRun,
  actor: ActorRef,
): Promise<void> {
  context.log.info(
    { siteId: run.siteId, runId: run.id, day: run.day, dryRun: run.dryRun, trigger: run.trigger },
    'backup run started',
  );
  context.hub.publish(`backups:${run.siteId}`, { kind: 'started', run: runToJson(run) });
  await recordAudit(context.services, context.log, {
    siteId: run.siteId,
    actor,
    action: 'backup.run.start',
    resource: `backup_run/${run.id}`,
    details: { day: run.day, dry_run: run.dryRun, trigger: run.trigger },
  });
}

/**
 * Publishes the outcome: `backup.finished` on the bus (the Home Assistant integration turns
 * it into MQTT state and the `centinela_backup` event), a `finished` WebSocket message, an
 * audit entry and a log line.
 */
export async function announceFinish(
  context: PluginContext,
  run: BackupRun,
  actor: ActorRef,
): Promise<void> {
  const status = run.status === 'running' ? 'failed' : run.status;
  const finishedAt = (run.finishedAt ?? new Date()).toISOString();
  const summary = {
    siteId: run.siteId,
    runId: run.id,
    day: run.day,
    status,
    bytes: run.bytes,
    files: run.files,
    checks: run.checks,
    errors: run.errors.map((error) => error.code),
  };
  if (status === 'ok') context.log.info(summary, 'backup run finished');
  else context.log.warn(summary, 'backup run finished with errors');

  context.bus.publish('backup.finished', {
    siteId: run.siteId,
    runId: run.id,
    status,
    day: run.day,
    dryRun: run.dryRun,
    bytes: run.bytes,
    files: run.files,
    errors: run.errors.length,
    finishedAt,
  });
  context.hub.publish(`backups:${run.siteId}`, { kind: 'finished', run: runToJson(run) });
  await recordAudit(context.services, context.log, {
    siteId: run.siteId,
    actor,
    action: 'backup.run.finish',
    resource: `backup_run/${run.id}`,
    details: {
      day: run.day,
      dry_run: run.dryRun,
      trigger: run.trigger,
      status,
      bytes: run.bytes,
      files: run.files,
      checks: run.checks,
      error_codes: run.errors.map((error) => error.code),
    },
  });
}
