import { Cron } from 'croner';
import type { BackgroundJob, SiteContext } from '@centinela/core';
import { CentinelaError } from '@centinela/core';
import { PLUGIN_NAME } from '../manifest';
import { SYSTEM_ACTOR } from '../runs/announce';
import type { BackupService } from '../service';
import { missedFire, previousFire } from './catch-up';

/**
 * The nightly schedule of one site. At start it marks runs abandoned by a dead process as
 * failed. It then runs a `catch-up` when the last scheduled time passed without a run, for
 * example because the machine was off. After that it fires `schedule` runs by the cron
 * expression in the site's time zone. Every instance that serves the site schedules it; the site lock and the check for a
 * run since the fire time make sure one of them runs each fire.
 */
export class ScheduleJob implements BackgroundJob {
  readonly name = 'backup-schedule';
  private cron: Cron | null = null;
  /** Recovery, catch-up and scheduled starts still being set up; stop() waits for them. */
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly context: SiteContext,
    private readonly service: BackupService,
  ) {}

  start(): void {
    const { siteId, log } = this.context;
    const settings = this.service.settingsFor(siteId);
    try {
      this.cron = new Cron(settings.schedule, { timezone: settings.timezone }, () =>
        this.track(this.fire(), 'scheduled backup failed to start'),
      );
      log.info(
        { siteId, schedule: settings.schedule, nextRun: this.cron.nextRun()?.toISOString() },
        'backup schedule started',
      );
    } catch (error) {
      log.error(
        { err: error, siteId, schedule: settings.schedule },
        'backup schedule is not a valid cron expression; no nightly runs until it is fixed',
      );
    }
    // Recovery and catch-up run in the background so that installing the plugin is not slowed.
    this.track(this.recoverAndCatchUp(), 'backup recovery or catch-up failed');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cron?.stop();
    await Promise.all(this.pending);
    await this.service.stopSite(this.context.siteId);
  }

  private track(work: Promise<void>, failure: string): void {
    const tracked = work
      .catch((error: unknown) =>
        this.context.log.error({ err: error, siteId: this.context.siteId }, failure),
      )
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private async recoverAndCatchUp(): Promise<void> {
    const { siteId, log } = this.context;
    const recovered = await this.service.recoverInterrupted(siteId);
    if (recovered.length > 0) {
      log.warn(
        { siteId, runs: recovered.map((run) => run.id) },
        'marked abandoned backup runs as failed',
      );
    }
    if (this.cron === null || this.stopped) return;

    const settings = this.service.settingsFor(siteId);
    const installedAt = this.context.sites.pluginState(siteId, PLUGIN_NAME)?.installedAt;
    const now = new Date();
    const missed = missedFire({
      cron: settings.schedule,
      timezone: settings.timezone,
      now,
      installedAt: installedAt ?? now,
      latestRunStart: await this.service.runs.latestRealRunStart(siteId),
    });
    if (missed === null || this.stopped) return;
    log.info({ siteId, missed: missed.toISOString() }, 'running a missed scheduled backup');
    await this.begin('catch-up', missed, now);
  }

  private async fire(): Promise<void> {
    if (this.stopped) return;
    const settings = this.service.settingsFor(this.context.siteId);
    const now = new Date();
    const fire = previousFire(settings.schedule, settings.timezone, now) ?? now;
    await this.begin('schedule', fire, now);
  }

  private async begin(trigger: 'schedule' | 'catch-up', fire: Date, now: Date): Promise<void> {
    const { siteId, log } = this.context;
    try {
      const run = await this.service.startRun(siteId, {
        trigger,
        day: this.service.defaultDay(siteId, now),
        dryRun: false,
        actor: SYSTEM_ACTOR,
        unlessRunSince: fire,
      });
      if (run === null) log.info({ siteId, trigger }, 'backup for this schedule time already ran');
    } catch (error) {
      if (error instanceof CentinelaError && error.code === 'CEN_ERR_BACKUP_RUN_IN_PROGRESS') {
        log.info(
          { siteId, trigger, runId: error.extensions.run_id },
          'backup skipped: a run is in progress',
        );
        return;
      }
      throw error;
    }
  }
}
