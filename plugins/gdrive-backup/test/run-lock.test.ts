import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TestCentinela } from '../../../core/test/support/centinela';
import {
  createFolders,
  DAY,
  execute,
  insertForeignRun,
  installBackup,
  postRun,
  startBackupCentinela,
  SUPER,
  waitForRun,
  writeSegment,
  type BackupFolders,
} from './support/backup-site';

let folders: BackupFolders;
let centinela: TestCentinela;
let baseUrl: string;

beforeAll(async () => {
  folders = await createFolders();
  // One MiB at 1 KiB/s keeps a run busy for as long as a test needs it.
  await writeSegment(folders.mediaDir, DAY, '08', 'front', '00.00', 1 << 20);
  centinela = await startBackupCentinela({ folders });
  baseUrl = await centinela.listen();
});

afterAll(async () => {
  await centinela?.destroy();
  await folders?.cleanup();
});

/** Starts a run that uploads at 1 KiB/s, so that it stays `running`. */
async function startSlowRun(): Promise<string> {
  await installBackup(centinela, folders, { bandwidth_limit: '1K', path: `slow-${randomUUID()}` });
  const run = await postRun(centinela);
  expect(run.status).toBe('running');
  return run.id;
}

/** Reconfiguring the plugin stops the site's jobs, which aborts the run in progress. */
async function abortByReconfigure(): Promise<void> {
  await installBackup(centinela, folders);
}

interface WsMessage {
  type: string;
  topic?: string;
  data?: {
    kind: string;
    run_id?: string;
    run?: { id: string; status: string };
    [key: string]: unknown;
  };
}

function openSocket(role: string): Promise<{ socket: WebSocket; messages: WsMessage[] }> {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/ws`, {
    headers: { 'x-test-role': role },
  });
  const messages: WsMessage[] = [];
  socket.on('message', (raw) => messages.push(JSON.parse(raw.toString()) as WsMessage));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, messages }));
    socket.once('error', reject);
  });
}

async function waitFor<T>(find: () => T | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}.`);
}

describe('one backup run per site', () => {
  it('rejects a second concurrent run', async () => {
    const first = await startSlowRun();

    const second = await centinela.app.inject({
      method: 'POST',
      url: '/api/backups/runs',
      headers: SUPER,
      payload: { day: DAY },
    });

    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'CEN_ERR_BACKUP_RUN_IN_PROGRESS', run_id: first });
    await abortByReconfigure();
    const aborted = await waitForRun(centinela, first);
    expect(aborted.status).toBe('failed');
    expect(aborted.errors.map((error) => error.code)).toContain('CEN_ERR_BACKUP_ABORTED');
    const locks = await execute(centinela, 'select run_id from backup_locks');
    expect(locks).toEqual([]);
  });

  it('sends run progress to WebSocket subscribers', async () => {
    const { socket, messages } = await openSocket('Admin');
    socket.send(JSON.stringify({ type: 'subscribe', topics: ['backups:casa'] }));
    await waitFor(() => messages.find((message) => message.type === 'subscribed'), 'subscribed');

    const runId = await startSlowRun();
    const progress = await waitFor(
      () => messages.find((message) => message.data?.kind === 'progress'),
      'a progress message',
    );
    await abortByReconfigure();
    const finished = await waitFor(
      () => messages.find((message) => message.data?.kind === 'finished'),
      'a finished message',
    );
    socket.close();

    const started = messages.find((message) => message.data?.kind === 'started');
    expect(started?.topic).toBe('backups:casa');
    expect(started?.data?.run?.id).toBe(runId);
    expect(progress.topic).toBe('backups:casa');
    expect(progress.data).toMatchObject({
      run_id: runId,
      job: 'recordings',
      phase: 'copy',
      total_bytes: 1 << 20,
    });
    expect(progress.data?.bytes).toEqual(expect.any(Number));
    expect(finished.data?.run).toMatchObject({ id: runId, status: 'failed' });
  });

  it('refuses a ReadOnly subscriber on the backups topic', async () => {
    const { socket, messages } = await openSocket('ReadOnly');
    socket.send(JSON.stringify({ type: 'subscribe', topics: ['backups:casa'] }));
    const error = await waitFor(
      () => messages.find((message) => message.type === 'error'),
      'error',
    );
    socket.close();
    expect(error).toMatchObject({ code: 'CEN_ERR_WS_TOPIC_FORBIDDEN' });
  });

  it('takes over a stale lock and fails its run', async () => {
    await installBackup(centinela, folders);
    const staleId = randomUUID();
    await insertForeignRun(centinela, {
      id: staleId,
      host: 'other-host',
      pid: 4242,
      heartbeatAgeSeconds: 300,
    });

    const run = await postRun(centinela);
    const stale = await waitForRun(centinela, staleId);

    expect(stale.status).toBe('failed');
    expect(stale.errors[0]!.code).toBe('CEN_ERR_BACKUP_INTERRUPTED');
    expect(stale.errors[0]!.message).toContain('heartbeat');
    expect(stale.finished_at).not.toBeNull();
    expect((await waitForRun(centinela, run.id)).status).toBe('ok');
  });

  it('waits for a live lock held by another host', async () => {
    await installBackup(centinela, folders);
    const liveId = randomUUID();
    await insertForeignRun(centinela, {
      id: liveId,
      host: 'other-host',
      pid: 4242,
      heartbeatAgeSeconds: 5,
    });

    const response = await centinela.app.inject({
      method: 'POST',
      url: '/api/backups/runs',
      headers: SUPER,
      payload: { day: DAY },
    });

    expect(response.statusCode).toBe(409);
    expect(response.json().run_id).toBe(liveId);
    const rows = await execute<{ status: string }>(
      centinela,
      'select status from backup_runs where id = ?',
      [liveId],
    );
    expect(rows).toEqual([{ status: 'running' }]);
    await execute(centinela, 'delete from backup_locks where run_id = ?', [liveId]);
    await execute(centinela, 'delete from backup_runs where id = ?', [liveId]);
  });
});
