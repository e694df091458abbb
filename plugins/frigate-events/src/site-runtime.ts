import type { PluginContext } from '@centinela/core';
import type { Logger } from 'pino';
import { cameraItemsChanged, publishEvents, publishReviews } from './publish';
import { CameraDirectory } from './camera-directory';
import { CameraStore } from './db/camera-store';
import type { Sql } from './db/sql';
import { SyncStateStore } from './db/sync-state';
import { readCameraFps, readConfig } from './frigate-client/api';
import { FrigateClient } from './frigate-client/client';
import type { FrigateVersion } from './frigate-client/version';
import { FrigateErrors } from './errors';
import { backfillEvents, backfillReviews } from './ingest/backfill-events';
import { emptyCounts, type BackfillContext, type BackfillCounts } from './ingest/backfill-types';
import { Ingestor } from './ingest/ingestor';
import { MalformedCounter } from './ingest/malformed';
import { reconcileOpen } from './ingest/reconcile';
import type { SiteSettings } from './settings';

export type Availability = 'online' | 'offline' | 'unknown';

/**
 * Everything the plugin runs for one site: the Frigate client, the camera directory, the
 * ingestion queue and the backfill. Created when the plugin's jobs start on the site and
 * closed when they stop.
 */
export class SiteRuntime {
  readonly siteId: string;
  readonly client: FrigateClient | null;
  readonly cameras: CameraDirectory;
  readonly cameraStore: CameraStore;
  readonly ingestor: Ingestor;
  readonly malformed: MalformedCounter;
  readonly syncState: SyncStateStore;
  readonly log: Logger;
  /** From `<prefix>/available`: Frigate's own MQTT availability. */
  availability: Availability = 'unknown';
  /** Detection frame rate per camera from the last `/api/stats`; null when it failed. */
  cameraFps: Map<string, number> | null = null;
  version: FrigateVersion | null = null;
  /** Message of the last failed Frigate call; null after a success. */
  lastError: string | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private waitingBackfill: Promise<BackfillCounts> | null = null;
  private readonly abort = new AbortController();

  constructor(
    readonly settings: SiteSettings,
    private readonly context: PluginContext,
    readonly sql: Sql,
  ) {
    this.siteId = settings.siteId;
    this.log = context.log.child({ siteId: this.siteId });
    this.cameraStore = new CameraStore(sql);
    this.syncState = new SyncStateStore(sql);
    this.malformed = new MalformedCounter(this.log);
    this.cameras = new CameraDirectory(this.siteId, this.cameraStore, (cameras) =>
      cameraItemsChanged(context.bus, this.siteId, cameras),
    );
    this.ingestor = new Ingestor({
      siteId: this.siteId,
      sql,
      cameras: this.cameras,
      cameraStore: this.cameraStore,
      malformed: this.malformed,
      log: this.log,
      onEvents: (stored) => publishEvents(context, this.siteId, stored),
      onReviews: (stored) => publishReviews(context, this.siteId, stored),
    });
    this.client =
      settings.frigateUrl === null
        ? null
        : new FrigateClient({
            baseUrl: settings.frigateUrl,
            user: settings.frigateUser,
            password: settings.frigatePassword,
            tlsInsecure: settings.tlsInsecure,
            headersTimeoutMs: settings.requestTimeoutSeconds * 1000,
            log: this.log.child({ component: 'frigate-client' }),
          });
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  async open(): Promise<void> {
    await this.cameras.load();
    await this.syncState.get(this.siteId);
  }

  /** Stop background calls, write what is queued, save counters and close the client. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.running.catch(() => undefined);
    await this.ingestor
      .close()
      .catch((error: unknown) => this.log.error({ err: error }, 'final ingestion write failed'));
    await this.saveMalformed();
    await this.client?.close();
  }

  requireClient(): FrigateClient {
    if (this.client === null) {
      throw FrigateErrors.notConfigured(this.siteId, {
        fix: 'Set FRIGATE_URL, the site Frigate URL, or frigate_url in the plugin config.',
      });
    }
    return this.client;
  }

  /**
   * Run a backfill after the one in progress, if any, and return its counts. Calls made while
   * a run waits to start share that run, because it reads everything they would.
   */
  backfill(): Promise<BackfillCounts> {
    if (this.waitingBackfill !== null) return this.waitingBackfill;
    const run = this.queue(async (context, counts) => {
      this.waitingBackfill = null;
      const state = await this.syncState.get(this.siteId);
      this.version = await context.client.version(context.signal);
      await backfillEvents(context, counts, state.eventsWatermark);
      await backfillReviews(context, counts, state.reviewsWatermark);
      await reconcileOpen(context, counts);
      this.cameraFps = await readCameraFps(context.client, context.signal).catch(() => null);
      const after = await this.syncState.get(this.siteId);
      counts.events_watermark =
        after.eventsWatermark === null
          ? null
          : new Date(after.eventsWatermark * 1000).toISOString();
    });
    this.waitingBackfill = run;
    // The caller handles the failure; this copy only clears the slot if the run never started.
    run.catch(() => {
      if (this.waitingBackfill === run) this.waitingBackfill = null;
    });
    return run;
  }

  /** Read cameras from Frigate's config and store them. */
  async discoverCameras(): Promise<void> {
    const client = this.requireClient();
    const config = await readConfig(client, this.signal);
    await this.ingestor.serial(() => this.cameraStore.applyDiscovery(this.siteId, config.cameras));
    await this.cameras.load();
    this.log.debug(
      { cameras: config.cameras.length, configVersion: config.version },
      'cameras discovered',
    );
  }

  /** Save the rejected-message counts gathered since the last save. */
  async saveMalformed(): Promise<void> {
    const counts = this.malformed.takePending();
    try {
      await this.syncState.addMalformed(this.siteId, counts);
    } catch (error) {
      this.malformed.restore(counts);
      this.log.warn({ err: error }, 'saving malformed message counts failed');
    }
  }

  private queue(
    work: (context: BackfillContext, counts: BackfillCounts) => Promise<void>,
  ): Promise<BackfillCounts> {
    const client = this.requireClient();
    const result = this.running
      .catch(() => undefined)
      .then(async () => {
        const counts = emptyCounts();
        const context: BackfillContext = {
          siteId: this.siteId,
          settings: this.settings,
          client,
          ingestor: this.ingestor,
          sql: this.sql,
          syncState: this.syncState,
          malformed: this.malformed,
          log: this.log,
          signal: this.signal,
          onEvents: (stored) => publishEvents(this.context, this.siteId, stored),
          onReviews: (stored) => publishReviews(this.context, this.siteId, stored),
        };
        try {
          await work(context, counts);
          if (this.lastError !== null) this.log.info('Frigate is reachable again');
          this.lastError = null;
          await this.syncState.recordBackfill(this.siteId, null, this.version?.raw ?? null);
        } catch (error) {
          const message = (error as Error).message;
          if (this.lastError === null && !this.signal.aborted)
            this.log.warn({ err: error }, 'backfill from Frigate failed');
          this.lastError = message;
          await this.syncState
            .recordBackfill(this.siteId, message.slice(0, 500), null)
            .catch(() => undefined);
          throw error;
        } finally {
          await this.saveMalformed();
        }
        return counts;
      });
    this.running = result;
    return result;
  }
}
