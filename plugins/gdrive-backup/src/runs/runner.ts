import { randomUUID } from 'node:crypto';
import type { ActorRef, PluginContext } from '@centinela/core';
import type { BackupRun, RunOwner, RunTrigger } from '../db/entities';
import type { Sql } from '../db/sql';
import { BackupErrors } from '../errors';
import type { BackupSettings } from '../settings';
import { announceFinish, announceStart, SYSTEM_ACTOR } from './announce';
import { executeBackup, toRunError } from './execute';
import type { LockStore } from './lock-store';
import { abandonedReason, HEARTBEAT_MS } from './owner';
import { preflight } from './preflight';
import { throttledProgress } from './progress';
import type { RunOutcome, RunStore } from './run-store';

export interface StartRunRequest {
  trigger: RunTrigger;
  /** YYYY-MM-DD, already validated. */
  day: string;
  dryRun: boolean;
  actor: ActorRef;
  /**
   * For scheduled runs: do nothing (return null) when a real run started at or after this
   * time, because another instance or an earlier start already ran this fire.
   */
  unlessRunSince?: Date;
}

export interface RunnerDependencies {
  context: PluginContext;
  sql: Sql;
  runs: RunStore;
  locks: LockStore;
  owner: RunOwner;
  settingsFor(siteId: string): BackupSettings;
}

interface ActiveRun {
  id: string;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Starts backup runs, one at a time per site across every process that shares the
 * database. A run owns the site's row in `backup_locks` and refreshes its heartbeat until
 * it ends. Locks and runs left behind by a process that died are taken over and marked failed.
 */
export class BackupRunner {
  private readonly active = new Map<string, ActiveRun>();

  constructor(private readonly deps: RunnerDependencies) {}

  /**
   * Takes the site's lock, stores a `running` row and checks the setup (preflight). Returns
   * the row once the copy is under way in the background, or the `failed` row when the
   * preflight failed (unknown remote, missing rclone ...). Throws CEN_ERR_BACKUP_RUN_IN_PROGRESS
   * when another run holds the lock.
   */
  async start(siteId: string, request: StartRunRequest): Promise<BackupRun | null> {
    const settings = this.deps.settingsFor(siteId);
    const runId = randomUUID();
    await this.acquire(siteId, runId);

    const controller = new AbortController();
    let report!: (run: BackupRun | null) => void;
    let fail!: (error: unknown) => void;
    const started = new Promise<BackupRun | null>((resolve, reject) => {
      report = resolve;
      fail = reject;
    });
    const done = this.lifecycle(siteId, runId, settings, request, controller, report)
      .catch((error: unknown) => {
        this.deps.context.log.error(
          { err: error, siteId, runId },
          'backup run failed unexpectedly',
        );
        fail(error);
      })
      .finally(() => {
        if (this.active.get(siteId)?.id === runId) this.active.delete(siteId);
      });
    this.active.set(siteId, { id: runId, controller, done });
    return started;
  }

  /** Aborts the site's run in this instance, if any, and waits until its row is stored. */
  async stop(siteId: string): Promise<void> {
    const run = this.active.get(siteId);
    if (run === undefined) return;
    run.controller.abort();
    await run.done;
  }

  /** Marks `running` rows whose process is gone as failed and frees their lock. */
  async recoverInterrupted(siteId: string): Promise<BackupRun[]> {
    const recovered: BackupRun[] = [];
    // Rows first, then the lock: a run takes its lock before it inserts its row, so every row
    // listed here already has its lock unless that run ended or was abandoned.
    const running = await this.deps.runs.listRunning(siteId);
    const lock = await this.deps.locks.read(siteId);
    for (const run of running) {
      if (this.active.get(siteId)?.id === run.id) continue;
      const holdsLock = lock?.runId === run.id;
      const reason = holdsLock
        ? abandonedReason(lock.owner, lock.stale, this.deps.owner, false)
        : 'the run no longer holds the site lock';
      if (reason === null) continue;
      const failed = await this.interrupt(run, reason);
      if (holdsLock) await this.deps.locks.release(siteId, run.id);
      if (failed !== undefined) recovered.push(failed);
    }
    return recovered;
  }

