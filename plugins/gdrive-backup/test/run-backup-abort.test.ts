import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBackup } from '../src/engine';
import { createSandbox, writeSegment, type Sandbox } from './engine/fixtures';

let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await createSandbox();
  await writeSegment(sandbox.mediaDir, '2024-06-15', '08', 'front', '00.00');
});

afterEach(async () => {
  await sandbox.cleanup();
});

describe('runBackup abort', () => {
  it('fails a run aborted before its first job', async () => {
    const controller = new AbortController();
    controller.abort();

    const result = await runBackup({
      mediaDir: sandbox.mediaDir,
      remote: 'drive',
      path: 'centinela',
      day: '2024-06-15',
      include: { recordings: true, clips: false, evidence: false },
      mode: 'utc-day',
      timezone: 'UTC',
      rclone: sandbox.rclone,
      signal: controller.signal,
    });

    expect(result.status).toBe('failed');
    expect(result.jobs.map((job) => job.status)).toEqual(['skipped']);
    expect(result.errors).toEqual([
      {
        job: 'recordings',
        code: 'CEN_ERR_BACKUP_ABORTED',
        message: 'The run was aborted before this job started.',
      },
    ]);
  });
});
