import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { utcMidnight } from './day';

/**
 * One Frigate recording segment. Frigate writes them as
 * `recordings/<YYYY-MM-DD>/<HH>/<camera>/<MM>.<SS>.mp4`, with date and hour in UTC.
 */
export interface RecordingSegment {
  /** Path relative to the recordings folder, `/` separated. */
  path: string;
  camera: string;
  /** Start of the hour folder, epoch ms. */
  hourStart: number;
  /** Start taken from the folder and file name, epoch ms; null when the name is not MM.SS.mp4. */
  start: number | null;
  /** Size in bytes. */
  size: number;
}

const HOUR_DIR = /^\d{2}$/;
const SEGMENT_NAME = /^(\d{2})\.(\d{2})\.mp4$/;
const HOUR_MS = 3_600_000;

/** Lists the hour folders of one UTC day folder as `{hour, start}`; none when the day is missing. */
export async function listHourFolders(
  recordingsDir: string,
  utcDay: string,
): Promise<{ hour: string; start: number }[]> {
  const names = await readDirNames(join(recordingsDir, utcDay));
  return names
    .filter((name) => HOUR_DIR.test(name) && Number(name) < 24)
    .sort()
    .map((hour) => ({ hour, start: utcMidnight(utcDay) + Number(hour) * HOUR_MS }));
}

/** Lists every segment of one UTC day folder, optionally only the given hour folders. */
export async function listDaySegments(
  recordingsDir: string,
  utcDay: string,
  hours?: ReadonlySet<string>,
): Promise<RecordingSegment[]> {
  const segments: RecordingSegment[] = [];
  for (const { hour, start: hourStart } of await listHourFolders(recordingsDir, utcDay)) {
    if (hours && !hours.has(hour)) continue;
    const hourDir = join(recordingsDir, utcDay, hour);
    for (const camera of await readDirNames(hourDir)) {
      for (const name of await readDirNames(join(hourDir, camera))) {
        const info = await stat(join(hourDir, camera, name));
        if (!info.isFile()) continue;
        const match = SEGMENT_NAME.exec(name);
        const start = match ? hourStart + (Number(match[1]) * 60 + Number(match[2])) * 1000 : null;
        segments.push({
          path: `${utcDay}/${hour}/${camera}/${name}`,
          camera,
          hourStart,
          start,
          size: info.size,
        });
      }
    }
  }
  return segments;
}

/**
 * Estimates how long each segment lasts, in ms, in the order given. File names carry only
 * the start, so a segment lasts until the next one of the same camera starts, but at most
 * `maxMs` (recording gaps), and the last one of a camera lasts `lastMs`.
 */
export function estimateSegmentDurations(
  segments: readonly RecordingSegment[],
  maxMs: number,
  lastMs: number,
): Map<RecordingSegment, number> {
  const durations = new Map<RecordingSegment, number>();
  for (const cameraSegments of groupByCamera(segments).values()) {
    const timed = cameraSegments.filter((segment) => segment.start !== null);
    timed.sort((a, b) => a.start! - b.start!);
    timed.forEach((segment, index) => {
      const next = timed[index + 1];
      durations.set(segment, next ? Math.min(next.start! - segment.start!, maxMs) : lastMs);
    });
  }
  return durations;
}

/** Median gap between consecutive segment starts of one camera, in ms; null with fewer than two. */
export function medianSegmentInterval(segments: readonly RecordingSegment[]): number | null {
  const starts = segments
    .map((segment) => segment.start)
    .filter((start): start is number => start !== null);
  starts.sort((a, b) => a - b);
  const gaps = starts
    .slice(1)
    .map((start, index) => start - starts[index]!)
    .filter((gap) => gap > 0);
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

export function groupByCamera(
  segments: readonly RecordingSegment[],
): Map<string, RecordingSegment[]> {
  const groups = new Map<string, RecordingSegment[]>();
  for (const segment of segments) {
    const group = groups.get(segment.camera) ?? [];
    group.push(segment);
    groups.set(segment.camera, group);
  }
  return groups;
}

/** Directory entry names without hidden ones; an empty list when `path` is missing or a file. */
export async function readDirNames(path: string): Promise<string[]> {
  try {
    return (await readdir(path)).filter((name) => !name.startsWith('.')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}
