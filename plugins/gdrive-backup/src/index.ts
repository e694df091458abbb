import { Cron } from 'croner';
import type { CentinelaPlugin, ConfigProblem } from '@centinela/core';
import { manifest } from './manifest';
import { registerForecastRoute } from './routes/forecast';
import { registerRunRoutes } from './routes/runs';
import { ScheduleJob } from './schedule/schedule-job';
import { BackupService } from './service';

/**
 * Nightly encrypted, verified backup of recordings, clips and evidence through rclone.
 * `setup` makes one BackupService per Centinela instance and shares it as the `backups`
 * service; routes and the per-site schedule job use it.
 */
export const gdriveBackupPlugin: CentinelaPlugin = {
  manifest,
  setup(context) {
    context.services.provide('backups', new BackupService(context));
    context.hub.registerTopic('backups:', 'backups:read');
  },
  routes(app, context) {
    const service = context.services.get('backups');
    registerRunRoutes(app, context, service);
    registerForecastRoute(app, service);
  },
  jobs(context) {
    return [new ScheduleJob(context, context.services.get('backups'))];
  },
  validateConfig: checkSchedule,
};

/** Rejects a cron expression that croner cannot parse, so no nightly run is silently lost. */
function checkSchedule(config: Record<string, unknown>): ConfigProblem[] {
  const schedule = config.schedule;
  if (typeof schedule !== 'string') return [];
  try {
    new Cron(schedule, { paused: true }).stop();
    return [];
  } catch (error) {
    return [{ field: 'config.schedule', reason: `is not a valid cron expression: ${(error as Error).message}` }];
  }
}

export default gdriveBackupPlugin;
export { BackupService } from './service';
export type { RestoreTestRequest } from './service';
export type { BackupRun, BackupLock, RunOwner, RunStatus, RunTrigger } from './db/entities';
export type { StartRunRequest } from './runs/runner';
export type { ForecastJson } from './forecast';
export { missedFire, previousFire } from './schedule/catch-up';
export { restoreTestCommand } from './cli';
