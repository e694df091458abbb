import type { FrigateEvent } from '../types';
import { globMatches } from './glob';
import { pythonUnquote, QueryReader } from './params';
import { pythonJsonStringList } from './python-json';
import { clockTime, currentOffsetMinutes, inTimeRange } from './time-of-day';

const defaultTimeRange = '00:00,24:00';

/** `GET /api/events` parameters with Frigate 0.16's defaults. */
export interface EventsQuery {
  camera: string;
  cameras: string;
  labels: string;
  subLabels: string;
  zones: string;
  limit: number;
  after: number | undefined;
  before: number | undefined;
  timeRange: string;
  timezone: string;
  hasClip: number | undefined;
  hasSnapshot: number | undefined;
  inProgress: number | undefined;
  includeThumbnails: number;
  favorites: number | undefined;
  minScore: number | undefined;
  maxScore: number | undefined;
  minSpeed: number | undefined;
  maxSpeed: number | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  isSubmitted: number | undefined;
  licensePlates: string;
  eventId: string | undefined;
  sort: string | undefined;
}

/**
 * Read the parameters the way Frigate does: the single-value `camera`, `label`, `sub_label`
 * and `zone` only count while their plural is `all` (`camera` additionally filters on its own).
 */
export function readEventsQuery(query: URLSearchParams): EventsQuery {
  const reader = new QueryReader(query);
  const camera = reader.string('camera', 'all');
  let cameras = reader.string('cameras', 'all');
  if (cameras === 'all' && camera !== 'all') cameras = camera;
  const label = pythonUnquote(reader.string('label', 'all'));
  let labels = reader.string('labels', 'all');
  if (labels === 'all' && label !== 'all') labels = label;
  const subLabel = reader.string('sub_label', 'all');
  let subLabels = reader.string('sub_labels', 'all');
  if (subLabels === 'all' && subLabel !== 'all') subLabels = subLabel;
  const zone = reader.string('zone', 'all');
  let zones = reader.string('zones', 'all');
  if (zones === 'all' && zone !== 'all') zones = zone;
  const parsed: EventsQuery = {
    camera,
    cameras,
    labels,
    subLabels,
    zones,
    limit: reader.int('limit', 100),
    after: reader.float('after'),
    before: reader.float('before'),
    timeRange: reader.string('time_range', defaultTimeRange),
    timezone: reader.string('timezone', 'utc'),
    hasClip: reader.int('has_clip'),
    hasSnapshot: reader.int('has_snapshot'),
    inProgress: reader.int('in_progress'),
    includeThumbnails: reader.int('include_thumbnails', 1),
    favorites: reader.int('favorites'),
    minScore: reader.float('min_score'),
    maxScore: reader.float('max_score'),
    minSpeed: reader.float('min_speed'),
    maxSpeed: reader.float('max_speed'),
    minLength: reader.float('min_length'),
    maxLength: reader.float('max_length'),
    isSubmitted: reader.int('is_submitted'),
    licensePlates: reader.string('recognized_license_plate', 'all'),
    eventId: reader.string('event_id'),
    sort: reader.string('sort'),
  };
  reader.finish();
  return parsed;
}

/** Exact match, or the name inside a comma-joined list ("bob, john"), as Frigate globs it. */
function matchesJoinedList(value: string | null | undefined, wanted: string): boolean {
  if (typeof value !== 'string') return false;
  return (
    value === wanted || globMatches(`*${wanted},*`, value) || globMatches(`*, ${wanted}*`, value)
  );
}

function matchesNoneOrList(value: string | null | undefined, filter: string): boolean {
  const wanted = filter.split(',');
  if (wanted.includes('None') && (value === null || value === undefined)) return true;
  return wanted.filter((name) => name !== 'None').some((name) => matchesJoinedList(value, name));
}

function matchesZones(zones: string[], filter: string): boolean {
  const wanted = filter.split(',');
  if (wanted.includes('None') && zones.length === 0) return true;
  const text = pythonJsonStringList(zones);
  return wanted.filter((zone) => zone !== 'None').some((zone) => globMatches(`*"${zone}"*`, text));
}

