import type { NormalizedReview } from '../ingest/parse-review';
import type { DetectionKind } from './event-upsert';
import { REVIEW_COLUMNS, toReviewRecord, type ReviewRecord, type ReviewRow } from './review-rows';
import { json, type Sql } from './sql';

export interface ReviewToStore extends NormalizedReview {
  cameraId: string;
}

export interface StoredReview {
  kind: DetectionKind;
  /** True when the row did not exist before. */
  inserted: boolean;
  review: ReviewRecord;
}

function union(column: string): string {
  return `(select coalesce(jsonb_agg(v order by v), '[]'::jsonb) from (select jsonb_array_elements_text(e.${column}) as v
    union select jsonb_array_elements_text(excluded.${column})) as merged_${column})`;
}

// Severity only goes up (detection to alert), an ended review stays ended, lists are merged.
const MERGED: Array<[string, string]> = [
  [
    'severity',
    `(case when e.severity = 'alert' or excluded.severity = 'alert' then 'alert' else excluded.severity end)`,
  ],
  ['end_time', 'coalesce(e.end_time, excluded.end_time)'],
  ['objects', union('objects')],
  ['zones', union('zones')],
  ['sub_labels', union('sub_labels')],
  ['detections', union('detections')],
  ['audio', union('audio')],
  ['thumb_path', 'coalesce(excluded.thumb_path, e.thumb_path)'],
];

const UPSERT = `with incoming as (
    select * from jsonb_to_recordset(?::jsonb) as x(
      frigate_review_id text, camera_id uuid, severity text, start_time double precision, end_time double precision,
      objects jsonb, zones jsonb, sub_labels jsonb, detections jsonb, audio jsonb, thumb_path text, raw jsonb)
  ),
  previous as (
    select p.frigate_review_id, p.end_time from frigate_reviews p
    where p.site_id = ? and p.frigate_review_id in (select frigate_review_id from incoming)
  ),
  written as (
    insert into frigate_reviews as e (site_id, camera_id, frigate_review_id, severity, start_time, end_time,
      objects, zones, sub_labels, detections, audio, thumb_path, raw)
    select ?, camera_id, frigate_review_id, severity, to_timestamp(start_time), to_timestamp(end_time),
      objects, zones, sub_labels, detections, audio, thumb_path, raw
    from incoming
    on conflict (site_id, frigate_review_id) do update set
      ${MERGED.map(([column, expression]) => `${column} = ${expression}`).join(',\n      ')},
      raw = (case when e.end_time is not null and excluded.end_time is null then e.raw else excluded.raw end),
      updated_at = now()
    where (${MERGED.map(([column]) => `e.${column}`).join(', ')}) is distinct from (
      ${MERGED.map(([, expression]) => expression).join(',\n      ')})
    returning e.*
  ),
  linked as (
    update frigate_events ev set review_id = w.id,
      severity = (case when ev.severity = 'alert' or w.severity = 'alert' then 'alert' else w.severity end)
    from written w
    where ev.site_id = w.site_id
      and ev.frigate_event_id in (select jsonb_array_elements_text(w.detections))
      and (ev.review_id is distinct from w.id or ev.severity is distinct from w.severity)
  )
  select ${REVIEW_COLUMNS}, p.frigate_review_id is null as inserted, p.end_time is null as was_open
  from written r
  join frigate_cameras c on c.id = r.camera_id
  left join previous p on p.frigate_review_id = r.frigate_review_id`;

type WrittenRow = ReviewRow & { inserted: boolean; was_open: boolean };

/**
 * Insert or merge review segments (one statement per round of distinct ids) and link the
 * events they list to them.
 */
export async function upsertReviews(
  sql: Sql,
  siteId: string,
  reviews: ReviewToStore[],
): Promise<StoredReview[]> {
  const stored: StoredReview[] = [];
  for (const round of roundsById(reviews)) {
    const payload = round.map((review) => ({
      frigate_review_id: review.frigateReviewId,
      camera_id: review.cameraId,
      severity: review.severity,
      start_time: review.startTime,
      end_time: review.endTime,
      objects: review.objects,
      zones: review.zones,
      sub_labels: review.subLabels,
      detections: review.detections,
      audio: review.audio,
      thumb_path: review.thumbPath,
      raw: review.raw,
    }));
    const rows = await sql.query<WrittenRow>(UPSERT, [json(payload), siteId, siteId]);
    for (const row of rows) {
      const review = toReviewRecord(row);
      const kind: DetectionKind = row.inserted
        ? review.endTime === null
          ? 'new'
          : 'end'
        : row.was_open && review.endTime !== null
          ? 'end'
          : 'update';
      stored.push({ kind, inserted: row.inserted, review });
    }
  }
  return stored;
}

function roundsById(reviews: ReviewToStore[]): ReviewToStore[][] {
  const rounds: ReviewToStore[][] = [];
  const depth = new Map<string, number>();
  for (const review of reviews) {
    const index = depth.get(review.frigateReviewId) ?? 0;
    depth.set(review.frigateReviewId, index + 1);
    const round = rounds[index] ?? [];
    round.push(review);
    rounds[index] = round;
  }
  return rounds;
}
