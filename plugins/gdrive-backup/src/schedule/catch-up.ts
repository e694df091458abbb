import { Cron } from 'croner';

/** Scheduled fire time at or before `now` of a cron expression in a time zone; null when none. */
export function previousFire(cron: string, timezone: string, now: Date): Date | null {
  const schedule = new Cron(cron, { timezone, paused: true });
  try {
    return schedule.previousRuns(1, now)[0] ?? null;
  } finally {
    schedule.stop();
  }
}

export interface CatchUpInput {
  cron: string;
  timezone: string;
  now: Date;
  /** When the plugin was installed on the site: fires before it were never due. */
  installedAt: Date;
  /** Start of the newest real run (not a dry run, not abandoned by its process), or null. */
  latestRunStart: Date | null;
}

/**
 * Returns the scheduled fire time that was missed (the machine was off or Centinela was
 * stopped at that time), or null when nothing was missed. Only the newest fire counts, so a
 * machine that was off for a week runs one catch-up at its next start, not seven.
 */
export function missedFire(input: CatchUpInput): Date | null {
  const fire = previousFire(input.cron, input.timezone, input.now);
  if (fire === null || fire < input.installedAt) return null;
  if (input.latestRunStart !== null && input.latestRunStart >= fire) return null;
  return fire;
}
