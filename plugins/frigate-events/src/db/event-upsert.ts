import type { NormalizedEvent } from '../ingest/parse-event';
import { EVENT_COLUMNS, toEventRecord, type EventRecord, type EventRow } from './event-rows';
import { json, type Sql } from './sql';

/** Source of an event update: MQTT messages, or Frigate's database through REST. */
export type EventSource = 'mqtt' | 'rest';

export type DetectionKind = 'new' | 'update' | 'end';

export interface EventToStore extends NormalizedEvent {
  cameraId: string;
}

/** A row the upsert created or changed; unchanged rows are not returned. */
export interface StoredEvent {
  kind: DetectionKind;
  /** True when the row did not exist before. */
  inserted: boolean;
  event: EventRecord;
}

// An MQTT message older than what is stored only closes the event, nothing else.
const STALE =
  '(e.frame_time is not null and excluded.frame_time is not null and excluded.frame_time < e.frame_time)';

// REST reflects Frigate's database, which may lower has_clip (no recordings found) or
// has_snapshot (clean stop) once the event ended. MQTT and in-progress REST only raise them,
// and MQTT no longer does once the event ended, so a redelivered `end` cannot undo REST.
function flag(column: 'has_clip' | 'has_snapshot', source: EventSource): string {
  if (source === 'mqtt') return `(e.${column} or (excluded.${column} and e.end_time is null))`;
  return `(case when excluded.end_time is not null then excluded.${column} else (e.${column} or excluded.${column}) end)`;
}

/** The merged value of each column that decides whether a row changed. */
function mergedColumns(source: EventSource): Array<[string, string]> {
  return [
    ['label', `(case when ${STALE} then e.label else excluded.label end)`],
    [
      'sub_label',
      `(case when ${STALE} or excluded.sub_label is null then e.sub_label else excluded.sub_label end)`,
    ],
    [
      'sub_label_score',
      `(case when ${STALE} or excluded.sub_label is null then e.sub_label_score else excluded.sub_label_score end)`,
    ],
    ['score', `(case when ${STALE} then e.score else coalesce(excluded.score, e.score) end)`],
    ['top_score', 'greatest(e.top_score, excluded.top_score)'],
    // Never reopen an ended event, and keep the first end time seen.
    ['end_time', 'coalesce(e.end_time, excluded.end_time)'],
    ['has_clip', flag('has_clip', source)],
    ['has_snapshot', flag('has_snapshot', source)],
    [
      'zones',
      `(select coalesce(jsonb_agg(z order by z), '[]'::jsonb) from (select jsonb_array_elements_text(e.zones) as z
         union select jsonb_array_elements_text(excluded.zones)) as merged_zones)`,
    ],
    [
      'severity',
      `(case when e.severity = 'alert' or excluded.severity = 'alert' then 'alert' else coalesce(excluded.severity, e.severity) end)`,
    ],
    ['frame_time', 'greatest(e.frame_time, excluded.frame_time)'],
  ];
}

function upsertSql(source: EventSource): string {
  const merged = mergedColumns(source);
  const assignments = merged
    .map(([column, expression]) => `${column} = ${expression}`)
    .join(',\n      ');
  const before = merged.map(([column]) => `e.${column}`).join(', ');
  const after = merged.map(([, expression]) => expression).join(',\n        ');
  return `with incoming as (
    select * from jsonb_to_recordset(?::jsonb) as x(
      frigate_event_id text, camera_id uuid, label text, sub_label text, sub_label_score double precision,
      score double precision, top_score double precision, start_time double precision, end_time double precision,
      has_clip boolean, has_snapshot boolean, zones jsonb, data jsonb, raw jsonb, frame_time double precision,
      severity text)
  ),
  previous as (
    select p.frigate_event_id, p.end_time from frigate_events p
    where p.site_id = ? and p.frigate_event_id in (select frigate_event_id from incoming)
  ),
  written as (
    insert into frigate_events as e (site_id, camera_id, frigate_event_id, label, sub_label, sub_label_score,
      score, top_score, start_time, end_time, has_clip, has_snapshot, zones, data, raw, frame_time, severity)
    select ?, camera_id, frigate_event_id, label, sub_label, sub_label_score, score, top_score,
      to_timestamp(start_time), to_timestamp(end_time), has_clip, has_snapshot, zones, data, raw, frame_time, severity
    from incoming
    on conflict (site_id, frigate_event_id) do update set
      ${assignments},
      data = (case when ${STALE} then e.data else e.data || excluded.data end),
      raw = (case when ${STALE} then e.raw else excluded.raw end),
      updated_at = now()
    where (${before}) is distinct from (
        ${after})
    returning e.*
  )
  select ${EVENT_COLUMNS}, p.frigate_event_id is null as inserted, p.end_time is null as was_open
  from written e
  join frigate_cameras c on c.id = e.camera_id
  left join previous p on p.frigate_event_id = e.frigate_event_id`;
}

const STATEMENTS: Record<EventSource, string> = {
  mqtt: upsertSql('mqtt'),
  rest: upsertSql('rest'),
};

type WrittenRow = EventRow & { inserted: boolean; was_open: boolean };

/**
 * Split events so that no Frigate id occurs twice in one statement (PostgreSQL refuses to
 * update a row twice in one `insert ... on conflict`); order per id is kept across rounds.
 */
export function intoRounds<T extends { frigateEventId: string }>(events: T[]): T[][] {
  const rounds: T[][] = [];
  const depth = new Map<string, number>();
  for (const event of events) {
    const index = depth.get(event.frigateEventId) ?? 0;
    depth.set(event.frigateEventId, index + 1);
    const round = rounds[index] ?? [];
    round.push(event);
    rounds[index] = round;
  }
  return rounds;
}

/**
 * Insert or merge events in one `insert ... on conflict do update ... where` statement per
 * round. The merge never moves an event backwards. An ended event stays ended, and an MQTT
 * message whose frame_time is older than the stored one changes nothing but a missing end.
 * Zones are merged, and only REST can lower has_clip or has_snapshot of an ended event.
 */
export async function upsertEvents(
  sql: Sql,
  siteId: string,
  events: EventToStore[],
  source: EventSource,
): Promise<StoredEvent[]> {
  const stored: StoredEvent[] = [];
  for (const round of intoRounds(events)) {
    const payload = round.map((event) => ({
      frigate_event_id: event.frigateEventId,
      camera_id: event.cameraId,
      label: event.label,
      sub_label: event.subLabel,
      sub_label_score: event.subLabelScore,
      score: event.score,
      top_score: event.topScore,
      start_time: event.startTime,
      end_time: event.endTime,
      has_clip: event.hasClip,
      has_snapshot: event.hasSnapshot,
      zones: event.zones,
      data: event.data,
      raw: event.raw,
      frame_time: event.frameTime,
      severity: event.severity,
    }));
    const rows = await sql.query<WrittenRow>(STATEMENTS[source], [json(payload), siteId, siteId]);
    for (const row of rows) {
      const event = toEventRecord(row);
      stored.push({ kind: kindOf(row, event), inserted: row.inserted, event });
    }
  }
  return stored;
}

// A row first stored when already ended gives a single `end`, so that a late backfill does
// not announce hours-old detections as new ones.
function kindOf(row: WrittenRow, event: EventRecord): DetectionKind {
  if (row.inserted) return event.endTime === null ? 'new' : 'end';
  return row.was_open && event.endTime !== null ? 'end' : 'update';
}
