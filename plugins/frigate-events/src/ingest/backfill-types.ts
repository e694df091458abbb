import type { Logger } from 'pino';
import type { StoredEvent } from '../db/event-upsert';
import type { StoredReview } from '../db/review-upsert';
import type { Sql } from '../db/sql';
import type { SyncStateStore } from '../db/sync-state';
import type { FrigateClient } from '../frigate-client/client';
import type { SiteSettings } from '../settings';
import type { Ingestor } from './ingestor';
import type { MalformedCounter } from './malformed';

/** Counts of what a backfill run read and changed, as `POST /api/events/sync` returns them. */
export interface BackfillCounts {
  events_fetched: number;
  events_created: number;
  events_updated: number;
  events_closed: number;
  reviews_fetched: number;
  reviews_created: number;
  reviews_updated: number;
  reviews_closed: number;
  open_events_checked: number;
  open_reviews_checked: number;
  pages: number;
  malformed: number;
  /** ISO time of the newest event start fully read, after the run. */
  events_watermark: string | null;
}

export function emptyCounts(): BackfillCounts {
  return {
    events_fetched: 0,
    events_created: 0,
    events_updated: 0,
    events_closed: 0,
    reviews_fetched: 0,
    reviews_created: 0,
    reviews_updated: 0,
    reviews_closed: 0,
    open_events_checked: 0,
    open_reviews_checked: 0,
    pages: 0,
    malformed: 0,
    events_watermark: null,
  };
}

export interface BackfillContext {
  siteId: string;
  settings: SiteSettings;
  client: FrigateClient;
  ingestor: Ingestor;
  sql: Sql;
  syncState: SyncStateStore;
  malformed: MalformedCounter;
  log: Logger;
  signal: AbortSignal;
  /** Publish changes that did not come through the ingestor (events Frigate no longer has). */
  onEvents(stored: StoredEvent[]): void;
  onReviews(stored: StoredReview[]): void;
}

export function tallyEvents(counts: BackfillCounts, stored: StoredEvent[]): void {
  for (const { kind, inserted } of stored) {
    if (inserted) counts.events_created += 1;
    else if (kind === 'end') counts.events_closed += 1;
    else counts.events_updated += 1;
  }
}

export function tallyReviews(counts: BackfillCounts, stored: StoredReview[]): void {
  for (const { kind, inserted } of stored) {
    if (inserted) counts.reviews_created += 1;
    else if (kind === 'end') counts.reviews_closed += 1;
    else counts.reviews_updated += 1;
  }
}
