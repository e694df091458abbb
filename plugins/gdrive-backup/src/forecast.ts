import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DRIVE_DAILY_UPLOAD_LIMIT_GB,
  forecastStorage,
  measureBitrates,
  type MeasuredBitrate,
} from './engine';
import { isDay, utcDayOf } from './engine/day';
import { BackupErrors } from './errors';
import type { BackupSettings } from './settings';

/** The storage forecast as `GET /api/backups/forecast` returns it. */
export interface ForecastJson {
  /** UTC day whose recordings were measured, or null when there are none. */
  day: string | null;
  cameras: Array<{ camera: string; mbps: number; gb_per_day: number }>;
  retention_days: number;
  gb_per_day: number;
  total_gb: number;
  exceeds_daily_upload_limit: boolean;
  daily_upload_limit_gb: number;
}

/**
 * Measures each camera's bitrate from one UTC day of recordings (by default the newest day
 * folder before today, which is complete, or today's when it is the only one) and forecasts
 * the remote size for the site's retention window.
 */
export async function forecastForSite(
  settings: BackupSettings,
  requestedDay: string | undefined,
  now: Date = new Date(),
): Promise<ForecastJson> {
  const mediaDir = settings.mediaDir;
  if (mediaDir === null) {
    throw BackupErrors.mediaDirMissing("Frigate's media folder is not set.", {
      field: 'config.media_dir',
      fix: 'Set FRIGATE_MEDIA_DIR, or the plugin setting media_dir, to the folder that holds recordings/.',
    });
  }
  if (!(await stat(mediaDir).catch(() => null))?.isDirectory()) {
    throw BackupErrors.mediaDirMissing(`Frigate's media folder ${mediaDir} does not exist.`, {
      field: 'config.media_dir',
      fix: 'Mount the media folder, or correct FRIGATE_MEDIA_DIR or the plugin setting media_dir.',
    });
  }

  const day = requestedDay ?? (await newestRecordingDay(join(mediaDir, 'recordings'), now));
  const measured: MeasuredBitrate[] = day === null ? [] : await measureBitrates(mediaDir, day);
  const forecast = forecastStorage(
    measured.map(({ camera, mbps }) => ({ camera, mbps })),
    settings.retentionDays,
  );
  return {
    day,
    cameras: forecast.cameras.map((camera) => ({
      camera: camera.camera,
      mbps: camera.mbps,
      gb_per_day: camera.gbPerDay,
    })),
    retention_days: forecast.retentionDays,
    gb_per_day: forecast.gbPerDay,
    total_gb: forecast.totalGb,
    exceeds_daily_upload_limit: forecast.exceedsDailyUploadLimit,
    daily_upload_limit_gb: DRIVE_DAILY_UPLOAD_LIMIT_GB,
  };
}

async function newestRecordingDay(recordingsDir: string, now: Date): Promise<string | null> {
  const names = await readdir(recordingsDir).catch(() => [] as string[]);
  const today = utcDayOf(now.getTime());
  const days = names.filter((name) => isDay(name) && name <= today).sort();
  const complete = days.filter((name) => name < today);
  return complete.at(-1) ?? days.at(-1) ?? null;
}
