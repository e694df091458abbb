import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { FfmpegBinaries } from '../ffmpeg/binaries';
import { probeVideo, runFfmpeg } from '../ffmpeg/run';
import type { SimulatorLogger } from '../logger';
import type { CameraTimeline, MotionAnalysisOptions, TimelineEntry } from '../types';
import { analyzeMotion } from './analysis';
import type { ClipFile } from './clip-files';
import { writeObjectImages, type ObjectImages } from './images';
import { clampEntries, parseSidecar, type Sidecar } from './sidecar';

/** Bump when the prepared files change shape, so old caches are rebuilt. */
const preparedFormat = 3;
export const segmentSeconds = 10;

export interface PreparedSegment {
  path: string;
  /** Seconds from the clip start. */
  start: number;
  end: number;
  bytes: number;
}

export interface PreparedEntry {
  entry: TimelineEntry;
  /** The object's stretch of the clip, cut without re-encoding (an edit list hides the lead-in). */
  clipPath: string;
  images: ObjectImages;
  snapshotTime: number;
}

export interface PreparedCamera {
  timeline: CameraTimeline;
  /** The clip as H.264 MP4 with video only: what the camera "records". */
  sourcePath: string;
  segments: PreparedSegment[];
  entries: PreparedEntry[];
  /** First frame of the clip, for `latest.jpg`. */
  posterPath: string;
}

export interface PrepareContext {
  binaries: FfmpegBinaries;
  cacheDir: string;
  analysis: MotionAnalysisOptions;
  logger: SimulatorLogger;
}

async function readSidecar(path: string): Promise<{ text: string; sidecar: Sidecar } | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid timeline ${path}: not JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  return { text, sidecar: parseSidecar(json, path) };
}

async function normaliseSource(
  context: PrepareContext,
  clip: ClipFile,
  codec: string,
  output: string,
) {
  const copy = [
    '-i',
    clip.path,
    '-map',
    '0:v:0',
    '-an',
    '-c:v',
    'copy',
    '-movflags',
    '+faststart',
    output,
  ];
  if (codec === 'h264') {
    try {
      await runFfmpeg(context.binaries, copy);
      return;
    } catch (error) {
      context.logger.warn(
        { clip: clip.path, err: error },
        'copying the clip failed; re-encoding it',
      );
    }
  }
  await runFfmpeg(context.binaries, [
    '-i',
    clip.path,
    '-map',
    '0:v:0',
    '-an',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '23',
    '-pix_fmt',
    'yuv420p',
    '-g',
    '20',
    '-movflags',
    '+faststart',
    output,
  ]);
}

/** Split the clip into ~10 s segments at keyframes, as Frigate's recorder does. */
async function cutSegments(
  context: PrepareContext,
  source: string,
  folder: string,
): Promise<PreparedSegment[]> {
  const listPath = join(folder, 'segments.csv');
  await runFfmpeg(context.binaries, [
    '-i',
    source,
    '-c',
    'copy',
    '-f',
    'segment',
    '-segment_time',
    String(segmentSeconds),
    '-reset_timestamps',
    '1',
    '-segment_format',
    'mp4',
    '-segment_list',
    listPath,
    '-segment_list_type',
    'csv',
    join(folder, 'segment-%04d.mp4'),
  ]);
  const rows = (await readFile(listPath, 'utf8')).trim().split('\n');
  const segments: PreparedSegment[] = [];
  for (const row of rows) {
    const [file, start, end] = row.split(',');
    const path = join(folder, file!);
    segments.push({ path, start: Number(start), end: Number(end), bytes: (await stat(path)).size });
  }
  return segments;
}

