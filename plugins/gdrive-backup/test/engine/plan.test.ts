import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupOptionError, localDayRange, planBackup, type PlanOptions } from '../../src/engine';
import { createSandbox, setMtime, writeBytes, writeSegment, type Sandbox } from './fixtures';

let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await createSandbox();
});

afterEach(async () => {
  await sandbox.cleanup();
});

function options(overrides: Partial<PlanOptions> = {}): PlanOptions {
  return {
    mediaDir: sandbox.mediaDir,
    evidenceDir: sandbox.evidenceDir,
    remote: 'vault:',
    path: 'centinela/home',
    day: '2024-06-15',
    include: { recordings: true, clips: false, evidence: false },
    mode: 'utc-day',
    timezone: 'UTC',
    ...overrides,
  };
}

/** Writes one segment at minute 00 of every hour of a UTC day. */
async function writeWholeDay(utcDay: string, camera = 'front'): Promise<void> {
  for (let hour = 0; hour < 24; hour += 1) {
    await writeSegment(
      sandbox.mediaDir,
      utcDay,
      String(hour).padStart(2, '0'),
      camera,
      '00.00',
      16,
    );
  }
}

describe('planBackup recordings', () => {
  it('copies the UTC day folder whole', async () => {
    await writeWholeDay('2024-06-15');

    const plan = await planBackup(options());

    expect(plan.jobs).toHaveLength(1);
    expect(plan.jobs[0]).toMatchObject({
      kind: 'recordings',
      source: join(sandbox.mediaDir, 'recordings', '2024-06-15'),
      destination: 'vault:centinela/home/recordings/2024-06-15',
      files: null,
    });
  });

  it('skips a day without recordings', async () => {
    const plan = await planBackup(options());

    expect(plan.jobs).toHaveLength(0);
    expect(plan.skipped[0]?.kind).toBe('recordings');
  });

  it('takes the local day hours for America/Mexico_City', async () => {
    for (const day of ['2024-06-14', '2024-06-15', '2024-06-16']) await writeWholeDay(day);

    const plan = await planBackup(options({ mode: 'local-day', timezone: 'America/Mexico_City' }));

    const job = plan.jobs[0]!;
    const expected = [
      ...[
        '06',
        '07',
        '08',
        '09',
        '10',
        '11',
        '12',
        '13',
        '14',
        '15',
        '16',
        '17',
        '18',
        '19',
        '20',
        '21',
        '22',
        '23',
      ].map((hour) => `2024-06-15/${hour}/front/00.00.mp4`),
      ...['00', '01', '02', '03', '04', '05'].map((hour) => `2024-06-16/${hour}/front/00.00.mp4`),
    ];
    expect(job.source).toBe(join(sandbox.mediaDir, 'recordings'));
    expect(job.destination).toBe('vault:centinela/home/recordings/2024-06-15');
    expect(job.files).toEqual(expected);
    expect(plan.range.start).toBe(Date.parse('2024-06-15T06:00:00Z'));
    expect(plan.range.end).toBe(Date.parse('2024-06-16T06:00:00Z'));
  });

  it('splits a half-hour offset by segment start', async () => {
    await writeSegment(sandbox.mediaDir, '2024-06-14', '18', 'front', '29.50', 16);
    await writeSegment(sandbox.mediaDir, '2024-06-14', '18', 'front', '30.00', 16);
    await writeSegment(sandbox.mediaDir, '2024-06-15', '18', 'front', '29.50', 16);
    await writeSegment(sandbox.mediaDir, '2024-06-15', '18', 'front', '30.00', 16);

    const plan = await planBackup(options({ mode: 'local-day', timezone: 'Asia/Kolkata' }));

    expect(plan.jobs[0]?.files).toEqual([
      '2024-06-14/18/front/30.00.mp4',
      '2024-06-15/18/front/29.50.mp4',
    ]);
  });

  it('keeps only segments that overlap events', async () => {
    for (const mmss of ['59.50'])
      await writeSegment(sandbox.mediaDir, '2024-06-15', '09', 'front', mmss, 16);
    for (const mmss of ['00.00', '00.10', '00.20', '00.30']) {
      await writeSegment(sandbox.mediaDir, '2024-06-15', '10', 'front', mmss, 16);
      await writeSegment(sandbox.mediaDir, '2024-06-15', '10', 'back', mmss, 16);
    }
    const start = Date.parse('2024-06-15T10:00:05Z') / 1000;

    const plan = await planBackup(
      options({ eventsOnly: [{ camera: 'front', start, end: start + 20 }] }),
    );

    expect(plan.jobs[0]?.source).toBe(join(sandbox.mediaDir, 'recordings', '2024-06-15'));
    expect(plan.jobs[0]?.files).toEqual([
      '10/front/00.00.mp4',
      '10/front/00.10.mp4',
      '10/front/00.20.mp4',
    ]);
  });

  it('copies no recordings for an empty event list', async () => {
    await writeWholeDay('2024-06-15');

    const plan = await planBackup(options({ eventsOnly: [] }));

    expect(plan.jobs).toHaveLength(0);
    expect(plan.skipped[0]?.reason).toContain('events');
  });
});

