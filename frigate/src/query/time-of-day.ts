/**
 * The current UTC offset of an IANA zone in minutes. Frigate's `get_tz_modifiers` also uses
 * today's offset for every row, so events on the other side of a DST change shift by an hour.
 */
export function currentOffsetMinutes(timezone: string, nowSeconds: number): number {
  if (timezone.toLowerCase() === 'utc') return 0;
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      timeZoneName: 'longOffset',
    })
      .formatToParts(new Date(nowSeconds * 1000))
      .find((part) => part.type === 'timeZoneName')?.value;
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(parts ?? '');
    if (match === null) return 0;
    const minutes = Number(match[2]) * 60 + Number(match[3]);
    return match[1] === '-' ? -minutes : minutes;
  } catch {
    return 0;
  }
}

/** `HH:MM` of an epoch time shifted by an offset, as SQLite's strftime prints it. */
export function clockTime(epochSeconds: number, offsetMinutes: number): string {
  const shifted = new Date((Math.floor(epochSeconds) + offsetMinutes * 60) * 1000);
  return `${String(shifted.getUTCHours()).padStart(2, '0')}:${String(shifted.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * Frigate's `time_range` test: strictly after the first time and strictly before the second;
 * when the first is later than the second the window wraps past midnight.
 */
export function inTimeRange(time: string, range: string): boolean {
  const [after = '00:00', before = '24:00'] = range.split(',');
  if (after > before) return time > after || time < before;
  return time > after && time < before;
}
