import type { RelativeBox, TimelineEntry } from '../types';

/**
 * A parsed `<name>.timeline.json`. It is either an array of entries, or an object whose
 * `events` holds the entries. An object without `events` only sets the `label` (and `score`)
 * of the events that the motion analysis finds.
 */
export interface Sidecar {
  label?: string;
  score?: number;
  entries?: TimelineEntry[];
}

const defaultScore = 0.8;

class SidecarError extends Error {
  constructor(path: string, where: string, problem: string) {
    super(`invalid timeline ${path}: ${where} ${problem}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readScore(value: unknown, path: string, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || value < 0 || value > 1) {
    throw new SidecarError(path, where, 'must be a number from 0 to 1');
  }
  return value;
}

function readBox(value: unknown, path: string, where: string): RelativeBox {
  const valid =
    Array.isArray(value) &&
    value.length === 4 &&
    value.every((part) => typeof part === 'number' && part >= 0 && part <= 1);
  if (!valid)
    throw new SidecarError(path, where, 'must be [x, y, width, height] with values from 0 to 1');
  return value as RelativeBox;
}

/** Boxes over time; each `t` is in seconds from the clip start, inside the entry, ascending. */
function readPath(value: unknown, start: number, end: number, path: string, where: string) {
  if (!Array.isArray(value)) throw new SidecarError(path, where, 'must be an array of {t, box}');
  let previous = -Infinity;
  return value.map((point: unknown, index) => {
    const at = `${where}[${index}]`;
    if (!isRecord(point)) throw new SidecarError(path, at, 'must be an object {t, box}');
    const { t } = point;
    if (typeof t !== 'number' || t < start || t > end || t < previous) {
      throw new SidecarError(
        path,
        `${at}.t`,
        'must be seconds between start and end, in ascending order',
      );
    }
    previous = t;
    return { t, box: readBox(point.box, path, `${at}.box`) };
  });
}

function readEntry(raw: unknown, index: number, defaults: Sidecar, path: string): TimelineEntry {
  const where = `events[${index}]`;
  if (!isRecord(raw)) throw new SidecarError(path, where, 'must be an object');
  const { start, end } = raw;
  if (typeof start !== 'number' || start < 0) {
    throw new SidecarError(path, `${where}.start`, 'must be a number of seconds from 0');
  }
  if (typeof end !== 'number' || end <= start) {
    throw new SidecarError(path, `${where}.end`, 'must be a number of seconds greater than start');
  }
  const label = raw.label ?? defaults.label ?? 'person';
  if (typeof label !== 'string' || label === '') {
    throw new SidecarError(path, `${where}.label`, 'must be a non-empty string');
  }
  const entry: TimelineEntry = {
    start,
    end,
    label,
    score: readScore(raw.score, path, `${where}.score`) ?? defaults.score ?? defaultScore,
    box: readBox(raw.box, path, `${where}.box`),
  };
  if (raw.sub_label !== undefined) {
    if (typeof raw.sub_label !== 'string') {
      throw new SidecarError(path, `${where}.sub_label`, 'must be a string');
    }
    entry.sub_label = raw.sub_label;
    entry.sub_label_score = readScore(raw.sub_label_score, path, `${where}.sub_label_score`) ?? 0.9;
  }
  if (raw.zones !== undefined) {
    if (!Array.isArray(raw.zones) || !raw.zones.every((zone) => typeof zone === 'string')) {
      throw new SidecarError(path, `${where}.zones`, 'must be an array of zone names');
    }
    entry.zones = raw.zones as string[];
  }
  if (raw.path !== undefined) entry.path = readPath(raw.path, start, end, path, `${where}.path`);
  if (raw.snapshot_time !== undefined) {
    const time = raw.snapshot_time;
    if (typeof time !== 'number' || time < start || time > end) {
      throw new SidecarError(
        path,
        `${where}.snapshot_time`,
        'must be a number between start and end',
      );
    }
    entry.snapshot_time = time;
  }
  return entry;
}

/** Validate the JSON of a sidecar; the error names the file and the faulty field. */
export function parseSidecar(json: unknown, path: string): Sidecar {
  if (Array.isArray(json)) {
    return { entries: json.map((raw, index) => readEntry(raw, index, {}, path)) };
  }
  if (!isRecord(json))
    throw new SidecarError(path, 'the top level', 'must be an array or an object');
  const sidecar: Sidecar = {};
  if (json.label !== undefined) {
    if (typeof json.label !== 'string' || json.label === '') {
      throw new SidecarError(path, 'label', 'must be a non-empty string');
    }
    sidecar.label = json.label;
  }
  const score = readScore(json.score, path, 'score');
  if (score !== undefined) sidecar.score = score;
  if (json.events !== undefined) {
    if (!Array.isArray(json.events)) throw new SidecarError(path, 'events', 'must be an array');
    sidecar.entries = json.events.map((raw, index) => readEntry(raw, index, sidecar, path));
  }
  return sidecar;
}

/** Keep entries inside the clip: the replay loops at the clip's end. */
export function clampEntries(entries: TimelineEntry[], durationSeconds: number): TimelineEntry[] {
  return entries
    .filter((entry) => entry.start < durationSeconds)
    .map((entry) => {
      const end = Math.min(entry.end, durationSeconds);
      const clamped: TimelineEntry = { ...entry, end };
      if (entry.snapshot_time !== undefined)
        clamped.snapshot_time = Math.min(entry.snapshot_time, end);
      return clamped;
    })
    .sort((a, b) => a.start - b.start);
}
