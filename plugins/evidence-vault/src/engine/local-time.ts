import { invalidInput } from './errors';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw invalidInput(
        'timezone',
        `Unknown time zone ${JSON.stringify(timeZone)}.`,
        'Use an IANA time zone name such as America/Mexico_City.',
      );
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws when `timeZone` is not an IANA time zone known to this Node.js build. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** UTC offset of `timeZone` at `instant`, in whole minutes (east of UTC is positive). */
export function utcOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value);
  const wallClockAsUtc = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  const instantSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  // Local mean time, used before standard time zones, has offsets with seconds. Rounding to
  // minutes keeps a valid ISO 8601 offset, and toLocalIso still names the same instant.
  return Math.round((wallClockAsUtc - instantSeconds) / 60_000);
}

/**
 * Formats an instant as ISO 8601 local time in `timeZone`, with milliseconds and the offset in
 * force then: `toLocalIso(new Date('2024-05-01T16:30:00Z'), 'America/Mexico_City')` returns
 * `2024-05-01T10:30:00.000-06:00`.
 */
export function toLocalIso(instant: Date, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) {
    throw invalidInput('time', 'Invalid date.', 'Pass a valid Date.');
  }
  const offset = utcOffsetMinutes(instant, timeZone);
  const shifted = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, -1);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${shifted}${sign}${hours}:${minutes}`;
}
