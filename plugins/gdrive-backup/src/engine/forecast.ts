import { join, resolve } from 'node:path';
import { assertDay } from './day';
import { BackupOptionError } from './errors';
import {
  estimateSegmentDurations,
  groupByCamera,
  listDaySegments,
  medianSegmentInterval,
} from './recordings';

/** Google Drive's upload limit per user per day, about 750 GiB (not documented by Google). */
export const DRIVE_DAILY_UPLOAD_LIMIT_GB = 750;

/** Frigate's default recording segment length, used when a camera has a single segment. */
const DEFAULT_SEGMENT_MS = 10_000;

/**
 * Storage one camera writes per day: Mbps / 8 × 86,400 / 1,024, so 4 Mbps ≈ 42 GB a day.
 * An estimate for continuous recording at a constant bitrate.
 */
export function gbPerDay(mbps: number): number {
  return ((mbps / 8) * 86_400) / 1_024;
}

export interface CameraBitrate {
  camera: string;
  /** Average stream bitrate in megabits per second. */
  mbps: number;
}

export interface StorageForecast {
  retentionDays: number;
  cameras: { camera: string; mbps: number; gbPerDay: number; totalGb: number }[];
  /** Upload per night for all cameras. */
  gbPerDay: number;
  /** Remote size once the retention window is full. */
  totalGb: number;
  /** Whether one night's upload is above the Drive daily upload limit. */
  exceedsDailyUploadLimit: boolean;
}

/** Estimates the remote size from camera bitrates and the retention window. */
export function forecastStorage(cameras: CameraBitrate[], retentionDays: number): StorageForecast {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new BackupOptionError(
      'retentionDays',
      `Retention days must be a whole number of at least 1, got ${retentionDays}.`,
    );
  }
  const perCamera = cameras.map(({ camera, mbps }) => {
    if (!Number.isFinite(mbps) || mbps < 0) {
      throw new BackupOptionError(
        'mbps',
        `The bitrate of camera "${camera}" must be a positive number of Mbps, got ${mbps}.`,
      );
    }
    const daily = gbPerDay(mbps);
    return { camera, mbps, gbPerDay: daily, totalGb: daily * retentionDays };
  });
  const daily = perCamera.reduce((sum, camera) => sum + camera.gbPerDay, 0);
  return {
    retentionDays,
    cameras: perCamera,
    gbPerDay: daily,
    totalGb: daily * retentionDays,
    exceedsDailyUploadLimit: daily > DRIVE_DAILY_UPLOAD_LIMIT_GB,
  };
}

export interface MeasuredBitrate {
  camera: string;
  day: string;
  bytes: number;
  /** Recorded time, estimated from the segment names. */
  seconds: number;
  segments: number;
  mbps: number;
  gbPerDay: number;
}

/**
 * Measures each camera's real bitrate from its recording segments of one UTC day
 * (`recordings/<day>/<HH>/<camera>/`): bytes / recorded seconds. Each segment is counted
 * as long as the gap to the next one, capped at the camera's median gap, so pauses in
 * recording do not lower the result.
 */
export async function measureBitrates(
  mediaDir: string,
  day: string,
  cameras?: string[],
): Promise<MeasuredBitrate[]> {
  assertDay(day);
  const segments = await listDaySegments(join(resolve(mediaDir), 'recordings'), day);
  const results: MeasuredBitrate[] = [];
  for (const [camera, cameraSegments] of groupByCamera(segments)) {
    if (cameras && !cameras.includes(camera)) continue;
    // Files not named MM.SS.mp4 have no known start, so they count neither bytes nor time.
    const timed = cameraSegments.filter((segment) => segment.start !== null);
    const typical = medianSegmentInterval(timed) ?? DEFAULT_SEGMENT_MS;
    const durations = estimateSegmentDurations(timed, typical, typical);
    const milliseconds = [...durations.values()].reduce((sum, duration) => sum + duration, 0);
    const bytes = timed.reduce((sum, segment) => sum + segment.size, 0);
    const seconds = milliseconds / 1000;
    const mbps = seconds > 0 ? (bytes * 8) / seconds / 1_000_000 : 0;
    results.push({
      camera,
      day,
      bytes,
      seconds,
      segments: timed.length,
      mbps,
      gbPerDay: gbPerDay(mbps),
    });
  }
  return results.sort((a, b) => a.camera.localeCompare(b.camera));
}

/** Measures one camera's bitrate on one UTC day; null when it has no segments that day. */
export async function measureCameraBitrate(
  mediaDir: string,
  day: string,
  camera: string,
): Promise<MeasuredBitrate | null> {
  const [result] = await measureBitrates(mediaDir, day, [camera]);
  return result ?? null;
}
