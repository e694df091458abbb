import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyRetention,
  BackupOptionError,
  runRclone,
  type RetentionOptions,
} from '../../src/engine';
import { createSandbox, listFiles, setMtime, writeBytes, type Sandbox } from './fixtures';

let sandbox: Sandbox;
let base: string;

beforeEach(async () => {
  sandbox = await createSandbox();
  base = join(sandbox.driveDir, 'centinela/home');
  for (const day of ['2024-05-01', '2024-05-31', '2024-06-01', '2024-06-30', '2024-07-01']) {
    await writeBytes(join(base, 'recordings', day, '10/front/00.00.mp4'), `segment ${day}`);
    await writeBytes(join(base, 'clips', day, `front-${day}.jpg`), `clip ${day}`);
  }
  await writeBytes(join(base, 'evidence', '2020-01-01', 'clip.mp4'), 'old evidence');
  await writeBytes(join(base, 'evidence', 'case-17', 'clip.mp4'), 'undated evidence');
  await writeBytes(join(base, 'evidence', 'exports', '2020-01-02', 'export_a.mp4'), 'old export');
  await writeBytes(join(base, 'evidence', 'exports', '2024-06-30', 'export_b.mp4'), 'new export');
});

afterEach(async () => {
  await sandbox.cleanup();
});

function options(overrides: Partial<RetentionOptions> = {}): RetentionOptions {
  return {
    remote: 'drive',
    path: 'centinela/home',
    days: 30,
    today: '2024-07-01',
    rclone: sandbox.rclone,
    ...overrides,
  };
}

describe('applyRetention', () => {
  it('removes only day folders older than the window', async () => {
    const result = await applyRetention(options());

    expect(result.removed.map((entry) => `${entry.kind}/${entry.day}`)).toEqual([
      'recordings/2024-05-01',
      'recordings/2024-05-31',
      'clips/2024-05-01',
      'clips/2024-05-31',
    ]);
    expect(result.keptFolders).toBe(6);
    expect(result.errors).toEqual([]);
    expect(await listFiles(join(base, 'recordings'))).toEqual([
      '2024-06-01/10/front/00.00.mp4',
      '2024-06-30/10/front/00.00.mp4',
      '2024-07-01/10/front/00.00.mp4',
    ]);
  });

  it('keeps a file uploaded today with an old mtime', async () => {
    const oldClip = join(base, 'clips', '2024-07-01', 'front-old.jpg');
    await writeBytes(oldClip, 'old clip uploaded today');
    setMtime(oldClip, new Date('2023-01-01T00:00:00Z'));

    await applyRetention(options());

    expect(existsSync(oldClip)).toBe(true);
  });

  it('leaves evidence alone by default', async () => {
    const result = await applyRetention(options({ days: 1 }));

    expect(result.removed.some((entry) => entry.kind === 'evidence')).toBe(false);
    expect(await listFiles(join(base, 'evidence'))).toEqual([
      '2020-01-01/clip.mp4',
      'case-17/clip.mp4',
      'exports/2020-01-02/export_a.mp4',
      'exports/2024-06-30/export_b.mp4',
    ]);
  });

  it('removes dated evidence folders when evidence days are set', async () => {
    const result = await applyRetention(options({ evidenceDays: 365 }));

    const evidence = result.removed.filter((entry) => entry.kind === 'evidence');
    expect(evidence.map((entry) => entry.target)).toEqual([
      'drive:centinela/home/evidence/2020-01-01',
      'drive:centinela/home/evidence/exports/2020-01-02',
    ]);
    expect(result.ignored).toContain('evidence/case-17');
    expect(await listFiles(join(base, 'evidence'))).toEqual([
      'case-17/clip.mp4',
      'exports/2024-06-30/export_b.mp4',
    ]);
  });

  it('removes nothing in a dry run', async () => {
    const before = await listFiles(sandbox.driveDir);

    const result = await applyRetention(options({ dryRun: true }));

    expect(result.removed).toHaveLength(4);
    expect(await listFiles(sandbox.driveDir)).toEqual(before);
  });

  it('reads day names through a crypt remote', async () => {
    await runRclone(['copy', base, 'vault:centinela/home'], sandbox.rclone);

    const result = await applyRetention(options({ remote: 'vault', kinds: ['recordings'] }));

    expect(result.removed.map((entry) => entry.target)).toEqual([
      'vault:centinela/home/recordings/2024-05-01',
      'vault:centinela/home/recordings/2024-05-31',
    ]);
    const listing = await runRclone(
      ['lsjson', '--dirs-only', 'vault:centinela/home/recordings'],
      sandbox.rclone,
    );
    const names = (JSON.parse(listing.stdout) as { Name: string }[]).map((entry) => entry.Name);
    expect(names).toEqual(['2024-06-01', '2024-06-30', '2024-07-01']);
  });

  it('treats a tree never uploaded as empty', async () => {
    const result = await applyRetention(options({ path: 'centinela/other' }));

    expect(result.removed).toEqual([]);
    expect(result.errors).toEqual([]);
  });

  it('rejects zero retention days', async () => {
    await expect(applyRetention(options({ days: 0 }))).rejects.toBeInstanceOf(BackupOptionError);
  });
});