describe('planBackup clips and evidence', () => {
  it('assigns clips to the day by event id, else by mtime', async () => {
    const clips = join(sandbox.mediaDir, 'clips');
    const lateId = `${Date.parse('2024-06-15T23:59:50Z') / 1000}.123456-abc123`;
    const nextId = `${Date.parse('2024-06-16T00:00:10Z') / 1000}.5-q7w8e9`;
    await writeBytes(join(clips, `front-${lateId}.jpg`), 'snapshot');
    await writeBytes(join(clips, 'thumbs', 'front', `${lateId}.webp`), 'thumb');
    await writeBytes(join(clips, 'review', `thumb-front-${nextId}.webp`), 'review');
    await writeBytes(join(clips, 'faces', 'alex.webp'), 'face');
    await writeBytes(join(clips, 'faces', 'old.webp'), 'face');
    // Written after midnight, but the id puts the snapshot on the 15th.
    setMtime(join(clips, `front-${lateId}.jpg`), new Date('2024-06-16T00:00:30Z'));
    setMtime(join(clips, 'faces', 'alex.webp'), new Date('2024-06-15T12:00:00Z'));
    setMtime(join(clips, 'faces', 'old.webp'), new Date('2024-06-10T12:00:00Z'));

    const plan = await planBackup(
      options({ include: { recordings: false, clips: true, evidence: false } }),
    );

    expect(plan.jobs[0]).toMatchObject({
      kind: 'clips',
      source: clips,
      destination: 'vault:centinela/home/clips/2024-06-15',
    });
    expect(plan.jobs[0]?.files).toEqual([
      'faces/alex.webp',
      `front-${lateId}.jpg`,
      `thumbs/front/${lateId}.webp`,
    ]);
  });

  it('copies the whole evidence vault', async () => {
    await writeBytes(join(sandbox.evidenceDir, 'case-1', 'clip.mp4'), 'evidence');

    const plan = await planBackup(
      options({ include: { recordings: false, clips: false, evidence: true } }),
    );

    expect(plan.jobs[0]).toMatchObject({
      kind: 'evidence',
      source: sandbox.evidenceDir,
      destination: 'vault:centinela/home/evidence',
      files: null,
      exclude: ['.partial/**'],
    });
  });

  it('skips evidence without a vault folder', async () => {
    const plan = await planBackup(
      options({
        evidenceDir: undefined,
        include: { recordings: false, clips: false, evidence: true },
      }),
    );

    expect(plan.skipped).toEqual([
      { kind: 'evidence', reason: 'No evidence folder is configured.' },
    ]);
  });
});

describe('planBackup options', () => {
  it.each([
    ['day', { day: '2024-02-30' }],
    ['timezone', { timezone: 'Mars/Olympus' }],
    ['remote', { remote: 'bad/name' }],
    ['path', { path: 'a/../b' }],
    ['mode', { mode: 'weekly' as PlanOptions['mode'] }],
  ])('rejects an invalid %s', async (field, overrides) => {
    const error = await planBackup(options(overrides)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BackupOptionError);
    expect((error as BackupOptionError).field).toBe(field);
  });
});

describe('localDayRange', () => {
  it('spans 23 hours on a spring-forward day', () => {
    const range = localDayRange('2024-03-10', 'America/New_York');

    expect(new Date(range.start).toISOString()).toBe('2024-03-10T05:00:00.000Z');
    expect(new Date(range.end).toISOString()).toBe('2024-03-11T04:00:00.000Z');
  });
});
