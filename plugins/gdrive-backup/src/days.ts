import type { DayMode } from './engine';
import { addDays, localDayOf, utcDayOf } from './engine/day';

/**
 * Today's date in the calendar the day folders use: UTC in `utc-day` mode (Frigate names
 * recording folders by the UTC date), the site's time zone in `local-day` mode.
 */
export function todayIn(now: Date, mode: DayMode, timezone: string): string {
  return mode === 'local-day' ? localDayOf(now.getTime(), timezone) : utcDayOf(now.getTime());
}

/** Returns the day a nightly run backs up: the last complete day before `now`. */
export function yesterdayIn(now: Date, mode: DayMode, timezone: string): string {
  return addDays(todayIn(now, mode, timezone), -1);
}
