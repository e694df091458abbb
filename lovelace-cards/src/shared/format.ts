import type { HomeAssistant } from '../ha/types';

/** Returns the server's time zone when the HA profile selects it, else undefined (the browser's). */
export function timeZoneOf(hass: HomeAssistant | undefined): string | undefined {
  if (hass?.locale?.time_zone === 'server') return hass.config?.time_zone;
  return undefined;
}

export function formatDateTime(iso: string, lang: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };
  if (timeZone !== undefined) options.timeZone = timeZone;
  return new Intl.DateTimeFormat(lang, options).format(date);
}

export function formatTime(iso: string, lang: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { timeStyle: 'short' };
  if (timeZone !== undefined) options.timeZone = timeZone;
  return new Intl.DateTimeFormat(lang, options).format(date);
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** Formats the time since `iso` as "3 minutes ago" in the given language. */
export function formatRelative(iso: string, lang: string, now: number): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  // A start a few seconds ahead of this browser's clock is clock skew between Frigate's host
  // and the viewer, not a future event: show it as now.
  let value = Math.min(0, (time - now) / 1000);
  const formatter = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) return formatter.format(Math.round(value), unit);
    value /= size;
  }
  return formatter.format(Math.round(value), 'year');
}

/** Detection score (0..1) as a whole percentage, or undefined when the event has none. */
export function scorePercent(score: number | null | undefined): number | undefined {
  if (score === null || score === undefined || !Number.isFinite(score)) return undefined;
  return Math.round(score * 100);
}

/** Formats a byte count with binary units, as file sizes are shown in the export result. */
export function formatBytes(bytes: number, lang: string): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
