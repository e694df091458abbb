import { pgTime, pgTimeOrFail } from './sql';

/** An event as the plugin stores it, with its camera's Frigate name. */
export interface EventRecord {
  id: string;
  siteId: string;
  cameraId: string;
  /** Frigate's camera key. */
  camera: string;
  frigateEventId: string;
  label: string;
  subLabel: string | null;
  subLabelScore: number | null;
  score: number | null;
  topScore: number | null;
  startTime: Date;
  endTime: Date | null;
  hasClip: boolean;
  hasSnapshot: boolean;
  zones: string[];
  severity: 'alert' | 'detection' | null;
  reviewId: string | null;
  /** Frigate's `data` (REST) merged with the MQTT object fields, for evidence and debugging. */
  data: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** Columns every event query selects, for `e` = frigate_events and `c` = frigate_cameras. */
export const EVENT_COLUMNS = `e.id, e.site_id, e.camera_id, c.name as camera, e.frigate_event_id, e.label,
  e.sub_label, e.sub_label_score, e.score, e.top_score, e.start_time, e.end_time, e.has_clip,
  e.has_snapshot, e.zones, e.severity, e.review_id, e.data, e.created_at, e.updated_at,
  to_char(e.start_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as start_key`;

export interface EventRow {
  id: string;
  site_id: string;
  camera_id: string;
  camera: string;
  frigate_event_id: string;
  label: string;
  sub_label: string | null;
  sub_label_score: number | null;
  score: number | null;
  top_score: number | null;
  start_time: unknown;
  end_time: unknown;
  has_clip: boolean;
  has_snapshot: boolean;
  zones: string[] | null;
  severity: string | null;
  review_id: string | null;
  data: Record<string, unknown> | null;
  created_at: unknown;
  updated_at: unknown;
  /** start_time with microseconds, for keyset cursors. */
  start_key: string;
}

export function toEventRecord(row: EventRow): EventRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    cameraId: row.camera_id,
    camera: row.camera,
    frigateEventId: row.frigate_event_id,
    label: row.label,
    subLabel: row.sub_label,
    subLabelScore: row.sub_label_score,
    score: row.score,
    topScore: row.top_score,
    startTime: pgTimeOrFail(row.start_time),
    endTime: pgTime(row.end_time),
    hasClip: row.has_clip,
    hasSnapshot: row.has_snapshot,
    zones: row.zones ?? [],
    severity: row.severity === 'alert' || row.severity === 'detection' ? row.severity : null,
    reviewId: row.review_id,
    data: row.data ?? {},
    createdAt: pgTimeOrFail(row.created_at),
    updatedAt: pgTimeOrFail(row.updated_at),
  };
}
