import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestCentinela } from '../../../core/test/support/centinela';
import {
  ADMIN,
  createFolders,
  DAY,
  execute,
  installBackup,
  listFiles,
  postRun,
  READ_ONLY,
  startBackupCentinela,
  SUPER,
  waitForRun,
  writeBytes,
  writeSegment,
  type BackupFolders,
} from './support/backup-site';
import { createAuditPlugin } from './support/plugins';

const CONFIG_PASS = 'pass-7c1e9a55d0';
let folders: BackupFolders;
let centinela: TestCentinela;
const audit = createAuditPlugin();

function vaultDir(): string {
  return join(folders.root, 'vault');
}

beforeAll(async () => {
  folders = await createFolders();
  await writeSegment(folders.mediaDir, DAY, '13', 'front', '00.00');
  await writeSegment(folders.mediaDir, DAY, '13', 'front', '00.10');
  await writeSegment(folders.mediaDir, DAY, '13', 'back', '00.00');
  const clipTime = Date.parse(`${DAY}T13:00:05Z`) / 1000;
  await writeBytes(join(folders.mediaDir, 'clips', `front-${clipTime}.123456-abc123.jpg`), 'jpeg');
  await writeBytes(join(vaultDir(), 'exports', DAY, 'export_1.mp4'), 'evidence');
  centinela = await startBackupCentinela({ folders, extraPlugins: [audit.plugin] });
});

afterAll(async () => {
  await centinela?.destroy();
  await folders?.cleanup();
});

beforeEach(async () => {
  await installBackup(centinela, folders, {
    vault_dir: vaultDir(),
    rclone_config_pass: CONFIG_PASS,
  });
});

