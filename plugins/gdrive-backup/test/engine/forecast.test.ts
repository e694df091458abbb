import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BackupOptionError,
  forecastStorage,
  gbPerDay,
  measureBitrates,
  measureCameraBitrate,
} from '../../src/engine';
import { createSandbox, writeSegment, type Sandbox } from './fixtures';

describe('forecastStorage', () => {
  it('gives about 42 GB a day for 4 Mbps', () => {
    expect(gbPerDay(4)).toBeCloseTo(42.1875, 4);
    expect(gbPerDay(0)).toBe(0);
  });

  it('adds cameras over the retention window', () => {
    const forecast = forecastStorage(
      [
        { camera: 'front', mbps: 4 },
        { camera: 'back', mbps: 2 },
      ],
      30,
    );

    expect(forecast.cameras.map((camera) => camera.gbPerDay)).toEqual([42.1875, 21.09375]);
    expect(forecast.gbPerDay).toBeCloseTo(63.28125, 5);
    expect(forecast.totalGb).toBeCloseTo(1898.4375, 4);
    expect(forecast.exceedsDailyUploadLimit).toBe(false);
  });

  it('flags a night above the Drive upload limit', () => {
    const forecast = forecastStorage([{ camera: 'farm', mbps: 150 }], 7);

    expect(forecast.gbPerDay).toBeCloseTo(1582.03, 2);
    expect(forecast.exceedsDailyUploadLimit).toBe(true);
  });

  it('rejects a negative bitrate', () => {
    expect(() => forecastStorage([{ camera: 'front', mbps: -1 }], 7)).toThrow(BackupOptionError);
  });
});

describe('measureBitrates', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await createSandbox();
  });

  afterEach(async () => {
    await sandbox.cleanup();
  });

  it('divides bytes by recorded seconds', async () => {
    // 125,000 bytes per 10 s segment is 0.1 Mbps; the gap before 30.00 is a pause in recording.
    for (const mmss of ['00.00', '00.10', '00.20', '00.30', '30.00', '30.10']) {
      await writeSegment(sandbox.mediaDir, '2024-06-15', '08', 'front', mmss, 125_000);
    }
    await writeSegment(sandbox.mediaDir, '2024-06-15', '08', 'back', '00.00', 250_000);

    const results = await measureBitrates(sandbox.mediaDir, '2024-06-15');

    const front = results.find((result) => result.camera === 'front')!;
    expect(front.segments).toBe(6);
    expect(front.bytes).toBe(750_000);
    expect(front.seconds).toBe(60);
    expect(front.mbps).toBeCloseTo(0.1, 6);
    expect(front.gbPerDay).toBeCloseTo(gbPerDay(0.1), 6);
    const back = await measureCameraBitrate(sandbox.mediaDir, '2024-06-15', 'back');
    expect(back?.mbps).toBeCloseTo(0.2, 6);
  });

  it('returns null for a camera without segments', async () => {
    await expect(measureCameraBitrate(sandbox.mediaDir, '2024-06-15', 'front')).resolves.toBeNull();
  });
});
