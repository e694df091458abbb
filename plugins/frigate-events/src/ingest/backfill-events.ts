import { listEvents, listReviews } from '../frigate-client/api';
import { FrigateHttpError } from '../frigate-client/errors';
import { MAX_EPOCH_SECONDS } from './parse-common';
import { parseRestEvent, type NormalizedEvent } from './parse-event';
import { parseReview, type NormalizedReview } from './parse-review';
import {
  tallyEvents,
  tallyReviews,
  type BackfillContext,
  type BackfillCounts,
} from './backfill-types';

/**
 * Seconds below the watermark that every backfill reads again. Frigate writes an event's
 * row when the object stops being a false positive, which can be well after its start, so a
 * row can appear below the newest start already read.
 */
export const SETTLE_SECONDS = 600;
/** Pages read by one run at most; the next run continues from the saved watermark. */
const MAX_PAGES = 500;
/**
 * Overlap between pages. Frigate's `after`/`before` are strict, so the next page starts just
 * before the last start time read and events sharing it are read twice (and stored once).
 */
const PAGE_OVERLAP_SECONDS = 1e-6;

/**
 * How far ahead of our clock a watermark may be. Frigate stamps items with its own clock; once
 * that clock (or ours) jumped ahead and back, a watermark above now would skip every item made
 * after the return until the clock caught up, so it is lowered to now plus this much.
 */
export const MAX_WATERMARK_LEAD_SECONDS = 60;

type WatermarkColumn = 'events_watermark' | 'reviews_watermark';

/** The watermark to read from, lowered (and stored lowered) when it is ahead of the clock. */
async function capWatermark(
  context: BackfillContext,
  column: WatermarkColumn,
  watermark: number | null,
  nowSeconds: number,
): Promise<number | null> {
  const ceiling = nowSeconds + MAX_WATERMARK_LEAD_SECONDS;
  if (watermark === null || watermark <= ceiling) return watermark;
  context.log.warn(
    { column, watermark, ceiling },
    'backfill watermark is ahead of the clock; lowering it so that later items are read',
  );
  await context.syncState.lower(context.siteId, column, ceiling);
  return ceiling;
}

function startOf(item: unknown): number | null {
  const value = (item as { start_time?: unknown } | null)?.start_time;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function parseEvents(
  context: BackfillContext,
  items: unknown[],
  counts: BackfillCounts,
): NormalizedEvent[] {
  const valid: NormalizedEvent[] = [];
  for (const item of items) {
    const parsed = parseRestEvent(item);
    if (parsed.ok) valid.push(parsed.value);
    else {
      counts.malformed += 1;
      context.malformed.record('GET /api/events', parsed.reason);
    }
  }
  return valid;
}

async function storePage(
  context: BackfillContext,
  items: unknown[],
  counts: BackfillCounts,
): Promise<void> {
  counts.pages += 1;
  counts.events_fetched += items.length;
  const stored = await context.ingestor.storeEvents(parseEvents(context, items, counts), 'rest');
  tallyEvents(counts, stored);
}

/**
 * Read `GET /api/events` oldest first from the watermark (minus SETTLE_SECONDS), moving
 * `after` page by page, and store every event. The watermark moves after each stored page.
 * Frigate before 0.14 ignores `sort=date_asc` and returns newest first; then the window is
 * read by moving `before` down instead.
 */
export async function backfillEvents(
  context: BackfillContext,
  counts: BackfillCounts,
  watermark: number | null,
): Promise<void> {
  const { settings, client, signal } = context;
  const nowSeconds = Date.now() / 1000;
  const start = await capWatermark(context, 'events_watermark', watermark, nowSeconds);
  const from = Math.max(
    1,
    (start ?? nowSeconds - settings.initialBackfillHours * 3600) - SETTLE_SECONDS,
  );
  const limit = settings.backfillPageSize;
  let after = from;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const items = await listEvents(client, { after, limit, sort: 'date_asc' }, signal);
    const starts = items.map(startOf).filter((start): start is number => start !== null);
    if (starts.length >= 2 && starts[0]! > starts[starts.length - 1]!) {
      await backfillNewestFirst(context, counts, from, items);
      return;
    }
    await storePage(context, items, counts);
    if (starts.length === 0) return;
    const newest = Math.max(...starts);
    await context.syncState.advance(context.siteId, 'events_watermark', newest);
    if (items.length < limit) return;
    let next = newest - PAGE_OVERLAP_SECONDS;
    if (next <= after) {
      // A whole page shares one start time: step over it rather than read it forever.
      context.log.warn(
        { startTime: newest, limit },
        'a full page of events has one start time; some may be skipped',
      );
      next = newest;
    }
    after = next;
  }
  context.log.info(
    { pages: MAX_PAGES },
    'backfill stopped at its page limit; the next run continues',
  );
}

