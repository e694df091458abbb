import { EVENT_COLUMNS, toEventRecord, type EventRecord, type EventRow } from './event-rows';
import { REVIEW_COLUMNS, toReviewRecord, type ReviewRecord, type ReviewRow } from './review-rows';
import type { Sql } from './sql';

export interface OpenItem {
  frigateId: string;
  /** Epoch seconds. */
  startTime: number;
}

/** Events of a site still open locally, oldest first. */
export async function openEvents(sql: Sql, siteId: string, limit: number): Promise<OpenItem[]> {
  const rows = await sql.query<{ frigate_event_id: string; start: number }>(
    `select frigate_event_id, extract(epoch from start_time)::float8 as start from frigate_events
     where site_id = ? and end_time is null order by start_time limit ?`,
    [siteId, limit],
  );
  return rows.map((row) => ({ frigateId: row.frigate_event_id, startTime: row.start }));
}

export async function openReviews(sql: Sql, siteId: string, limit: number): Promise<OpenItem[]> {
  const rows = await sql.query<{ frigate_review_id: string; start: number }>(
    `select frigate_review_id, extract(epoch from start_time)::float8 as start from frigate_reviews
     where site_id = ? and end_time is null order by start_time limit ?`,
    [siteId, limit],
  );
  return rows.map((row) => ({ frigateId: row.frigate_review_id, startTime: row.start }));
}

/**
 * Close an open event that Frigate no longer has (deleted by retention or a user): it ends at
 * its last frame seen, and its media is gone with it.
 */
export async function closeMissingEvent(
  sql: Sql,
  siteId: string,
  frigateEventId: string,
): Promise<EventRecord | null> {
  const rows = await sql.query<EventRow>(
    `with closed as (
       update frigate_events set end_time = greatest(start_time, coalesce(to_timestamp(frame_time), start_time)),
         has_clip = false, has_snapshot = false, updated_at = now()
       where site_id = ? and frigate_event_id = ? and end_time is null
       returning *)
     select ${EVENT_COLUMNS} from closed e join frigate_cameras c on c.id = e.camera_id`,
    [siteId, frigateEventId],
  );
  return rows[0] === undefined ? null : toEventRecord(rows[0]);
}

export async function closeMissingReview(
  sql: Sql,
  siteId: string,
  frigateReviewId: string,
): Promise<ReviewRecord | null> {
  const rows = await sql.query<ReviewRow>(
    `with closed as (
       update frigate_reviews set end_time = greatest(start_time, updated_at), updated_at = now()
       where site_id = ? and frigate_review_id = ? and end_time is null
       returning *)
     select ${REVIEW_COLUMNS} from closed r join frigate_cameras c on c.id = r.camera_id`,
    [siteId, frigateReviewId],
  );
  return rows[0] === undefined ? null : toReviewRecord(rows[0]);
}
