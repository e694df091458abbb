import type { CentinelaEvent, EventMessageData, EventQuery } from '../../api/types';
import { TIME_RANGE_MS, type TimeRange } from './const';

export interface EventFilter {
  camera_id?: string | undefined;
  label?: string | undefined;
  time_range: TimeRange;
}

/** Start of the time range as an ISO 8601 UTC string, or undefined for all time. */
export function rangeStart(range: TimeRange, now: number): string | undefined {
  if (range === 'all') return undefined;
  return new Date(now - TIME_RANGE_MS[range]).toISOString();
}

/** Query of `GET /api/events` for a filter; `from` is fixed when the first page loads. */
export function eventQuery(filter: EventFilter, now: number, limit: number): EventQuery {
  const query: EventQuery = { limit };
  if (filter.camera_id !== undefined) query.camera_id = filter.camera_id;
  if (filter.label !== undefined) query.label = filter.label;
  const from = rangeStart(filter.time_range, now);
  if (from !== undefined) query.from = from;
  return query;
}

export function matchesFilter(event: CentinelaEvent, filter: EventFilter, now: number): boolean {
  if (filter.camera_id !== undefined && event.camera_id !== filter.camera_id) return false;
  if (filter.label !== undefined && event.label !== filter.label) return false;
  const from = rangeStart(filter.time_range, now);
  return from === undefined || event.start_time >= from;
}

/** Newest first, as the API orders lists; ties keep a stable order by ID. */
export function compareNewestFirst(a: CentinelaEvent, b: CentinelaEvent): number {
  if (a.start_time !== b.start_time) return a.start_time < b.start_time ? 1 : -1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? 1 : -1;
}

/**
 * Applies a live `events:<site>` message to a newest-first list and returns the new list,
 * or undefined when nothing changed. Updates replace an item in place; a new event that
 * matches the filter is inserted at its time position.
 */
export function applyEventMessage(
  items: readonly CentinelaEvent[],
  data: EventMessageData,
  filter: EventFilter,
  now: number,
  hasMore: boolean,
): CentinelaEvent[] | undefined {
  const incoming = data.event;
  const index = items.findIndex((item) => item.id === incoming.id);
  if (index !== -1) {
    const next = [...items];
    next[index] = incoming;
    return next;
  }
  if (!matchesFilter(incoming, filter, now)) return undefined;
  const oldest = items[items.length - 1];
  // While more pages exist, an event older than the loaded part will come with one of them.
  if (hasMore && oldest !== undefined && compareNewestFirst(incoming, oldest) > 0) return undefined;
  const next = [...items];
  const position = next.findIndex((item) => compareNewestFirst(incoming, item) < 0);
  next.splice(position === -1 ? next.length : position, 0, incoming);
  return next;
}

export function isEventMessageData(data: unknown): data is EventMessageData {
  if (typeof data !== 'object' || data === null) return false;
  const record = data as Record<string, unknown>;
  const event = record['event'];
  return (
    (record['kind'] === 'new' || record['kind'] === 'update' || record['kind'] === 'end') &&
    typeof event === 'object' &&
    event !== null &&
    typeof (event as Record<string, unknown>)['id'] === 'string'
  );
}