  private async acquire(siteId: string, runId: string): Promise<void> {
    const { locks, owner } = this.deps;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (await locks.tryInsert(siteId, runId, owner)) return;
      const lock = await locks.read(siteId);
      if (lock === undefined) continue;
      // A lock whose run has ended was left by a crash between storing the row and releasing.
      if (lock.runStatus === 'running' || lock.runStatus === null) {
        const activeHere = this.active.get(siteId)?.id === lock.runId;
        const reason = abandonedReason(lock.owner, lock.stale, owner, activeHere);
        if (reason === null) {
          throw BackupErrors.runInProgress(lock.runId, { extensions: { run_id: lock.runId } });
        }
        const run = await this.deps.runs.get(siteId, lock.runId);
        if (run?.status === 'running') await this.interrupt(run, reason);
      }
      if (await locks.takeOver(siteId, lock.runId, runId, owner)) return;
    }
    const holder = (await locks.read(siteId))?.runId ?? 'unknown';
    throw BackupErrors.runInProgress(holder, { extensions: { run_id: holder } });
  }

  private async interrupt(run: BackupRun, reason: string): Promise<BackupRun | undefined> {
    const message =
      `The backup process (pid ${run.owner.pid} on host ${run.owner.host}) stopped before the run ` +
      `finished, for example because it was killed or the machine lost power: ${reason}.`;
    const failed = await this.deps.runs.markInterrupted(run.id, message);
    if (failed !== undefined) await announceFinish(this.deps.context, failed, SYSTEM_ACTOR);
    return failed;
  }

  private async lifecycle(
    siteId: string,
    runId: string,
    settings: BackupSettings,
    request: StartRunRequest,
    controller: AbortController,
    report: (run: BackupRun | null) => void,
  ): Promise<void> {
    const { context, runs, locks } = this.deps;
    const heartbeat = setInterval(() => {
      locks
        .heartbeat(siteId, runId)
        .then((held) => {
          if (held) return;
          context.log.warn({ siteId, runId }, 'backup lock was taken over; stopping this run');
          controller.abort();
        })
        .catch((error: unknown) =>
          context.log.warn({ err: error, siteId, runId }, 'backup heartbeat failed'),
        );
    }, HEARTBEAT_MS);
    heartbeat.unref();

    try {
      if (request.unlessRunSince !== undefined) {
        const latest = await runs.latestRealRunStart(siteId);
        if (latest !== null && latest >= request.unlessRunSince) {
          report(null);
          return;
        }
      }
      const run = await runs.insertRunning({
        id: runId,
        siteId,
        day: request.day,
        dryRun: request.dryRun,
        trigger: request.trigger,
        startedAt: new Date(),
        actorId: request.actor.id,
        owner: this.deps.owner,
      });
      await announceStart(context, run, request.actor);

      let outcome: RunOutcome | undefined;
      let preflightFailed = false;
      try {
        await preflight(settings);
      } catch (error) {
        preflightFailed = true;
        outcome = failedOutcome(toRunError('run', error));
      }
      if (outcome === undefined) {
        report(run);
        outcome = await executeBackup({
          siteId,
          day: request.day,
          dryRun: request.dryRun,
          settings,
          sql: this.deps.sql,
          signal: controller.signal,
          onProgress: throttledProgress(runId, (message) =>
            context.hub.publish(`backups:${siteId}`, message),
          ),
        });
      }

      const finished = await runs.finish(runId, outcome);
      clearInterval(heartbeat);
      await locks.release(siteId, runId);
      if (this.active.get(siteId)?.id === runId) this.active.delete(siteId);
      if (finished !== undefined) {
        await announceFinish(context, finished, request.actor);
      } else {
        // Another process judged this run abandoned and already stored it as failed.
        context.log.warn({ siteId, runId }, 'backup run had already been marked as ended');
      }
      if (preflightFailed) report(finished ?? (await runs.get(siteId, runId)) ?? run);
    } finally {
      clearInterval(heartbeat);
      await locks.release(siteId, runId);
    }
  }
}

function failedOutcome(error: RunOutcome['errors'][number]): RunOutcome {
  return {
    status: 'failed',
    finishedAt: new Date(),
    bytes: 0,
    files: 0,
    checks: 0,
    errors: [error],
    logExcerpt: `[${error.job}] ${error.code}: ${error.message}`,
    retention: null,
    jobs: [],
  };
}