/** SQL comparison where NULL never passes. */
function compare(value: unknown, test: (number: number) => boolean): boolean {
  return typeof value === 'number' && test(value);
}

function buildFilter(query: EventsQuery, nowSeconds: number): (event: FrigateEvent) => boolean {
  const offset = currentOffsetMinutes(query.timezone, nowSeconds);
  return (event) => {
    const data = event.data ?? {};
    const length = event.end_time === null ? undefined : event.end_time - event.start_time;
    const checks: boolean[] = [
      query.camera === 'all' || event.camera === query.camera,
      query.cameras === 'all' || query.cameras.split(',').includes(event.camera),
      query.labels === 'all' || query.labels.split(',').includes(event.label),
      query.subLabels === 'all' || matchesNoneOrList(event.sub_label, query.subLabels),
      query.licensePlates === 'all' ||
        matchesNoneOrList(data.recognized_license_plate as string | undefined, query.licensePlates),
      query.zones === 'all' || matchesZones(event.zones, query.zones),
      !query.after || event.start_time > query.after,
      !query.before || event.start_time < query.before,
      query.timeRange === defaultTimeRange ||
        inTimeRange(clockTime(event.start_time, offset), query.timeRange),
      query.hasClip === undefined || Number(event.has_clip) === query.hasClip,
      query.hasSnapshot === undefined || Number(event.has_snapshot) === query.hasSnapshot,
      query.inProgress === undefined || (event.end_time === null) === Boolean(query.inProgress),
      !query.favorites || Number(event.retain_indefinitely) === query.favorites,
      query.maxScore === undefined || compare(data.score, (score) => score <= query.maxScore!),
      query.minScore === undefined || compare(data.score, (score) => score >= query.minScore!),
      query.maxSpeed === undefined ||
        compare(data.average_estimated_speed, (speed) => speed <= query.maxSpeed!),
      query.minSpeed === undefined ||
        compare(data.average_estimated_speed, (speed) => speed >= query.minSpeed!),
      query.minLength === undefined || compare(length, (seconds) => seconds >= query.minLength!),
      query.maxLength === undefined || compare(length, (seconds) => seconds <= query.maxLength!),
      query.isSubmitted === undefined ||
        (query.isSubmitted === 0 && event.plus_id === null) ||
        (query.isSubmitted > 0 && event.plus_id !== null && event.plus_id !== ''),
      query.eventId === undefined || event.id === query.eventId,
    ];
    return checks.every(Boolean);
  };
}

type SortKey = (event: FrigateEvent) => number | null;

/** SQLite orders NULL first ascending and last descending; ties keep insertion order. */
function sorter(key: SortKey, descending: boolean) {
  return (a: FrigateEvent, b: FrigateEvent): number => {
    const left = key(a);
    const right = key(b);
    if (left === right) return 0;
    if (left === null) return descending ? 1 : -1;
    if (right === null) return descending ? -1 : 1;
    return descending ? right - left : left - right;
  };
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function orderFor(sort: string | undefined) {
  const score: SortKey = (event) => numberOrNull(event.data?.score);
  const speed: SortKey = (event) => numberOrNull(event.data?.average_estimated_speed);
  const start: SortKey = (event) => event.start_time;
  switch (sort) {
    case 'score_asc':
      return sorter(score, false);
    case 'score_desc':
      return sorter(score, true);
    case 'speed_asc':
      return sorter(speed, false);
    case 'speed_desc':
      return sorter(speed, true);
    case 'date_asc':
      return sorter(start, false);
    default:
      return sorter(start, true);
  }
}

/**
 * Apply `GET /api/events` filtering, ordering and limit to events in insertion order. A
 * negative limit means no limit, as in SQLite.
 */
export function selectEvents(
  events: FrigateEvent[],
  query: EventsQuery,
  nowSeconds: number,
): FrigateEvent[] {
  const matching = events.filter(buildFilter(query, nowSeconds)).sort(orderFor(query.sort));
  return query.limit < 0 ? matching : matching.slice(0, query.limit);
}