describe('backup runs API', () => {
  it('backs up a day to the local remote', async () => {
    const started = await postRun(centinela);
    expect(started.status).toBe('running');
    expect(started.trigger).toBe('manual');
    expect(started.actor_id).toBe('user-SuperAdmin');

    const run = await waitForRun(centinela, started.id);

    expect(run.status).toBe('ok');
    expect(run.errors).toEqual([]);
    expect(run.files).toBe(5);
    expect(run.checks).toBe(5);
    expect(run.bytes).toBeGreaterThan(3 * 2048);
    expect(run.retention).toMatchObject({ removed: [], errors: [] });
    expect(await listFiles(join(folders.remoteDir, 'centinela', 'recordings', DAY))).toEqual([
      '13/back/00.00.mp4',
      '13/front/00.00.mp4',
      '13/front/00.10.mp4',
    ]);
    expect(await listFiles(join(folders.remoteDir, 'centinela', 'evidence'))).toEqual([
      `exports/${DAY}/export_1.mp4`,
    ]);
  });

  it('removes remote days past the retention window', async () => {
    const old = join(folders.remoteDir, 'centinela', 'recordings', '2020-01-01', '00', 'front');
    await writeBytes(join(old, '00.00.mp4'), 'old segment');
    await writeBytes(join(folders.remoteDir, 'centinela', 'recordings', 'notes', 'keep.txt'), 'x');

    const run = await waitForRun(centinela, (await postRun(centinela)).id);

    expect(run.status).toBe('ok');
    expect(run.retention).toMatchObject({
      removed: [{ kind: 'recordings', day: '2020-01-01' }],
      ignored: ['recordings/notes'],
    });
    expect(await listFiles(join(folders.remoteDir, 'centinela', 'recordings'))).toEqual([
      `${DAY}/13/back/00.00.mp4`,
      `${DAY}/13/front/00.00.mp4`,
      `${DAY}/13/front/00.10.mp4`,
      'notes/keep.txt',
    ]);
    expect(await listFiles(join(folders.mediaDir, 'recordings'))).toHaveLength(3);
  });

  it('rejects a day outside retention', async () => {
    const response = await centinela.app.inject({
      method: 'POST',
      url: '/api/backups/runs',
      headers: SUPER,
      payload: { day: '2020-01-01' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'CEN_ERR_BACKUP_OPTION_INVALID',
      field: 'body/day',
    });
    expect(response.json().detail).toContain('retention_days');
  });

  it('copies detection segments with events_only', async () => {
    // The columns of the frigate-events plugin's tables that the events_only query reads.
    await execute(
      centinela,
      'create table frigate_cameras (id uuid primary key, site_id varchar(40), name varchar(64))',
    );
    await execute(
      centinela,
      'create table frigate_events (id uuid primary key, site_id varchar(40), camera_id uuid, start_time timestamptz, end_time timestamptz)',
    );
    const cameraId = '11111111-1111-4111-8111-111111111111';
    await execute(centinela, "insert into frigate_cameras values (?, 'casa', 'front')", [cameraId]);
    await execute(centinela, "insert into frigate_events values (?, 'casa', ?, ?, ?)", [
      '22222222-2222-4222-8222-222222222222',
      cameraId,
      new Date(`${DAY}T13:00:03Z`),
      new Date(`${DAY}T13:00:06Z`),
    ]);
    await installBackup(centinela, folders, { path: 'events-only', events_only: true });

    const run = await waitForRun(centinela, (await postRun(centinela)).id);

    expect(run.status).toBe('ok');
    expect(await listFiles(join(folders.remoteDir, 'events-only', 'recordings'))).toEqual([
      `${DAY}/13/front/00.00.mp4`,
    ]);
  });

  it('changes nothing on the remote in a dry run', async () => {
    const remote = join(folders.remoteDir, 'dry');
    await installBackup(centinela, folders, { vault_dir: vaultDir(), path: 'dry' });

    const run = await waitForRun(
      centinela,
      (await postRun(centinela, { day: DAY, dry_run: true })).id,
    );

    expect(run.status).toBe('ok');
    expect(run.dry_run).toBe(true);
    expect(run.files).toBe(5);
    expect(run.checks).toBe(0);
    expect(run.retention).toBeNull();
    expect(await listFiles(remote)).toEqual([]);
  });

  it('lets Admin read runs but not start one', async () => {
    const list = await centinela.app.inject({
      method: 'GET',
      url: '/api/backups/runs',
      headers: ADMIN,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(0);

    const post = await centinela.app.inject({
      method: 'POST',
      url: '/api/backups/runs',
      headers: ADMIN,
      payload: { day: DAY },
    });
    expect(post.statusCode).toBe(403);
    expect(post.json().code).toBe('CEN_ERR_RBAC_FORBIDDEN');
  });

  it('rejects ReadOnly reads and starts', async () => {
    const list = await centinela.app.inject({
      method: 'GET',
      url: '/api/backups/runs',
      headers: READ_ONLY,
    });
    expect(list.statusCode).toBe(403);
    const forecast = await centinela.app.inject({
      method: 'GET',
      url: '/api/backups/forecast',
      headers: READ_ONLY,
    });
    expect(forecast.statusCode).toBe(403);
    const post = await centinela.app.inject({
      method: 'POST',
      url: '/api/backups/runs',
      headers: READ_ONLY,
      payload: {},
    });
    expect(post.statusCode).toBe(403);
  });

  it('fails a run on an unknown remote, naming it', async () => {
    await installBackup(centinela, folders, { remote: 'nosuch-remote' });

    const response = await centinela.app.inject({
      method: 'POST',
      url: '/api/backups/runs',
      headers: SUPER,
      payload: { day: DAY },
    });

    expect(response.statusCode).toBe(202);
    const run = response.json();
    expect(run.status).toBe('failed');
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0].code).toBe('CEN_ERR_BACKUP_REMOTE_UNKNOWN');
    expect(run.errors[0].message).toContain('"nosuch-remote"');
    expect(run.log_excerpt).toContain('CEN_ERR_BACKUP_REMOTE_UNKNOWN');
  });

  it('fails a run when the rclone binary is missing', async () => {
    await installBackup(centinela, folders, { rclone_binary: '/nonexistent/bin/rclone' });

    const run = await postRun(centinela);

    expect(run.status).toBe('failed');
    expect(run.errors[0]!.code).toBe('CEN_ERR_BACKUP_RCLONE_NOT_FOUND');
    expect(run.errors[0]!.message).toContain('/nonexistent/bin/rclone');
  });

  it('fails a plain remote when crypt is set', async () => {
    await installBackup(centinela, folders, { crypt: true, path: 'crypt-required' });

    const run = await postRun(centinela);

    expect(run.status).toBe('failed');
    expect(run.errors[0]).toMatchObject({ code: 'CEN_ERR_BACKUP_OPTION_INVALID' });
    expect(run.errors[0]!.message).toContain('crypt');
    expect(await listFiles(join(folders.remoteDir, 'crypt-required'))).toEqual([]);
  });

  it('publishes backup.finished on the bus', async () => {
    const finished = firstValueFrom(centinela.bus.on('backup.finished'));

    const started = await postRun(centinela, { day: DAY, dry_run: true });
    const message = await finished;

    expect(message).toMatchObject({
      siteId: 'casa',
      runId: started.id,
      status: 'ok',
      day: DAY,
      dryRun: true,
      errors: 0,
    });
    expect(Date.parse(message.finishedAt)).not.toBeNaN();
  });

  it('records start and finish in the audit log', async () => {
    const started = await postRun(centinela, { day: DAY, dry_run: true });
    await waitForRun(centinela, started.id);

    const entries = audit.entries.filter((entry) => entry.resource === `backup_run/${started.id}`);
    expect(entries.map((entry) => entry.action)).toEqual(['backup.run.start', 'backup.run.finish']);
    expect(entries[0]!.actor.id).toBe('user-SuperAdmin');
    expect(entries[1]!.details).toMatchObject({ status: 'ok', dry_run: true, day: DAY });
  });

  it('never returns the rclone config password', async () => {
    const plugins = await centinela.app.inject({
      method: 'GET',
      url: '/api/sites/casa/plugins',
      headers: SUPER,
    });
    expect(plugins.body).not.toContain(CONFIG_PASS);

    const started = await postRun(centinela, { day: DAY, dry_run: true });
    await waitForRun(centinela, started.id);
    const list = await centinela.app.inject({
      method: 'GET',
      url: '/api/backups/runs',
      headers: ADMIN,
    });
    expect(list.body).not.toContain(CONFIG_PASS);
    expect(JSON.stringify(audit.entries)).not.toContain(CONFIG_PASS);
  });

  it('pages through runs newest first', async () => {
    const first = await centinela.app.inject({
      method: 'GET',
      url: '/api/backups/runs?limit=2',
      headers: ADMIN,
    });
    const page = first.json();
    expect(page.items).toHaveLength(2);
    expect(page.next_cursor).toEqual(expect.any(String));

    const second = await centinela.app.inject({
      method: 'GET',
      url: `/api/backups/runs?limit=2&cursor=${page.next_cursor}`,
      headers: ADMIN,
    });
    const next = second.json();
    const times = [...page.items, ...next.items].map(
      (run: { started_at: string }) => run.started_at,
    );
    expect(times).toEqual([...times].sort().reverse());
    const ids = new Set([...page.items, ...next.items].map((run: { id: string }) => run.id));
    expect(ids.size).toBe(page.items.length + next.items.length);
  });

  it('rejects a malformed cursor', async () => {
    const response = await centinela.app.inject({
      method: 'GET',
      url: '/api/backups/runs?cursor=not-a-cursor',
      headers: ADMIN,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'CEN_ERR_BACKUP_CURSOR_INVALID',
      field: 'querystring/cursor',
    });
  });

  it('rejects a day that has not happened yet', async () => {
    const response = await centinela.app.inject({
      method: 'POST',
      url: '/api/backups/runs',
      headers: SUPER,
      payload: { day: '2999-01-01' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'CEN_ERR_BACKUP_OPTION_INVALID',
      field: 'body/day',
    });
  });

  it('rejects a schedule that is not cron', async () => {
    const response = await centinela.app.inject({
      method: 'PUT',
      url: '/api/sites/casa/plugins/gdrive-backup',
      headers: SUPER,
      payload: { config: { schedule: 'every night' } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().field).toBe('config.schedule');
  });

  it('rejects a cron field out of range', async () => {
    const response = await centinela.app.inject({
      method: 'PUT',
      url: '/api/sites/casa/plugins/gdrive-backup',
      headers: SUPER,
      payload: { config: { schedule: '99 2 * * *' } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().field).toBe('config.schedule');
    expect(response.json().detail).toContain('minute');
  });

  it('answers 404 for an unknown run id', async () => {
    const response = await centinela.app.inject({
      method: 'GET',
      url: '/api/backups/runs/00000000-0000-4000-8000-000000000000',
      headers: ADMIN,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('CEN_ERR_BACKUP_RUN_NOT_FOUND');
  });
});
