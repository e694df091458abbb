import { describe, expect, it } from 'vitest';
import { missedFire, previousFire } from '../src/schedule/catch-up';

// 02:10 in Mexico City (UTC-6 all year since 2022) is 08:10 UTC.
const NIGHTLY = { cron: '10 2 * * *', timezone: 'America/Mexico_City' };
const INSTALLED = new Date('2024-01-01T00:00:00Z');

describe('previousFire', () => {
  it('finds the last fire in the site time zone', () => {
    const fire = previousFire(NIGHTLY.cron, NIGHTLY.timezone, new Date('2024-06-16T15:00:00Z'));
    expect(fire?.toISOString()).toBe('2024-06-16T08:10:00.000Z');
  });

  it('goes back a day before the fire time', () => {
    const fire = previousFire(NIGHTLY.cron, NIGHTLY.timezone, new Date('2024-06-16T08:09:59Z'));
    expect(fire?.toISOString()).toBe('2024-06-15T08:10:00.000Z');
  });

  it('follows daylight saving time in a zone that has it', () => {
    const winter = previousFire('10 2 * * *', 'Europe/Madrid', new Date('2024-01-15T12:00:00Z'));
    const summer = previousFire('10 2 * * *', 'Europe/Madrid', new Date('2024-07-15T12:00:00Z'));
    expect(winter?.toISOString()).toBe('2024-01-15T01:10:00.000Z');
    expect(summer?.toISOString()).toBe('2024-07-15T00:10:00.000Z');
  });
});

describe('missedFire', () => {
  it('catches up when the machine was off at fire time', () => {
    const missed = missedFire({
      ...NIGHTLY,
      now: new Date('2024-06-16T15:00:00Z'),
      installedAt: INSTALLED,
      latestRunStart: new Date('2024-06-15T08:10:02Z'),
    });
    expect(missed?.toISOString()).toBe('2024-06-16T08:10:00.000Z');
  });

  it('does nothing when the last fire ran', () => {
    const missed = missedFire({
      ...NIGHTLY,
      now: new Date('2024-06-16T15:00:00Z'),
      installedAt: INSTALLED,
      latestRunStart: new Date('2024-06-16T08:10:01Z'),
    });
    expect(missed).toBeNull();
  });

  it('counts a later manual run as done', () => {
    const missed = missedFire({
      ...NIGHTLY,
      now: new Date('2024-06-16T15:00:00Z'),
      installedAt: INSTALLED,
      latestRunStart: new Date('2024-06-16T14:00:00Z'),
    });
    expect(missed).toBeNull();
  });

  it('catches up when no run ever happened', () => {
    const missed = missedFire({
      ...NIGHTLY,
      now: new Date('2024-06-16T15:00:00Z'),
      installedAt: INSTALLED,
      latestRunStart: null,
    });
    expect(missed?.toISOString()).toBe('2024-06-16T08:10:00.000Z');
  });

  it('ignores fires before the plugin was installed', () => {
    const missed = missedFire({
      ...NIGHTLY,
      now: new Date('2024-06-16T15:00:00Z'),
      installedAt: new Date('2024-06-16T12:00:00Z'),
      latestRunStart: null,
    });
    expect(missed).toBeNull();
  });

  it('runs one catch-up after several missed nights', () => {
    const missed = missedFire({
      ...NIGHTLY,
      now: new Date('2024-06-20T09:00:00Z'),
      installedAt: INSTALLED,
      latestRunStart: new Date('2024-06-15T08:10:00Z'),
    });
    expect(missed?.toISOString()).toBe('2024-06-20T08:10:00.000Z');
  });
});
