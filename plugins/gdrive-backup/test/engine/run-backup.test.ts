import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  planBackup,
  runBackup,
  type BackupJob,
  type BackupJobResult,
  type BackupProgressEvent,
  type RunBackupOptions,
} from '../../src/engine';
import {
  createSandbox,
  flipByteKeepingMtime,
  listFiles,
  writeBytes,
  writeSegment,
  type Sandbox,
} from './fixtures';

let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await createSandbox();
  for (const hour of ['00', '13']) {
    for (const mmss of ['00.00', '00.10'])
      await writeSegment(sandbox.mediaDir, '2024-06-15', hour, 'front', mmss);
  }
  await writeBytes(join(sandbox.evidenceDir, 'case-1', 'clip.mp4'), 'evidence bytes');
});

afterEach(async () => {
  await sandbox.cleanup();
});

function options(overrides: Partial<RunBackupOptions> = {}): RunBackupOptions {
  return {
    mediaDir: sandbox.mediaDir,
    evidenceDir: sandbox.evidenceDir,
    remote: 'drive',
    path: 'centinela/home',
    day: '2024-06-15',
    include: { recordings: true, clips: false, evidence: true },
    mode: 'utc-day',
    timezone: 'UTC',
    rclone: sandbox.rclone,
    ...overrides,
  };
}

