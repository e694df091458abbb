import type { Sql } from '../db/sql';
import { BackupOptionError, type EventRange, type TimeRange } from '../engine';

/**
 * Reads the detections of a site that overlap a time range, for `events_only` runs, from the
 * frigate-events plugin's tables (camera `name` is Frigate's camera key, which is also the
 * recordings folder name). Throws BackupOptionError when that plugin's tables do not exist.
 */
// TODO: read these through a service of the frigate-events plugin once it offers one, so this
// query does not depend on that plugin's table layout.
export async function loadEventRanges(
  sql: Sql,
  siteId: string,
  range: TimeRange,
): Promise<EventRange[]> {
  const table = await sql.one<{ name: string | null }>(
    "select to_regclass('frigate_events')::text as name",
  );
  if (!table?.name) {
    throw new BackupOptionError(
      'events_only',
      'events_only needs the detections stored by the frigate-events plugin, which has no tables here.',
      'Install the frigate-events plugin, or set events_only to false.',
    );
  }
  const rows = await sql.query<{ camera: string; start: number; end: number | null }>(
    `select c.name as camera, extract(epoch from e.start_time)::float8 as start,
            extract(epoch from e.end_time)::float8 as "end"
       from frigate_events e join frigate_cameras c on c.id = e.camera_id
      where e.site_id = ? and e.start_time < ? and (e.end_time is null or e.end_time >= ?)`,
    [siteId, new Date(range.end), new Date(range.start)],
  );
  return rows.map((row) => ({
    camera: row.camera,
    start: Number(row.start),
    end: row.end === null ? null : Number(row.end),
  }));
}