async function backfillNewestFirst(
  context: BackfillContext,
  counts: BackfillCounts,
  from: number,
  firstPage: unknown[],
): Promise<void> {
  const limit = context.settings.backfillPageSize;
  let items = firstPage;
  let newestSeen: number | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    await storePage(context, items, counts);
    const starts = items.map(startOf).filter((start): start is number => start !== null);
    if (starts.length === 0) break;
    newestSeen = Math.max(newestSeen ?? 0, ...starts);
    if (items.length < limit) break;
    const before = Math.min(...starts) + PAGE_OVERLAP_SECONDS;
    items = await listEvents(
      context.client,
      { after: from, before, limit, sort: 'date_desc' },
      context.signal,
    );
  }
  // Newest first, the whole window is read only at the end, so the watermark moves last.
  if (newestSeen !== null)
    await context.syncState.advance(context.siteId, 'events_watermark', newestSeen);
}

/**
 * Read `GET /api/review` from the reviews watermark on, with no bound from our clock, unreviewed and
 * reviewed items both (0.14–0.16 return only unreviewed ones unless asked), newest first,
 * moving `before` down when a page is full. Frigate before 0.14 has no reviews (404).
 */
export async function backfillReviews(
  context: BackfillContext,
  counts: BackfillCounts,
  watermark: number | null,
): Promise<void> {
  const { settings, client, signal } = context;
  const nowSeconds = Date.now() / 1000;
  const start = await capWatermark(context, 'reviews_watermark', watermark, nowSeconds);
  const after = Math.max(
    1,
    (start ?? nowSeconds - settings.initialBackfillHours * 3600) - SETTLE_SECONDS,
  );
  const limit = settings.backfillPageSize;
  let newest: number | null = null;
  for (const reviewed of [0, 1] as const) {
    // No bound from our clock: Frigate's clock stamps its reviews, and may run ahead of ours.
    let before = MAX_EPOCH_SECONDS;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      let items: unknown[];
      try {
        items = await listReviews(client, { after, before, limit, reviewed }, signal);
      } catch (error) {
        if (error instanceof FrigateHttpError && error.statusCode === 404) return;
        throw error;
      }
      counts.reviews_fetched += items.length;
      const valid: NormalizedReview[] = [];
      for (const item of items) {
        const parsed = parseReview(item);
        if (parsed.ok) valid.push(parsed.value);
        else {
          counts.malformed += 1;
          context.malformed.record('GET /api/review', parsed.reason);
        }
      }
      tallyReviews(counts, await context.ingestor.storeReviews(valid));
      const starts = items.map(startOf).filter((start): start is number => start !== null);
      if (starts.length > 0) newest = Math.max(newest ?? 0, ...starts);
      if (items.length < limit || starts.length === 0) break;
      const next = Math.min(...starts) + PAGE_OVERLAP_SECONDS;
      if (next >= before) break;
      before = next;
    }
  }
  if (newest !== null) await context.syncState.advance(context.siteId, 'reviews_watermark', newest);
}
