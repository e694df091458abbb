import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { placeFile, type DiskLayout } from '../disk-layout';
import { formatPythonFloat, randomSuffix, toMicroseconds } from '../ids';

/** A row of Frigate's `recordings` table as `GET /api/<camera>/recordings` returns it. */
export interface RecordingSegment {
  id: string;
  camera: string;
  path: string;
  start_time: number;
  end_time: number;
  segment_size: number;
  motion: number;
  objects: number;
  duration: number;
}

/** Recording segments written during this run, in time order per camera. */
export class RecordingIndex {
  private readonly segments: RecordingSegment[] = [];

  constructor(private readonly layout: DiskLayout) {}

  /** Put a prepared segment into the UTC day/hour folders under its wall-clock start. */
  async write(
    camera: string,
    source: string,
    startTime: number,
    endTime: number,
    bytes: number,
    objects: number,
  ): Promise<RecordingSegment> {
    const path = this.layout.recordingPath(camera, startTime);
    await placeFile(source, path);
    const segment: RecordingSegment = {
      id: `${formatPythonFloat(toMicroseconds(startTime))}-${randomSuffix()}`,
      camera,
      path,
      start_time: toMicroseconds(startTime),
      end_time: toMicroseconds(endTime),
      segment_size: Math.round((bytes / 1_000_000) * 100) / 100,
      motion: objects > 0 ? 1 : 0,
      objects,
      duration: Math.round((endTime - startTime) * 1000) / 1000,
    };
    this.segments.push(segment);
    return segment;
  }

  /** Segments overlapping `[after, before]`, ordered by start. */
  between(camera: string, after: number, before: number): RecordingSegment[] {
    return this.segments.filter(
      (segment) =>
        segment.camera === camera && segment.end_time >= after && segment.start_time <= before,
    );
  }

  /** Time up to which a camera has segments on disk; undefined before the first one. */
  recordedUntil(camera: string): number | undefined {
    let latest: number | undefined;
    for (const segment of this.segments) {
      if (segment.camera === camera) latest = Math.max(latest ?? 0, segment.end_time);
    }
    return latest;
  }

  /**
   * Delete hour folders that ended before `cutoff` (epoch seconds), including ones left by
   * earlier runs, and forget their segments.
   */
  async deleteBefore(cutoff: number): Promise<number> {
    let removed = 0;
    let days: string[];
    try {
      days = await readdir(this.layout.recordingsDir);
    } catch {
      return 0;
    }
    for (const day of days) {
      const hours = await readdir(join(this.layout.recordingsDir, day)).catch(() => [] as string[]);
      for (const hour of hours) {
        const hourEnd = Date.parse(`${day}T${hour}:00:00Z`) / 1000 + 3600;
        if (!Number.isFinite(hourEnd) || hourEnd > cutoff) continue;
        await rm(join(this.layout.recordingsDir, day, hour), { recursive: true, force: true });
        removed += 1;
      }
      if (
        (await readdir(join(this.layout.recordingsDir, day)).catch(() => ['keep'])).length === 0
      ) {
        await rm(join(this.layout.recordingsDir, day), { recursive: true, force: true });
      }
    }
    for (let index = this.segments.length - 1; index >= 0; index -= 1) {
      if (this.segments[index]!.end_time < cutoff) this.segments.splice(index, 1);
    }
    return removed;
  }
}
