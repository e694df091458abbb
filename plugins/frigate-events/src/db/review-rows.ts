import { pgTime, pgTimeOrFail } from './sql';

/** A review segment as the plugin stores it. */
export interface ReviewRecord {
  id: string;
  siteId: string;
  cameraId: string;
  camera: string;
  frigateReviewId: string;
  severity: 'alert' | 'detection';
  startTime: Date;
  endTime: Date | null;
  objects: string[];
  zones: string[];
  subLabels: string[];
  /** Frigate event ids in the review. */
  detections: string[];
  audio: string[];
  /** Centinela ids of the review's events that are stored. */
  eventIds: string[];
  thumbPath: string | null;
}

/** Columns every review query selects, for `r` = frigate_reviews and `c` = frigate_cameras. */
export const REVIEW_COLUMNS = `r.id, r.site_id, r.camera_id, c.name as camera, r.frigate_review_id, r.severity,
  r.start_time, r.end_time, r.objects, r.zones, r.sub_labels, r.detections, r.audio, r.thumb_path,
  (select coalesce(jsonb_agg(ev.id order by ev.start_time, ev.id), '[]'::jsonb) from frigate_events ev
    where ev.site_id = r.site_id
      and ev.frigate_event_id in (select jsonb_array_elements_text(r.detections))) as event_ids,
  to_char(r.start_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as start_key`;

export interface ReviewRow {
  id: string;
  site_id: string;
  camera_id: string;
  camera: string;
  frigate_review_id: string;
  severity: string;
  start_time: unknown;
  end_time: unknown;
  objects: string[] | null;
  zones: string[] | null;
  sub_labels: string[] | null;
  detections: string[] | null;
  audio: string[] | null;
  thumb_path: string | null;
  event_ids: string[] | null;
  start_key: string;
}

export function toReviewRecord(row: ReviewRow): ReviewRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    cameraId: row.camera_id,
    camera: row.camera,
    frigateReviewId: row.frigate_review_id,
    severity: row.severity === 'alert' ? 'alert' : 'detection',
    startTime: pgTimeOrFail(row.start_time),
    endTime: pgTime(row.end_time),
    objects: row.objects ?? [],
    zones: row.zones ?? [],
    subLabels: row.sub_labels ?? [],
    detections: row.detections ?? [],
    audio: row.audio ?? [],
    eventIds: row.event_ids ?? [],
    thumbPath: row.thumb_path,
  };
}
