import type { Logger } from 'pino';
import type { CameraDirectory } from '../camera-directory';
import { upsertEvents, type EventSource, type StoredEvent } from '../db/event-upsert';
import { upsertReviews, type StoredReview } from '../db/review-upsert';
import type { Sql } from '../db/sql';
import type { CameraStore } from '../db/camera-store';
import type { NormalizedEvent } from './parse-event';
import type { NormalizedReview } from './parse-review';

/** Largest number of rows written by one statement. */
const MAX_BATCH = 1000;
/** Interval at which cameras' last_seen_at is refreshed from detections. */
const TOUCH_INTERVAL_MS = 60_000;

export interface IngestorOptions {
  siteId: string;
  sql: Sql;
  cameras: CameraDirectory;
  cameraStore: CameraStore;
  log: Logger;
  onEvents(stored: StoredEvent[]): void;
  onReviews(stored: StoredReview[]): void;
}

/**
 * Writes a site's events and reviews. MQTT messages are queued and written in batches:
 * everything that arrived while the previous batch was being written, up to 1000 rows per
 * statement. REST results go through the same queue, so writes of one site never overlap
 * and the change kinds (new, update, end) come out right.
 *
 * NOTE: a queued MQTT message is already acknowledged to the broker; if the process dies
 * before the batch is written, the next backfill brings the event back from Frigate.
 */
export class Ingestor {
  private events: NormalizedEvent[] = [];
  private reviews: NormalizedReview[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private scheduled = false;
  private readonly touched = new Map<string, number>();

  constructor(private readonly options: IngestorOptions) {}

  enqueueEvent(event: NormalizedEvent): void {
    this.events.push(event);
    this.schedule();
  }

  enqueueReview(review: NormalizedReview): void {
    this.reviews.push(review);
    this.schedule();
  }

  /** Write events read from Frigate's REST API; resolves once written. */
  storeEvents(events: NormalizedEvent[], source: EventSource): Promise<StoredEvent[]> {
    return this.serial(() => this.writeEvents(events, source));
  }

  storeReviews(reviews: NormalizedReview[]): Promise<StoredReview[]> {
    return this.serial(() => this.writeReviews(reviews));
  }

  /** Run `task` after every queued write; used for other writes that must not overlap. */
  serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.chain.then(task);
    this.chain = result.catch(() => undefined);
    return result;
  }

  /** Write everything queued so far. */
  async drain(): Promise<void> {
    await this.serial(() => this.flushQueued());
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.serial(() => this.flushQueued());
    });
  }

  private async flushQueued(): Promise<void> {
    while (this.events.length > 0 || this.reviews.length > 0) {
      const events = this.events.splice(0, MAX_BATCH);
      const reviews = this.reviews.splice(0, MAX_BATCH);
      try {
        if (events.length > 0) await this.writeEvents(events, 'mqtt');
        if (reviews.length > 0) await this.writeReviews(reviews);
      } catch (error) {
        this.options.log.error(
          { err: error, events: events.length, reviews: reviews.length },
          'writing MQTT detections failed; the next backfill reads them from Frigate',
        );
      }
    }
  }

  private async writeEvents(
    events: NormalizedEvent[],
    source: EventSource,
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
        ...(await upsertEvents(
          this.options.sql,
          this.options.siteId,
          rows.slice(start, start + MAX_BATCH),
          source,
        )),
      );
    }
    await this.touch(rows.map((row) => row.cameraId));
    if (stored.length > 0) this.options.onEvents(stored);
    return stored;
  }

  private async writeReviews(reviews: NormalizedReview[]): Promise<StoredReview[]> {
    if (reviews.length === 0) return [];
    const cameras = await this.options.cameras.resolve(reviews.map((review) => review.camera));
    const rows = [];
    for (const review of reviews) {
      const camera = cameras.get(review.camera);
      if (camera === undefined || camera.deletedAt !== null || !camera.enabled) continue;
      rows.push({ ...review, cameraId: camera.id });
    }
    const stored = await upsertReviews(this.options.sql, this.options.siteId, rows);
    if (stored.length > 0) this.options.onReviews(stored);
    return stored;
  }

  private async touch(cameraIds: string[]): Promise<void> {
    const now = Date.now();
    const due = [...new Set(cameraIds)].filter(
      (id) => now - (this.touched.get(id) ?? 0) >= TOUCH_INTERVAL_MS,
    );
    if (due.length === 0) return;
    for (const id of due) this.touched.set(id, now);
    await this.options.cameraStore.touch(due);
  }
}
