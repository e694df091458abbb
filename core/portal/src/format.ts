import type { Language } from './i18n';

const LOCALES: Record<Language, string> = { en: 'en', es: 'es' };

export function locale(lang: Language): string {
  return LOCALES[lang];
}

/** Date and time in the browser's time zone, or `—` for a missing or invalid value. */
export function formatDateTime(iso: string | null | undefined, lang: Language): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeStyle: 'medium' }).format(
    date,
  );
}

export function formatNumber(value: number, lang: Language, fractionDigits = 0): string {
  return new Intl.NumberFormat(locale(lang), {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** Size in binary units (KiB, MiB, GiB). */
export function formatBytes(bytes: number | null | undefined, lang: Language): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(value, lang, unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** Whole seconds between two times as `1 h 02 min`, `3 min 05 s` or `12 s`. */
export function formatDuration(startIso: string, endIso: string | null | undefined): string {
  if (endIso === null || endIso === undefined) return '—';
  const seconds = Math.max(0, Math.round((Date.parse(endIso) - Date.parse(startIso)) / 1000));
  if (!Number.isFinite(seconds)) return '—';
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(rest).padStart(2, '0')} s`;
  return `${rest} s`;
}

/** Converts a `datetime-local` input value (browser time zone) to ISO 8601 UTC. */
export function localInputToIso(value: string): string | undefined {
  if (value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Yesterday as `YYYY-MM-DD` in UTC, the day a nightly backup covers by default. */
export function yesterdayUtc(now = new Date()): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1));
  return day.toISOString().slice(0, 10);
}