describe('runBackup', () => {
  it('copies and checks a day on a plain remote', async () => {
    await writeBytes(join(sandbox.evidenceDir, 'exports', '.partial', '.tmp-abc'), 'half written');

    const result = await runBackup(options());

    expect(result.status).toBe('ok');
    expect(result.errors).toEqual([]);
    expect(result.files).toBe(5);
    expect(result.checks).toBe(5);
    expect(result.jobs.map((job) => job.verify?.method)).toEqual(['check', 'check']);
    expect(result.logExcerpt.split('\n').length).toBeLessThanOrEqual(50);
    expect(result.logExcerpt).toContain('Copied (new)');
    expect(await listFiles(join(sandbox.driveDir, 'centinela/home/recordings/2024-06-15'))).toEqual(
      ['00/front/00.00.mp4', '00/front/00.10.mp4', '13/front/00.00.mp4', '13/front/00.10.mp4'],
    );
    expect(existsSync(join(sandbox.driveDir, 'centinela/home/evidence/case-1/clip.mp4'))).toBe(
      true,
    );
    expect(existsSync(join(sandbox.driveDir, 'centinela/home/evidence/exports/.partial'))).toBe(
      false,
    );
  });

  it('copies and cryptchecks a day on a crypt remote', async () => {
    const result = await runBackup(options({ remote: 'vault' }));

    expect(result.status).toBe('ok');
    expect(result.checks).toBe(5);
    expect(result.jobs.map((job) => job.verify?.method)).toEqual(['cryptcheck', 'cryptcheck']);
    const stored = await listFiles(sandbox.cryptDir);
    expect(stored).toHaveLength(5);
    expect(stored.join('\n')).not.toContain('recordings');
  });

  it('bundles local-day hours under the local date', async () => {
    await writeSegment(sandbox.mediaDir, '2024-06-16', '02', 'front', '00.00');
    const include = { recordings: true, clips: false, evidence: false };

    const result = await runBackup(
      options({ mode: 'local-day', timezone: 'America/Mexico_City', include }),
    );

    expect(result.status).toBe('ok');
    expect(result.checks).toBe(3);
    expect(await listFiles(join(sandbox.driveDir, 'centinela/home/recordings'))).toEqual([
      '2024-06-15/2024-06-15/13/front/00.00.mp4',
      '2024-06-15/2024-06-15/13/front/00.10.mp4',
      '2024-06-15/2024-06-16/02/front/00.00.mp4',
    ]);
  });

  it('fails when a remote byte is flipped', async () => {
    await runBackup(
      options({ remote: 'vault', include: { recordings: true, clips: false, evidence: false } }),
    );
    const [stored] = await listFiles(sandbox.cryptDir);
    flipByteKeepingMtime(join(sandbox.cryptDir, stored!), 100);

    const result = await runBackup(
      options({ remote: 'vault', include: { recordings: true, clips: false, evidence: false } }),
    );

    expect(result.status).toBe('failed');
    expect(result.jobs[0]?.verify).toMatchObject({
      method: 'cryptcheck',
      ok: false,
      differences: 1,
    });
    expect(result.errors[0]?.code).toBe('CEN_ERR_BACKUP_CHECK_FAILED');
  });

  it('misses the flipped byte with plain check on crypt', async () => {
    await runBackup(
      options({ remote: 'vault', include: { recordings: true, clips: false, evidence: false } }),
    );
    const [stored] = await listFiles(sandbox.cryptDir);
    flipByteKeepingMtime(join(sandbox.cryptDir, stored!), 100);

    const result = await runBackup(
      options({
        remote: 'vault',
        verify: 'check',
        include: { recordings: true, clips: false, evidence: false },
      }),
    );

    // Documents why cryptcheck is the default: check on crypt compares sizes only.
    expect(result.status).toBe('ok');
    expect(result.jobs[0]?.verify?.sizeOnly).toBe(4);
  });

  it('never deletes remote files removed locally', async () => {
    await runBackup(options());
    await rm(join(sandbox.mediaDir, 'recordings/2024-06-15/13/front/00.10.mp4'));

    const result = await runBackup(options());

    expect(result.status).toBe('ok');
    expect(
      existsSync(join(sandbox.driveDir, 'centinela/home/recordings/2024-06-15/13/front/00.10.mp4')),
    ).toBe(true);
  });

  it('changes nothing in a dry run', async () => {
    const result = await runBackup(options({ remote: 'vault', dryRun: true }));

    expect(result.status).toBe('ok');
    expect(result.dryRun).toBe(true);
    expect(result.files).toBe(5);
    expect(result.jobs.every((job) => job.verify === null)).toBe(true);
    expect(await listFiles(sandbox.cryptDir)).toEqual([]);
  });

  it('reports partial when one job fails', async () => {
    const plan = await planBackup(options());
    await rm(sandbox.evidenceDir, { recursive: true });

    const result = await runBackup(options({ plan }));

    expect(result.status).toBe('partial');
    expect(result.jobs.map((job) => job.status)).toEqual(['ok', 'failed']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      job: 'evidence',
      code: 'CEN_ERR_BACKUP_RCLONE_FAILED',
    });
  });

  it('calls the hooks for each job', async () => {
    const started: BackupJob[] = [];
    const ended: BackupJobResult[] = [];
    const progress: BackupProgressEvent[] = [];

    await runBackup(options(), {
      onJobStart: (job) => started.push(job),
      onJobEnd: (job) => ended.push(job),
      onProgress: (event) => progress.push(event),
    });

    expect(started.map((job) => job.kind)).toEqual(['recordings', 'evidence']);
    expect(ended.map((job) => job.status)).toEqual(['ok', 'ok']);
    const copyOfRecordings = progress.filter(
      (event) => event.job === 'recordings' && event.phase === 'copy',
    );
    expect(copyOfRecordings.at(-1)?.progress.transfers).toBe(4);
    expect(progress.some((event) => event.phase === 'verify')).toBe(true);
  });

  it('keeps secrets out of the log excerpt', async () => {
    const debug = { ...sandbox.rclone, logLevel: 'DEBUG' as const };
    const result = await runBackup(options({ remote: 'vault', rclone: debug, logLines: 5000 }));

    expect(result.status).toBe('ok');
    expect(result.logExcerpt).toContain('Setting password="[REDACTED]"');
    for (const secret of sandbox.obscured) expect(result.logExcerpt).not.toContain(secret);
  });

  it('fails with a named unknown remote', async () => {
    const result = await runBackup(options({ remote: 'nowhere' }));

    expect(result.status).toBe('failed');
    expect(result.errors[0]).toMatchObject({ job: 'run', code: 'CEN_ERR_BACKUP_REMOTE_UNKNOWN' });
    expect(result.errors[0]?.message).toContain('"nowhere"');
  });

  it('fails with a named missing binary', async () => {
    const binary = join(sandbox.root, 'no-rclone');
    const result = await runBackup(options({ rclone: { ...sandbox.rclone, binary } }));

    expect(result.status).toBe('failed');
    expect(result.errors[0]?.code).toBe('CEN_ERR_BACKUP_RCLONE_NOT_FOUND');
    expect(result.errors[0]?.message).toContain(binary);
  });

  it('stops rclone on abort', async () => {
    await writeSegment(sandbox.mediaDir, '2024-06-15', '14', 'front', '00.00', 2_000_000);
    const controller = new AbortController();

    const result = await runBackup(
      options({ rclone: { ...sandbox.rclone, bwlimit: '100k' }, signal: controller.signal }),
      { onProgress: () => controller.abort() },
    );

    expect(result.status).toBe('failed');
    expect(result.errors[0]).toMatchObject({ job: 'recordings', code: 'CEN_ERR_BACKUP_ABORTED' });
    expect(result.jobs.map((job) => job.status)).toEqual(['failed', 'skipped']);
  });
});
