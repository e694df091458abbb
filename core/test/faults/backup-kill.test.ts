import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  createFolders,
  DAY,
  execute,
  postRun,
  startBackupCentinela,
  waitForRun,
  writeSegment,
  type BackupFolders,
} from '../../../plugins/gdrive-backup/test/support/backup-site';
import type { TestCentinela } from '../support/centinela';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The server and its rclone child are killed with SIGKILL in the middle of a backup, as when a
 * container is killed or the machine loses power. At the next start the run must be marked
 * failed, its lock released, and a new run must copy the day completely.
 */
const CHILD = fileURLToPath(new URL('./fixtures/backup-child.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let child: ChildProcess | undefined;
let database: TestDatabase | undefined;
let folders: BackupFolders | undefined;
let restarted: TestCentinela | undefined;

afterAll(async () => {
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null)
    process.kill(-child.pid, 'SIGKILL');
  if (restarted !== undefined) await restarted.destroy();
  else await database?.drop();
  await folders?.cleanup();
});

/** Files under `root` (recursively) with their SHA-256, by path relative to `root`. */
function filesWithHashes(root: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(root)) return files;
  for (const name of readdirSync(root, { recursive: true }).map(String)) {
    const path = join(root, name);
    if (statSync(path).isFile())
      files.set(name, createHash('sha256').update(readFileSync(path)).digest('hex'));
  }
  return files;
}

describe('server killed during a backup', () => {
  it('fails the run at the next start and backs up the day again', async () => {
    folders = await createFolders();
    // Four segments of 1 MiB at a 1 MiB/s limit: the run is still copying when killed.
    for (let minute = 0; minute < 4; minute += 1) {
      await writeSegment(
        folders.mediaDir,
        DAY,
        '08',
        'front',
        `${String(minute).padStart(2, '0')}.00`,
        1024 * 1024,
      );
    }
    database = await createTestDatabase();
    const dataDir = join(folders.root, 'data');
    // Its own process group, so one kill reaches rclone too, as a container stop would.
    const backup = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, dataDir, database.url, database.name, folders.root, DAY],
      {
        cwd: REPO_ROOT,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = backup;
    let stderr = '';
    backup.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      backup.once('exit', (_code, signal) => resolve(signal)),
    );

    let runId = '';
    for await (const line of createInterface({ input: backup.stdout! })) {
      if (line.startsWith('run ')) {
        runId = line.slice(4);
        break;
      }
    }
    expect(runId, stderr).not.toBe('');
    // rclone writes into the remote while it copies; kill once the first bytes are there.
    await vi.waitFor(
      () => expect(filesWithHashes(join(folders!.root, 'remote')).size).toBeGreaterThan(0),
      {
        timeout: 15_000,
        interval: 50,
      },
    );

    process.kill(-backup.pid!, 'SIGKILL');
    expect(await exited).toBe('SIGKILL');

    restarted = await startBackupCentinela({ folders, dataDir, testDatabase: database });
    const killed = await waitForRun(restarted, runId);
    expect(killed.status).toBe('failed');
    expect(killed.errors.map((error) => error.code)).toContain('CEN_ERR_BACKUP_INTERRUPTED');
    const locks = await execute<{ run_id: string }>(restarted, 'select run_id from backup_locks');
    expect(locks.map((lock) => lock.run_id)).not.toContain(runId);

    const again = await waitForRun(restarted, (await postRun(restarted)).id);
    expect(again.status, JSON.stringify(again.errors)).toBe('ok');
    const source = [...filesWithHashes(join(folders.mediaDir, 'recordings')).values()].sort();
    const copied = [...filesWithHashes(join(folders.root, 'remote')).values()].sort();
    expect(source).toHaveLength(4);
    expect(copied).toEqual(source);
  });
});
