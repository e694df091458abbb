import { encodeCursor, type Cursor } from './cursor';
import { EVENT_COLUMNS, toEventRecord, type EventRecord, type EventRow } from './event-rows';
import { REVIEW_COLUMNS, toReviewRecord, type ReviewRecord, type ReviewRow } from './review-rows';
import { isUuid, scopeIds, UUIDS_FROM_JSON, type Sql } from './sql';

export interface EventFilter {
  siteId: string;
  /** Camera ids the caller may see; null means all. */
  cameraScope: string[] | null;
  cameraId?: string;
  label?: string;
  /** Start time at or after. */
  from?: Date;
  /** Start time before. */
  to?: Date;
  hasClip?: boolean;
  cursor?: Cursor;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function scopeCondition(alias: string, scope: string[] | null, params: unknown[]): string[] {
  if (scope === null) return [];
  params.push(scopeIds(scope));
  return [`${alias}.camera_id in (${UUIDS_FROM_JSON})`];
}

function page<R extends { start_key: string; id: string }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): Page<T> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return {
    items: shown.map(map),
    nextCursor:
      more && last !== undefined ? encodeCursor({ startKey: last.start_key, id: last.id }) : null,
  };
}

/**
 * Events newest first with keyset pagination on (start_time, id), so pages stay stable while
 * new events arrive and events sharing a start time are each returned once. Events of removed
 * cameras and cameras outside the caller's scope are left out in SQL.
 */
export async function listEvents(sql: Sql, filter: EventFilter): Promise<Page<EventRecord>> {
  const params: unknown[] = [filter.siteId];
  const conditions = [
    'e.site_id = ?',
    'c.deleted_at is null',
    ...scopeCondition('e', filter.cameraScope, params),
  ];
  if (filter.cameraId !== undefined) {
    conditions.push('e.camera_id = ?');
    params.push(filter.cameraId);
  }
  if (filter.label !== undefined) {
    conditions.push('e.label = ?');
    params.push(filter.label);
  }
  if (filter.from !== undefined) {
    conditions.push('e.start_time >= ?');
    params.push(filter.from.toISOString());
  }
  if (filter.to !== undefined) {
    conditions.push('e.start_time < ?');
    params.push(filter.to.toISOString());
  }
  if (filter.hasClip !== undefined) {
    conditions.push('e.has_clip = ?');
    params.push(filter.hasClip);
  }
  if (filter.cursor !== undefined) {
    conditions.push('(e.start_time, e.id) < (?::timestamptz, ?::uuid)');
    params.push(filter.cursor.startKey, filter.cursor.id);
  }
  params.push(filter.limit + 1);
  const rows = await sql.query<EventRow>(
    `select ${EVENT_COLUMNS} from frigate_events e join frigate_cameras c on c.id = e.camera_id
     where ${conditions.join(' and ')}
     order by e.start_time desc, e.id desc limit ?`,
    params,
  );
  return page(rows, filter.limit, toEventRecord);
}

/** Find one event by Centinela id; null when unknown, of a removed camera or outside the scope. */
export async function findEvent(
  sql: Sql,
  siteId: string,
  id: string,
  scope: string[] | null,
): Promise<EventRecord | null> {
  if (!isUuid(id)) return null;
  const params: unknown[] = [siteId, id];
  const conditions = [
    'e.site_id = ?',
    'e.id = ?',
    'c.deleted_at is null',
    ...scopeCondition('e', scope, params),
  ];
  const rows = await sql.query<EventRow>(
    `select ${EVENT_COLUMNS} from frigate_events e join frigate_cameras c on c.id = e.camera_id
     where ${conditions.join(' and ')}`,
    params,
  );
  return rows[0] === undefined ? null : toEventRecord(rows[0]);
}

export async function findEventByFrigateId(
  sql: Sql,
  siteId: string,
  frigateEventId: string,
): Promise<EventRecord | null> {
  const rows = await sql.query<EventRow>(
    `select ${EVENT_COLUMNS} from frigate_events e join frigate_cameras c on c.id = e.camera_id
     where e.site_id = ? and e.frigate_event_id = ?`,
    [siteId, frigateEventId],
  );
  return rows[0] === undefined ? null : toEventRecord(rows[0]);
}

/** Find the newest event of a camera that has a snapshot. */
export async function latestSnapshotEvent(
  sql: Sql,
  siteId: string,
  cameraId: string,
): Promise<EventRecord | null> {
  const rows = await sql.query<EventRow>(
    `select ${EVENT_COLUMNS} from frigate_events e join frigate_cameras c on c.id = e.camera_id
     where e.site_id = ? and e.camera_id = ? and e.has_snapshot
     order by e.start_time desc, e.id desc limit 1`,
    [siteId, cameraId],
  );
  return rows[0] === undefined ? null : toEventRecord(rows[0]);
}

export interface ReviewFilter {
  siteId: string;
  cameraScope: string[] | null;
  cameraId?: string;
  severity?: 'alert' | 'detection';
  cursor?: Cursor;
  limit: number;
}

/** Reviews newest first, keyset-paginated like events. */
export async function listReviews(sql: Sql, filter: ReviewFilter): Promise<Page<ReviewRecord>> {
  const params: unknown[] = [filter.siteId];
  const conditions = [
    'r.site_id = ?',
    'c.deleted_at is null',
    ...scopeCondition('r', filter.cameraScope, params),
  ];
  if (filter.cameraId !== undefined) {
    conditions.push('r.camera_id = ?');
    params.push(filter.cameraId);
  }
  if (filter.severity !== undefined) {
    conditions.push('r.severity = ?');
    params.push(filter.severity);
  }
  if (filter.cursor !== undefined) {
    conditions.push('(r.start_time, r.id) < (?::timestamptz, ?::uuid)');
    params.push(filter.cursor.startKey, filter.cursor.id);
  }
  params.push(filter.limit + 1);
  const rows = await sql.query<ReviewRow>(
    `select ${REVIEW_COLUMNS} from frigate_reviews r join frigate_cameras c on c.id = r.camera_id
     where ${conditions.join(' and ')}
     order by r.start_time desc, r.id desc limit ?`,
    params,
  );
  return page(rows, filter.limit, toReviewRecord);
}
