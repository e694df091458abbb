import { isDatabaseUnavailable } from '@centinela/core';
import type { Logger } from 'pino';
import type { CameraDirectory } from '../camera-directory';
import { upsertEvents, type EventSource, type StoredEvent } from '../db/event-upsert';
import { upsertReviews, type StoredReview } from '../db/review-upsert';
import type { Sql } from '../db/sql';
import type { CameraStore } from '../db/camera-store';
import type { MalformedCounter } from './malformed';
import type { NormalizedEvent } from './parse-event';
import type { NormalizedReview } from './parse-review';
import { RetryBackoff } from './retry-backoff';
import { sqlState, writeRows } from './write-rows';

/** Largest number of rows written by one statement. */
const MAX_BATCH = 1000;
/** Interval at which cameras' last_seen_at is refreshed from detections. */
const TOUCH_INTERVAL_MS = 60_000;
/**
 * MQTT messages kept per queue (events, reviews) while the database is away; the oldest go
 * first past it. The backfill reads what was dropped from Frigate once the database is back.
 */
export const MAX_QUEUED = 10_000;

export interface IngestorOptions {
  siteId: string;
  sql: Sql;
  cameras: CameraDirectory;
  cameraStore: CameraStore;
  malformed: MalformedCounter;
  log: Logger;
  onEvents(stored: StoredEvent[]): void;
  onReviews(stored: StoredReview[]): void;
  /** First wait before writing again after the database was unavailable. */
  retryDelayMs?: number;
}

/**
 * Writes a site's events and reviews. MQTT messages are queued and written in batches:
 * everything that arrived while the previous batch was being written, up to 1000 rows per
 * statement. REST results go through the same queue, so writes of one site never overlap
 * and the change kinds (new, update, end) come out right.
 *
 * While the database is unavailable, a failed batch goes back to the head of its queue and is
 * written again after a backoff (1 s doubling to 30 s), so detections of a PostgreSQL restart
 * land without waiting for the next backfill.
 *
 * NOTE: a queued MQTT message is already acknowledged to the broker; if the process dies
 * before the batch is written, the next backfill brings the event back from Frigate.
 */
export class Ingestor {
  private events: NormalizedEvent[] = [];
  private reviews: NormalizedReview[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private scheduled = false;
  private closed = false;
  private readonly touched = new Map<string, number>();
  private readonly retry: RetryBackoff;
  /** Messages dropped past MAX_QUEUED since the database became unavailable. */
  private dropped = 0;

  constructor(private readonly options: IngestorOptions) {
    this.retry = new RetryBackoff(options.retryDelayMs ?? 1000, 30_000, () => {
      void this.serial(() => this.flushQueued());
    });
  }

  /** Messages waiting to be written. */
  get queued(): { events: number; reviews: number } {
    return { events: this.events.length, reviews: this.reviews.length };
  }

  enqueueEvent(event: NormalizedEvent): void {
    this.events.push(event);
    this.bound();
    this.schedule();
  }

  enqueueReview(review: NormalizedReview): void {
    this.reviews.push(review);
    this.bound();
    this.schedule();
  }

  /** Write events read from Frigate's REST API; resolves once written. */
  storeEvents(events: NormalizedEvent[], source: EventSource): Promise<StoredEvent[]> {
    const topic = source === 'mqtt' ? 'MQTT events' : 'GET /api/events';
    return this.serial(() => this.writeEvents(events, source, topic));
  }

  storeReviews(reviews: NormalizedReview[]): Promise<StoredReview[]> {
    return this.serial(() => this.writeReviews(reviews, 'GET /api/review'));
  }

  /** Run `task` after every queued write; used for other writes that must not overlap. */
  serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.chain.then(task);
    this.chain = result.catch(() => undefined);
    return result;
  }

  /** Write everything queued so far, without waiting for a pending retry. */
  async drain(): Promise<void> {
    await this.serial(() => this.flushQueued());
  }

  /** Stop retrying and write what is queued once; what cannot be written is left to a backfill. */
  async close(): Promise<void> {
    this.closed = true;
    this.retry.cancel();
    await this.drain();
    const left = this.events.length + this.reviews.length;
    if (left > 0)
      this.options.log.warn(
        { events: this.events.length, reviews: this.reviews.length },
        'queued MQTT detections not written at shutdown; the next backfill reads them from Frigate',
      );
  }

