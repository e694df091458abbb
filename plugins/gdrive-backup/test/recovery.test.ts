import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCentinela } from '../../../core/test/support/centinela';
import type { TestDatabase } from '../../../core/test/support/database';
import {
  ADMIN,
  createFolders,
  DAY,
  execute,
  insertForeignRun,
  installBackup,
  startBackupCentinela,
  waitForRun,
  writeSegment,
  type BackupFolders,
  type RunJson,
} from './support/backup-site';

let folders: BackupFolders;
let centinela: TestCentinela & { testDatabase: TestDatabase | undefined };

beforeAll(async () => {
  folders = await createFolders();
  await writeSegment(folders.mediaDir, DAY, '08', 'front', '00.00');
});

afterAll(async () => {
  await centinela?.destroy();
  await folders?.cleanup();
});

/** Returns the id of a process that has exited, so no process has it (unless the id is reused). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('Could not start a child process.');
  return child.pid;
}

async function listRuns(): Promise<RunJson[]> {
  const response = await centinela.app.inject({
    method: 'GET',
    url: '/api/backups/runs',
    headers: ADMIN,
  });
  return response.json().items as RunJson[];
}

async function waitForCatchUp(): Promise<RunJson> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const catchUp = (await listRuns()).find((run) => run.trigger === 'catch-up');
    if (catchUp !== undefined) return waitForRun(centinela, catchUp.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('No catch-up run started.');
}

describe('restart after a crash', () => {
  it('recovers a killed run and catches up', async () => {
    centinela = await startBackupCentinela({ folders });
    // The schedule fires at midnight on January 1; the plugin "was installed" long before
    // the last such fire, and no run happened since, so that fire was missed.
    await installBackup(centinela, folders);
    await execute(
      centinela,
      "update site_plugins set installed_at = now() - interval '800 days' where plugin = 'gdrive-backup'",
    );
    const killedId = randomUUID();
    const pid = deadPid();
    await insertForeignRun(centinela, {
      id: killedId,
      host: hostname(),
      pid,
      heartbeatAgeSeconds: 5,
    });
    const { dataDir, testDatabase } = centinela;
    await centinela.close();

    centinela = await startBackupCentinela({
      folders,
      dataDir,
      ...(testDatabase === undefined ? {} : { testDatabase }),
    });
    const killed = await waitForRun(centinela, killedId);
    const catchUp = await waitForCatchUp();

    expect(killed.status).toBe('failed');
    expect(killed.errors).toHaveLength(1);
    expect(killed.errors[0]!.code).toBe('CEN_ERR_BACKUP_INTERRUPTED');
    expect(killed.errors[0]!.message).toContain(`process ${pid}`);
    expect(killed.finished_at).not.toBeNull();
    const locks = await execute<{ run_id: string }>(centinela, 'select run_id from backup_locks');
    expect(locks.map((lock) => lock.run_id)).not.toContain(killedId);

    expect(catchUp.status).toBe('ok');
    expect(catchUp.day).toBe(DAY);
    expect(catchUp.dry_run).toBe(false);
    expect(catchUp.files).toBe(1);
  });
});
