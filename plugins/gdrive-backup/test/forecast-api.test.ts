import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCentinela } from '../../../core/test/support/centinela';
import { gbPerDay } from '../src/engine';
import {
  ADMIN,
  createFolders,
  installBackup,
  startBackupCentinela,
  writeSegment,
  type BackupFolders,
} from './support/backup-site';

let folders: BackupFolders;
let centinela: TestCentinela;
const TODAY = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  folders = await createFolders();
  // 125,000 bytes every 10 s is 0.1 Mbps; 250,000 bytes every 10 s is 0.2 Mbps.
  for (const mmss of ['00.00', '00.10', '00.20', '00.30', '00.40', '00.50']) {
    await writeSegment(folders.mediaDir, '2024-06-15', '08', 'front', mmss, 125_000);
  }
  for (const mmss of ['00.00', '00.10', '00.20']) {
    await writeSegment(folders.mediaDir, '2024-06-15', '08', 'back', mmss, 250_000);
  }
  // Today's folder is still being written, so the forecast measures the day before.
  await writeSegment(folders.mediaDir, TODAY, '00', 'garage', '00.00', 999_999);
  centinela = await startBackupCentinela({ folders });
  await installBackup(centinela, folders, { retention_days: 7 });
});

afterAll(async () => {
  await centinela?.destroy();
  await folders?.cleanup();
});

async function getForecast(
  query = '',
): Promise<{ statusCode: number; body: Record<string, unknown> }> {
  const response = await centinela.app.inject({
    method: 'GET',
    url: `/api/backups/forecast${query}`,
    headers: ADMIN,
  });
  return { statusCode: response.statusCode, body: response.json() };
}

describe('GET /api/backups/forecast', () => {
  it('forecasts from the newest complete day of recordings', async () => {
    const { statusCode, body } = await getForecast();

    expect(statusCode).toBe(200);
    expect(body.day).toBe('2024-06-15');
    expect(body.retention_days).toBe(7);
    const cameras = body.cameras as Array<{ camera: string; mbps: number; gb_per_day: number }>;
    expect(cameras.map((camera) => camera.camera)).toEqual(['back', 'front']);
    expect(cameras[0]!.mbps).toBeCloseTo(0.2, 6);
    expect(cameras[1]!.mbps).toBeCloseTo(0.1, 6);
    expect(cameras[1]!.gb_per_day).toBeCloseTo(gbPerDay(0.1), 6);
    expect(body.gb_per_day).toBeCloseTo(3.1640625, 6);
    expect(body.total_gb).toBeCloseTo(3.1640625 * 7, 6);
    expect(body.exceeds_daily_upload_limit).toBe(false);
    expect(body.daily_upload_limit_gb).toBe(750);
  });

  it('measures a requested day', async () => {
    const { body } = await getForecast(`?day=${TODAY}`);

    expect(body.day).toBe(TODAY);
    expect((body.cameras as Array<{ camera: string }>).map((camera) => camera.camera)).toEqual([
      'garage',
    ]);
  });

  it('returns zeros for a day without recordings', async () => {
    const { body } = await getForecast('?day=2020-01-01');

    expect(body.cameras).toEqual([]);
    expect(body.gb_per_day).toBe(0);
    expect(body.total_gb).toBe(0);
  });

  it('rejects an impossible day', async () => {
    const { statusCode, body } = await getForecast('?day=2024-02-30');

    expect(statusCode).toBe(400);
    expect(body).toMatchObject({ code: 'CEN_ERR_BACKUP_OPTION_INVALID', field: 'querystring/day' });
  });

  it('reports a missing media folder', async () => {
    await installBackup(centinela, folders, { media_dir: '/nonexistent/frigate-media' });
    const { statusCode, body } = await getForecast();
    await installBackup(centinela, folders, { retention_days: 7 });

    expect(statusCode).toBe(409);
    expect(body).toMatchObject({
      code: 'CEN_ERR_BACKUP_MEDIA_DIR_MISSING',
      field: 'config.media_dir',
    });
    expect(body.detail).toContain('/nonexistent/frigate-media');
  });
});
