import { join } from 'node:path';
import { utcDayOf, type TimeRange } from './day';
import type { DayMode } from './plan';
import {
  estimateSegmentDurations,
  listDaySegments,
  listHourFolders,
  type RecordingSegment,
} from './recordings';

/** A detection's time span on one camera, in epoch seconds as Frigate stores them. */
export interface EventRange {
  camera: string;
  start: number;
  /** Null while the event is still in progress: it then lasts until the end of the day. */
  end: number | null;
}

export interface RecordingSelection {
  /** Folder the paths are relative to. */
  source: string;
  /** Selected segment paths, or null to copy the whole `source` folder. */
  files: string[] | null;
  bytes: number | null;
  /** Reason nothing was selected, when `files` is empty. */
  emptyReason: string;
}

const HOUR_MS = 3_600_000;
/**
 * Maximum segment length assumed when deciding whether a segment overlaps an event. Frigate's
 * default segment is 10 s; a longer assumption only adds a neighbouring segment, while a
 * shorter one could drop the start of an event.
 */
const MAX_SEGMENT_MS = 60_000;

/** Selects the recording segments of a day, or of its events only. */
export async function listRecordingsForRange(
  recordingsDir: string,
  day: string,
  mode: DayMode,
  range: TimeRange,
  events: EventRange[] | undefined,
): Promise<RecordingSelection> {
  if (mode === 'utc-day') {
    const source = join(recordingsDir, day);
    if (!events) {
      const hours = await listHourFolders(recordingsDir, day);
      if (hours.length > 0) return { source, files: null, bytes: null, emptyReason: '' };
      return { source, files: [], bytes: 0, emptyReason: `No recordings in ${source}.` };
    }
    const segments = selectForEvents(await listDaySegments(recordingsDir, day), events);
    // Paths relative to the day folder, so both utc-day layouts on the remote are the same.
    return selection(source, segments, (segment) => segment.path.slice(day.length + 1), true);
  }

  let segments = await listSegmentsInRange(recordingsDir, range);
  if (events) segments = selectForEvents(segments, events);
  return selection(recordingsDir, segments, (segment) => segment.path, events !== undefined);
}

/** Segments of the UTC hour folders that overlap `range`; in partly covered hours, by start time. */
async function listSegmentsInRange(
  recordingsDir: string,
  range: TimeRange,
): Promise<RecordingSegment[]> {
  const result: RecordingSegment[] = [];
  for (const utcDay of utcDaysOf(range)) {
    const hours = (await listHourFolders(recordingsDir, utcDay)).filter(
      (hour) => hour.start < range.end && hour.start + HOUR_MS > range.start,
    );
    const segments = await listDaySegments(
      recordingsDir,
      utcDay,
      new Set(hours.map((hour) => hour.hour)),
    );
    for (const segment of segments) {
      const time = segment.start ?? segment.hourStart;
      if (time >= range.start && time < range.end) result.push(segment);
    }
  }
  return result;
}

function utcDaysOf(range: TimeRange): string[] {
  const days: string[] = [];
  for (let time = range.start; time < range.end; time += HOUR_MS) {
    const day = utcDayOf(time);
    if (days.at(-1) !== day) days.push(day);
  }
  const last = utcDayOf(range.end - 1);
  if (days.at(-1) !== last) days.push(last);
  return days;
}

/** Keeps the segments whose estimated span overlaps an event of the same camera. */
function selectForEvents(segments: RecordingSegment[], events: EventRange[]): RecordingSegment[] {
  const durations = estimateSegmentDurations(segments, MAX_SEGMENT_MS, MAX_SEGMENT_MS);
  return segments.filter((segment) => {
    // A segment without a parsable name is kept when its whole hour overlaps an event.
    const start = segment.start ?? segment.hourStart;
    const end = start + (segment.start === null ? HOUR_MS : durations.get(segment)!);
    return events.some(
      (event) =>
        event.camera === segment.camera &&
        start < (event.end === null ? Infinity : event.end * 1000) &&
        end > event.start * 1000,
    );
  });
}

function selection(
  source: string,
  segments: RecordingSegment[],
  relativePath: (segment: RecordingSegment) => string,
  eventsOnly: boolean,
): RecordingSelection {
  return {
    source,
    files: segments.map(relativePath),
    bytes: segments.reduce((sum, segment) => sum + segment.size, 0),
    emptyReason: eventsOnly
      ? 'No recording segments overlap the given events.'
      : 'No recording segments fall within the day.',
  };
}
