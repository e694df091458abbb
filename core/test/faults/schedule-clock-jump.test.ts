import { Cron } from 'croner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { missedFire } from '../../../plugins/gdrive-backup/src/schedule/catch-up';

/**
 * The nightly backup schedule when the wall clock jumps an hour. The backup plugin fires
 * through croner and then starts a run unless a real run started at or after the fire time
 * (`unlessRunSince`, the comparison `missedFire` makes). Croner sleeps at most 30 s between
 * checks of the wall clock, so fake timers stand in for those sleeps; no server runs here.
 */
const CRON = '10 3 * * *';
const ZONE = 'UTC';

afterEach(() => {
  vi.useRealTimers();
});

function startSchedule(fires: Date[]): Cron {
  return new Cron(CRON, { timezone: ZONE }, () => {
    fires.push(new Date());
  });
}

describe('backup schedule across a clock jump', () => {
  it('fires once when the clock jumps over the fire time', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(new Date('2026-03-10T02:50:00Z'));
    const fires: Date[] = [];
    const cron = startSchedule(fires);
    try {
      vi.setSystemTime(new Date('2026-03-10T03:50:00Z'));
      await vi.advanceTimersByTimeAsync(30_000);
      expect(fires).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(2 * 3600_000);
      expect(fires).toHaveLength(1);
      expect(cron.nextRun()?.toISOString()).toBe('2026-03-11T03:10:00.000Z');
    } finally {
      cron.stop();
    }
  });

  it('runs the fire once when the clock jumps back over it', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(new Date('2026-03-10T03:09:50Z'));
    const fires: Date[] = [];
    const cron = startSchedule(fires);
    try {
      await vi.advanceTimersByTimeAsync(15_000);
      expect(fires).toHaveLength(1);
      const firstRunStart = fires[0]!;

      // Back an hour: the wall clock reaches 03:10 a second time.
      vi.setSystemTime(new Date('2026-03-10T02:20:00Z'));
      await vi.advanceTimersByTimeAsync(3600_000);
      expect(fires).toHaveLength(2);
      // The second fire finds a real run that started at or after 03:10 and starts none.
      const repeated = missedFire({
        cron: CRON,
        timezone: ZONE,
        now: fires[1]!,
        installedAt: new Date('2026-01-01T00:00:00Z'),
        latestRunStart: firstRunStart,
      });
      expect(repeated).toBeNull();
    } finally {
      cron.stop();
    }
  });

  it('catches up once after the machine slept through the fire', () => {
    const missed = missedFire({
      cron: CRON,
      timezone: ZONE,
      now: new Date('2026-03-10T04:10:00Z'),
      installedAt: new Date('2026-01-01T00:00:00Z'),
      latestRunStart: new Date('2026-03-09T03:10:01Z'),
    });
    expect(missed?.toISOString()).toBe('2026-03-10T03:10:00.000Z');
    const afterCatchUp = missedFire({
      cron: CRON,
      timezone: ZONE,
      now: new Date('2026-03-10T04:11:00Z'),
      installedAt: new Date('2026-01-01T00:00:00Z'),
      latestRunStart: new Date('2026-03-10T04:10:02Z'),
    });
    expect(afterCatchUp).toBeNull();
  });
});