async function prepareEntry(
  context: PrepareContext,
  source: string,
  folder: string,
  index: number,
  entry: TimelineEntry,
  size: { width: number; height: number },
): Promise<PreparedEntry> {
  const clipPath = join(folder, `object-${index}.mp4`);
  await runFfmpeg(context.binaries, [
    '-ss',
    entry.start.toFixed(3),
    '-to',
    entry.end.toFixed(3),
    '-i',
    source,
    '-c',
    'copy',
    '-movflags',
    '+faststart',
    clipPath,
  ]);
  const snapshotTime = entry.snapshot_time ?? (entry.start + entry.end) / 2;
  const images: ObjectImages = {
    snapshot: join(folder, `object-${index}-snapshot.jpg`),
    thumbnailWebp: join(folder, `object-${index}-thumb.webp`),
    thumbnailJpg: join(folder, `object-${index}-thumb.jpg`),
    mqttSnapshot: join(folder, `object-${index}-mqtt.jpg`),
    reviewWebp: join(folder, `object-${index}-review.webp`),
  };
  await writeObjectImages(
    context.binaries,
    source,
    snapshotTime,
    size,
    entry.box,
    entry.label,
    images,
  );
  return { entry, clipPath, images, snapshotTime };
}

async function fingerprint(clip: ClipFile, sidecarText: string, analysis: MotionAnalysisOptions) {
  const info = await stat(clip.path);
  return createHash('sha256')
    .update(
      JSON.stringify([preparedFormat, clip.path, info.size, info.mtimeMs, sidecarText, analysis]),
    )
    .digest('hex')
    .slice(0, 16);
}

async function build(
  context: PrepareContext,
  clip: ClipFile,
  sidecar: Sidecar | undefined,
  folder: string,
) {
  const original = await probeVideo(context.binaries, clip.path);
  const sourcePath = join(folder, 'source.mp4');
  await normaliseSource(context, clip, original.videoCodec, sourcePath);
  const probe = await probeVideo(context.binaries, sourcePath);
  const size = { width: probe.width, height: probe.height };
  const fromSidecar = sidecar?.entries !== undefined;
  const entries = fromSidecar
    ? sidecar!.entries!
    : await analyzeMotion(
        context.binaries,
        sourcePath,
        size,
        context.analysis,
        sidecar?.label ?? 'person',
        sidecar?.score,
      );
  const timeline: CameraTimeline = {
    camera: clip.camera,
    clipPath: clip.path,
    durationSeconds: probe.durationSeconds,
    width: probe.width,
    height: probe.height,
    fps: probe.fps,
    source: fromSidecar ? 'sidecar' : 'motion',
    entries: clampEntries(entries, probe.durationSeconds),
  };
  const segments = await cutSegments(context, sourcePath, folder);
  const prepared = await Promise.all(
    timeline.entries.map((entry, index) =>
      prepareEntry(context, sourcePath, folder, index, entry, size),
    ),
  );
  const posterPath = join(folder, 'poster.jpg');
  await runFfmpeg(context.binaries, [
    '-i',
    sourcePath,
    '-frames:v',
    '1',
    '-update',
    '1',
    '-q:v',
    '3',
    posterPath,
  ]);
  return { timeline, sourcePath, segments, entries: prepared, posterPath };
}

/**
 * Analyse and cut one clip, or load the result of an earlier run. The cache key covers the
 * clip's path, size and modification time, its sidecar and the analysis options.
 */
export async function prepareCamera(
  context: PrepareContext,
  clip: ClipFile,
): Promise<PreparedCamera> {
  const sidecar = await readSidecar(clip.sidecarPath);
  const key = await fingerprint(clip, sidecar?.text ?? '', context.analysis);
  const folder = join(context.cacheDir, 'footage', clip.camera, key);
  const manifestPath = join(folder, 'manifest.json');
  try {
    return JSON.parse(await readFile(manifestPath, 'utf8')) as PreparedCamera;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // The manifest is written last, so a folder without one is an interrupted build.
  const started = Date.now();
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const built = await build(context, clip, sidecar?.sidecar, folder);
  await writeFile(manifestPath, JSON.stringify(built, null, 2));
  context.logger.info(
    {
      camera: clip.camera,
      clip: clip.path,
      source: built.timeline.source,
      objects: built.entries.length,
      ms: Date.now() - started,
    },
    'prepared clip',
  );
  return built;
}
