import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CentinelaPlugin } from '@centinela/core';
import { startTestCentinela, type TestCentinela } from '../../../../core/test/support/centinela';
import type { TestDatabase } from '../../../../core/test/support/database';
import gdriveBackupPlugin from '../../src/index';
import { backupHeaderAuthPlugin } from './plugins';

export const SUPER = { 'x-test-role': 'SuperAdmin' };
export const ADMIN = { 'x-test-role': 'Admin' };
export const READ_ONLY = { 'x-test-role': 'ReadOnly' };

/** Yesterday (UTC), the day the tests back up: recent enough to stay inside retention. */
export const DAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** Folders of one test: Frigate's media folder and the folder behind the `local` remote. */
export interface BackupFolders {
  root: string;
  mediaDir: string;
  remoteDir: string;
  cleanup(): Promise<void>;
}

export async function createFolders(): Promise<BackupFolders> {
  const root = await mkdtemp(join(tmpdir(), 'centinela-backup-test-'));
  const folders = { root, mediaDir: join(root, 'media'), remoteDir: join(root, 'remote') };
  await mkdir(folders.mediaDir, { recursive: true });
  return { ...folders, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export { listFiles, writeBytes, writeSegment } from '../engine/fixtures';

export interface StartOptions {
  folders: BackupFolders;
  extraPlugins?: CentinelaPlugin[];
  dataDir?: string;
  testDatabase?: TestDatabase;
}

/** Centinela on real PostgreSQL with the backup plugin loaded (not yet installed on a site). */
export function startBackupCentinela(
  options: StartOptions,
): Promise<TestCentinela & { testDatabase: TestDatabase | undefined }> {
  return startTestCentinela({
    database: 'postgres',
    plugins: [backupHeaderAuthPlugin, ...(options.extraPlugins ?? []), gdriveBackupPlugin],
    env: { FRIGATE_MEDIA_DIR: options.folders.mediaDir, HOST: '127.0.0.1' },
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.testDatabase === undefined ? {} : { testDatabase: options.testDatabase }),
  });
}

/**
 * Installs the plugin on site casa with the `local` remote in the test's folder, a schedule
 * that does not fire during a test (midnight on January 1), and `config` on top.
 */
export async function installBackup(
  centinela: TestCentinela,
  folders: BackupFolders,
  config: Record<string, unknown> = {},
): Promise<void> {
  const response = await centinela.app.inject({
    method: 'PUT',
    url: '/api/sites/casa/plugins/gdrive-backup',
    headers: SUPER,
    payload: {
      config: { local_remote_dir: folders.remoteDir, schedule: '0 0 1 1 *', ...config },
    },
  });
  expect(response.statusCode, response.body).toBe(200);
}

export interface RunJson {
  id: string;
  status: string;
  day: string;
  dry_run: boolean;
  trigger: string;
  bytes: number;
  files: number;
  checks: number;
  errors: Array<{ job: string; code: string; message: string }>;
  log_excerpt: string;
  retention: Record<string, unknown> | null;
  jobs: Array<Record<string, unknown>>;
  actor_id: string | null;
  finished_at: string | null;
}

/** Starts a run through the API as SuperAdmin and returns the 202 body. */
export async function postRun(
  centinela: TestCentinela,
  body: Record<string, unknown> = { day: DAY },
): Promise<RunJson> {
  const response = await centinela.app.inject({
    method: 'POST',
    url: '/api/backups/runs',
    headers: SUPER,
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(202);
  return response.json() as RunJson;
}

/** Polls a run until it is no longer `running`. */
export async function waitForRun(centinela: TestCentinela, id: string): Promise<RunJson> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const response = await centinela.app.inject({
      method: 'GET',
      url: `/api/backups/runs/${id}`,
      headers: ADMIN,
    });
    const run = response.json() as RunJson;
    if (run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Backup run ${id} is still running after 30 s.`);
}

/** Runs SQL on the test database. */
export function execute<T>(
  centinela: TestCentinela,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return centinela.database.orm.em.getConnection().execute<T[]>(sql, params, 'all');
}

/** Inserts a `running` row and its site lock as another process would have left them. */
export async function insertForeignRun(
  centinela: TestCentinela,
  run: { id: string; host: string; pid: number; heartbeatAgeSeconds: number },
): Promise<void> {
  const owner = JSON.stringify({ instance: 'other-instance', host: run.host, pid: run.pid });
  // The lock first, as a real run takes it before inserting its row.
  await execute(
    centinela,
    `insert into backup_locks (site_id, run_id, owner, heartbeat_at)
     values ('casa', ?, ?::jsonb, now() - make_interval(secs => ?))`,
    [run.id, owner, run.heartbeatAgeSeconds],
  );
  await execute(
    centinela,
    `insert into backup_runs (id, site_id, day, dry_run, trigger, status, started_at, owner)
     values (?, 'casa', ?::date, false, 'schedule', 'running', now() - interval '10 minutes', ?::jsonb)`,
    [run.id, DAY, owner],
  );
}