  private schedule(): void {
    // A pending retry writes everything queued by then; writing sooner would only fail again.
    if (this.scheduled || this.retry.pending) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.serial(() => this.flushQueued());
    });
  }

  private async flushQueued(): Promise<void> {
    this.retry.cancel();
    while (this.events.length > 0 || this.reviews.length > 0) {
      let events = this.events.splice(0, MAX_BATCH);
      let reviews = this.reviews.splice(0, MAX_BATCH);
      try {
        await this.writeEvents(events, 'mqtt', 'MQTT events');
        events = [];
        await this.writeReviews(reviews, 'MQTT reviews');
        reviews = [];
        this.recovered();
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          this.putBack(events, reviews, error);
          return;
        }
        this.options.log.error(
          { err: error, events: events.length, reviews: reviews.length },
          'writing MQTT detections failed; the next backfill reads them from Frigate',
        );
      }
    }
  }

  /** Return an unwritten batch to the head of its queue and plan the next attempt. */
  private putBack(events: NormalizedEvent[], reviews: NormalizedReview[], error: unknown): void {
    this.events.unshift(...events);
    this.reviews.unshift(...reviews);
    this.bound();
    if (this.closed) return;
    const delayMs = this.retry.start();
    const log = this.retry.failures === 1 ? this.options.log.warn : this.options.log.debug;
    log.call(
      this.options.log,
      { err: error, ...this.queued, retryInMs: delayMs },
      'database unavailable; queued MQTT detections are written when it is back',
    );
  }

  /** Drop the oldest messages past MAX_QUEUED, warning once per outage. */
  private bound(): void {
    const excess = {
      events: Math.max(0, this.events.length - MAX_QUEUED),
      reviews: Math.max(0, this.reviews.length - MAX_QUEUED),
    };
    if (excess.events === 0 && excess.reviews === 0) return;
    this.events.splice(0, excess.events);
    this.reviews.splice(0, excess.reviews);
    if (this.dropped === 0)
      this.options.log.warn(
        { limit: MAX_QUEUED, droppedEvents: excess.events, droppedReviews: excess.reviews },
        'MQTT queue full while the database is unavailable; dropping the oldest detections',
      );
    this.dropped += excess.events + excess.reviews;
  }

  private recovered(): void {
    if (this.retry.failures === 0 && this.dropped === 0) return;
    this.options.log.info(
      { failedAttempts: this.retry.failures, dropped: this.dropped },
      'queued MQTT detections written; dropped ones come back with the next backfill',
    );
    this.retry.reset();
    this.dropped = 0;
  }

  private async writeEvents(
    events: NormalizedEvent[],
    source: EventSource,
    topic: string,
  ): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    const cameras = await this.options.cameras.resolve(events.map((event) => event.camera));
    const rows = [];
    for (const event of events) {
      const camera = cameras.get(event.camera);
      // Removed or disabled cameras are not followed.
      if (camera === undefined || camera.deletedAt !== null || !camera.enabled) continue;
      rows.push({ ...event, cameraId: camera.id });
    }
    const stored: StoredEvent[] = [];
    for (let start = 0; start < rows.length; start += MAX_BATCH) {
      stored.push(
        ...(await writeRows(
          rows.slice(start, start + MAX_BATCH),
          (part) => upsertEvents(this.options.sql, this.options.siteId, part, source),
          (row, error) => this.rejected(topic, { frigateEventId: row.frigateEventId }, error),
        )),
      );
    }
    if (stored.length > 0) this.options.onEvents(stored);
    await this.touch(rows.map((row) => row.cameraId));
    return stored;
  }

  private async writeReviews(
    reviews: NormalizedReview[],
    topic: string,
  ): Promise<StoredReview[]> {
    if (reviews.length === 0) return [];
    const cameras = await this.options.cameras.resolve(reviews.map((review) => review.camera));
    const rows = [];
    for (const review of reviews) {
      const camera = cameras.get(review.camera);
      if (camera === undefined || camera.deletedAt !== null || !camera.enabled) continue;
      rows.push({ ...review, cameraId: camera.id });
    }
    const stored = await writeRows(
      rows,
      (part) => upsertReviews(this.options.sql, this.options.siteId, part),
      (row, error) => this.rejected(topic, { frigateReviewId: row.frigateReviewId }, error),
    );
    if (stored.length > 0) this.options.onReviews(stored);
    return stored;
  }

  /** Count a row PostgreSQL refused; logged with its id and SQLSTATE, never its payload. */
  private rejected(topic: string, id: Record<string, string>, error: unknown): void {
    this.options.malformed.record(topic, 'database_rejected', { ...id, sqlState: sqlState(error) });
  }

  /** Refresh last_seen_at; a failure is not worth failing or repeating the write for. */
  private async touch(cameraIds: string[]): Promise<void> {
    const now = Date.now();
    const due = [...new Set(cameraIds)].filter(
      (id) => now - (this.touched.get(id) ?? 0) >= TOUCH_INTERVAL_MS,
    );
    if (due.length === 0) return;
    for (const id of due) this.touched.set(id, now);
    await this.options.cameraStore.touch(due).catch((error: unknown) => {
      for (const id of due) this.touched.delete(id);
      this.options.log.debug({ err: error }, 'refreshing cameras last seen time failed');
    });
  }
}
