import { getEvent, getReview } from '../frigate-client/api';
import {
  closeMissingEvent,
  closeMissingReview,
  openEvents,
  openReviews,
  type OpenItem,
} from '../db/open-items';
import { parseRestEvent } from './parse-event';
import { parseReview } from './parse-review';
import {
  tallyEvents,
  tallyReviews,
  type BackfillContext,
  type BackfillCounts,
} from './backfill-types';

/** Open items re-read per run at most, oldest first. */
const OPEN_LIMIT = 200;
const CONCURRENCY = 4;
/**
 * Age after which an open item that Frigate returns 404 for is closed locally. Younger ones
 * may simply not be in Frigate's database yet (MQTT can arrive before the row is written).
 */
const MISSING_GRACE_SECONDS = 3600;

async function eachLimited<T>(
  items: T[],
  signal: AbortSignal,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let index = 0;
  const worker = async (): Promise<void> => {
    while (index < items.length && !signal.aborted) {
      const item = items[index] as T;
      index += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

function isLongGone(item: OpenItem): boolean {
  return Date.now() / 1000 - item.startTime > MISSING_GRACE_SECONDS;
}

/**
 * Re-read every locally open event and review from Frigate (cache bypassed). Frigate closes
 * them silently when it restarts, and an `end` lost with a broker outage never comes back, so
 * this is how they get closed. Items Frigate no longer has are closed once old enough.
 */
export async function reconcileOpen(
  context: BackfillContext,
  counts: BackfillCounts,
): Promise<void> {
  const { sql, siteId, client, signal, ingestor } = context;

  const events = await openEvents(sql, siteId, OPEN_LIMIT);
  await eachLimited(events, signal, async (item) => {
    counts.open_events_checked += 1;
    const body = await getEvent(client, item.frigateId, signal);
    if (body === null) {
      if (!isLongGone(item)) return;
      const closed = await ingestor.serial(() => closeMissingEvent(sql, siteId, item.frigateId));
      if (closed !== null) {
        counts.events_closed += 1;
        context.onEvents([{ kind: 'end', inserted: false, event: closed }]);
      }
      return;
    }
    const parsed = parseRestEvent(body);
    if (!parsed.ok) {
      counts.malformed += 1;
      context.malformed.record('GET /api/events/<id>', parsed.reason);
      return;
    }
    tallyEvents(counts, await ingestor.storeEvents([parsed.value], 'rest'));
  });

  const reviews = await openReviews(sql, siteId, OPEN_LIMIT);
  await eachLimited(reviews, signal, async (item) => {
    counts.open_reviews_checked += 1;
    const body = await getReview(client, item.frigateId, signal);
    if (body === null) {
      if (!isLongGone(item)) return;
      const closed = await ingestor.serial(() => closeMissingReview(sql, siteId, item.frigateId));
      if (closed !== null) {
        counts.reviews_closed += 1;
        context.onReviews([{ kind: 'end', inserted: false, review: closed }]);
      }
      return;
    }
    const parsed = parseReview(body);
    if (!parsed.ok) {
      counts.malformed += 1;
      context.malformed.record('GET /api/review/<id>', parsed.reason);
      return;
    }
    tallyReviews(counts, await ingestor.storeReviews([parsed.value]));
  });
}
