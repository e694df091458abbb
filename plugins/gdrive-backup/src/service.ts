import type { PluginContext } from '@centinela/core';
import type { BackupRun } from './db/entities';
import { Sql } from './db/sql';
import { yesterdayIn } from './days';
import { restoreTest, type RestoreTestResult } from './engine';
import { forecastForSite, type ForecastJson } from './forecast';
import { PLUGIN_NAME } from './manifest';
import { LockStore } from './runs/lock-store';
import { createOwner } from './runs/owner';
import { RunStore } from './runs/run-store';
import { BackupRunner, type StartRunRequest } from './runs/runner';
import { resolveSettings, type BackupSettings } from './settings';

declare module '@centinela/core' {
  interface CentinelaServices {
    backups: BackupService;
  }
}

export interface RestoreTestRequest {
  day: string;
  sampleSize: number;
  /** Random source in [0, 1) for the sample; default Math.random. */
  random?: () => number;
}

/**
 * The backup plugin's state for one Centinela instance: run and lock stores, the runner,
 * and each site's effective settings. Provided to other code as the `backups` service.
 */
export class BackupService {
  readonly runs: RunStore;
  readonly locks: LockStore;
  private readonly runner: BackupRunner;

  constructor(private readonly context: PluginContext) {
    const sql = new Sql(context.orm);
    this.runs = new RunStore(sql);
    this.locks = new LockStore(sql);
    this.runner = new BackupRunner({
      context,
      sql,
      runs: this.runs,
      locks: this.locks,
      owner: createOwner(),
      settingsFor: (siteId) => this.settingsFor(siteId),
    });
  }

  /** Returns the site's configuration with environment and data-folder defaults filled in. */
  settingsFor(siteId: string): BackupSettings {
    const stored = this.context.sites.pluginState(siteId, PLUGIN_NAME)?.config ?? {};
    const timezone = this.context.sites.get(siteId)?.timezone ?? this.context.config.timezone;
    return resolveSettings(stored, this.context.config, timezone);
  }

  /** Returns the day a run backs up when none is given: yesterday, in the site's day mode. */
  defaultDay(siteId: string, now: Date = new Date()): string {
    const settings = this.settingsFor(siteId);
    return yesterdayIn(now, settings.dayMode, settings.timezone);
  }

  /** See BackupRunner.start. */
  startRun(siteId: string, request: StartRunRequest): Promise<BackupRun | null> {
    return this.runner.start(siteId, request);
  }

  /** Aborts the site's run in this instance, if any, and waits until it is stored. */
  stopSite(siteId: string): Promise<void> {
    return this.runner.stop(siteId);
  }

  recoverInterrupted(siteId: string): Promise<BackupRun[]> {
    return this.runner.recoverInterrupted(siteId);
  }

  forecast(siteId: string, day?: string): Promise<ForecastJson> {
    return forecastForSite(this.settingsFor(siteId), day);
  }

  /** Restores a random sample of a backed-up day and compares it with the local files. */
  restoreTest(siteId: string, request: RestoreTestRequest): Promise<RestoreTestResult> {
    const settings = this.settingsFor(siteId);
    return restoreTest({
      remote: settings.remote,
      path: settings.path,
      day: request.day,
      sampleSize: request.sampleSize,
      mediaDir: settings.mediaDir ?? '',
      ...(settings.include.evidence ? { evidenceManifests: settings.vaultDir } : {}),
      rclone: settings.rclone,
      ...(request.random === undefined ? {} : { random: request.random }),
    });
  }
}
