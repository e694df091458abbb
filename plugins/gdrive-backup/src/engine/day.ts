import { BackupOptionError } from './errors';

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Half-open time range [start, end) in epoch milliseconds. */
export interface TimeRange {
  start: number;
  end: number;
}

/** Returns whether `value` is a real calendar date written as YYYY-MM-DD. */
export function isDay(value: string): boolean {
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Throws BackupOptionError unless `value` is a YYYY-MM-DD date. */
export function assertDay(value: string, field = 'day'): void {
  if (!isDay(value)) {
    throw new BackupOptionError(
      field,
      `"${value}" is not a valid date.`,
      'Give the date as YYYY-MM-DD, for example 2024-06-15.',
    );
  }
}

/** Epoch milliseconds of 00:00 UTC on `day`. */
export function utcMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The YYYY-MM-DD date, in UTC, of an epoch millisecond instant. */
export function utcDayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function addDays(day: string, count: number): string {
  return utcDayOf(utcMidnight(day) + count * DAY_MS);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** Throws BackupOptionError unless `timeZone` is an IANA zone name known to this Node build. */
export function assertTimeZone(timeZone: string, field = 'timezone'): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new BackupOptionError(
      field,
      `"${timeZone}" is not a known time zone.`,
      'Use an IANA time zone name such as America/Mexico_City or UTC.',
    );
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local YYYY-MM-DD date of an instant in `timeZone`. */
export function localDayOf(epochMs: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(epochMs));
}

/**
 * First instant whose local date in `timeZone` is `day` or later. A binary search over the
 * instants around UTC midnight handles any offset (−12 h to +14 h), DST days of 23 or 25
 * hours, and zones where midnight itself is skipped by a DST change.
 */
function localDayStart(day: string, timeZone: string): number {
  let low = utcMidnight(day) - 15 * 3_600_000;
  let high = utcMidnight(day) + 13 * 3_600_000;
  // Both bounds stay on whole seconds, because zone offsets and local midnight are whole seconds.
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (localDayOf(middle, timeZone) >= day) high = middle;
    else low = middle;
  }
  return high;
}

/** The local calendar day `day` in `timeZone` as a UTC time range. */
export function localDayRange(day: string, timeZone: string): TimeRange {
  return { start: localDayStart(day, timeZone), end: localDayStart(addDays(day, 1), timeZone) };
}

/** The UTC calendar day `day` as a time range. */
export function utcDayRange(day: string): TimeRange {
  return { start: utcMidnight(day), end: utcMidnight(day) + DAY_MS };
}
