import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

import { spawnFfmpegStream } from '../ffmpeg/run';
import { bytes, failure, file, json, notFoundRoute, type HttpResult } from '../http/results';
import type { RequestContext, Router } from '../http/router';
import { QueryReader } from '../query/params';
import type { TrackedEvent } from '../store/event-store';
import { contentTypeOf, contentTypes, convertedImage, fileExists } from './media-files';
import type { RouteDeps } from './deps';

const thumbnailExtensions = ['jpg', 'jpeg', 'png', 'webp'] as const;
type ThumbnailExtension = (typeof thumbnailExtensions)[number];

/** Frigate answers 200 with an empty body before 0.17 and 400 from 0.17 when no recordings exist. */
function noRecordings(deps: RouteDeps): HttpResult {
  if (deps.version.minor >= 17)
    return failure(400, 'No recordings found for the specified time range');
  return bytes(200, Buffer.alloc(0), 'video/mp4');
}

/** A fragmented MP4 streamed from ffmpeg, like Frigate's `StreamingResponse` (no length, no Range). */
function streamedClip(deps: RouteDeps, path: string, seconds?: number): HttpResult {
  const binaries = deps.binaries!;
  const limit = seconds === undefined ? [] : ['-t', seconds.toFixed(3)];
  const args = [
    '-i',
    path,
    ...limit,
    '-c',
    'copy',
    '-movflags',
    'frag_keyframe+empty_moov',
    '-f',
    'mp4',
    'pipe:1',
  ];
  return {
    kind: 'stream',
    status: 200,
    contentType: 'video/mp4',
    open: () => spawnFfmpegStream(binaries, args),
  };
}

async function eventClip(deps: RouteDeps, tracked: TrackedEvent | undefined): Promise<HttpResult> {
  if (tracked === undefined) return failure(404, 'Event not found');
  const { event, media } = tracked;
  const live = event.end_time === null;
  if (!event.has_clip) return failure(404, 'Clip not available');
  if (live && deps.faults.state.notFoundWhileInProgress) return failure(404, 'Clip not available');
  if (deps.faults.state.clipNotReady || !(await fileExists(media.clipPath)))
    return noRecordings(deps);
  const path = media.clipPath!;
  if (live && media.liveClip !== undefined && deps.binaries !== undefined) {
    // Only the part of the object's clip that has "happened" so far exists.
    const elapsed = Math.min(deps.clock() - event.start_time, media.liveClip.durationSeconds);
    if (elapsed < 0.5) return noRecordings(deps);
    return streamedClip(deps, path, elapsed);
  }
  if (deps.faults.state.streamedClips && deps.binaries !== undefined)
    return streamedClip(deps, path);
  return file(path, 'video/mp4');
}

async function eventSnapshot(deps: RouteDeps, context: RequestContext): Promise<HttpResult> {
  const id = context.params.id!;
  const tracked = deps.store.get(id);
  const download = context.query.get('download');
  const headers: Record<string, string> = {};
  if (download !== null && download !== '' && download !== '0' && download !== 'false') {
    headers['Content-Disposition'] = `attachment; filename=snapshot-${id}.jpg`;
  }
  if (tracked !== undefined && tracked.event.end_time !== null) {
    const { event } = tracked;
    if (!event.has_snapshot) return failure(404, 'Snapshot not available');
    const path = deps.layout.snapshotPath(event.camera, event.id);
    if (!(await fileExists(path))) return failure(404, 'Unknown error occurred');
    headers['Cache-Control'] = 'private, max-age=31536000';
    return bytes(200, await readFile(path), 'image/jpeg', headers);
  }
  // Not finished: rendered from the live object, if it is still tracked.
  if (tracked === undefined || deps.faults.state.notFoundWhileInProgress)
    return failure(404, 'Live frame not available');
  const livePath = tracked.media.snapshotPath;
  if (!(await fileExists(livePath))) return failure(404, 'Live frame not available');
  headers['Cache-Control'] = 'no-store';
  return bytes(200, await readFile(livePath!), 'image/jpeg', headers);
}

async function liveThumbnail(
  deps: RouteDeps,
  tracked: TrackedEvent,
  extension: ThumbnailExtension,
): Promise<string | undefined> {
  const { media } = tracked;
  if (extension === 'webp' && (await fileExists(media.thumbnailPath))) return media.thumbnailPath;
  if ((extension === 'jpg' || extension === 'jpeg') && (await fileExists(media.thumbnailJpgPath)))
    return media.thumbnailJpgPath;
  const source = (await fileExists(media.thumbnailJpgPath))
    ? media.thumbnailJpgPath
    : media.snapshotPath;
  return convertedImage(
    deps.binaries,
    deps.cacheDir,
    source,
    extension === 'jpeg' ? 'jpg' : extension,
    175,
  );
}

async function eventThumbnail(deps: RouteDeps, context: RequestContext): Promise<HttpResult> {
  const extension = context.params.extension as ThumbnailExtension;
  if (!thumbnailExtensions.includes(extension)) return { ...notFoundRoute };
  const reader = new QueryReader(context.query);
  const maxCacheAge = reader.int('max_cache_age', 2592000);
  reader.choice('format', ['ios', 'android'] as const);
  reader.finish();
  const mediaType = contentTypes[`.${extension}`]!;
  const tracked = deps.store.get(context.params.id!);
  if (tracked === undefined) return failure(404, 'Event not found');
  const { event } = tracked;
  if (event.end_time !== null) {
    const stored =
      event.thumbnail !== null
        ? Buffer.from(event.thumbnail, 'base64')
        : await readStored(deps, tracked);
    if (stored === undefined) return failure(404, 'Event not found');
    const headers = { 'Cache-Control': `private, max-age=${maxCacheAge}` };
    // 0.16 sends the stored WebP bytes whatever extension was asked for; 0.17 re-encodes.
    if (deps.version.minor < 17 || extension === 'webp')
      return bytes(200, stored, mediaType, headers);
    const converted = await liveThumbnail(deps, tracked, extension);
    if (converted === undefined) return bytes(200, stored, mediaType, headers);
    return bytes(200, await readFile(converted), mediaType, headers);
  }
  if (deps.faults.state.notFoundWhileInProgress) return failure(404, 'Event not found');
  const path = await liveThumbnail(deps, tracked, extension);
  if (path === undefined) return failure(404, 'Event not found');
  return bytes(200, await readFile(path), mediaType, { 'Cache-Control': 'no-store' });
}

async function readStored(deps: RouteDeps, tracked: TrackedEvent): Promise<Buffer | undefined> {
  const path = deps.layout.thumbnailPath(tracked.event.camera, tracked.event.id);
  return (await fileExists(path)) ? readFile(path) : undefined;
}

/** Serve a file below the media root, as nginx serves `/clips/` and `/recordings/`. */
async function staticMedia(deps: RouteDeps, context: RequestContext): Promise<HttpResult> {
  const root = resolve(deps.layout.root);
  const path = resolve(root, `.${context.path}`);
  if (!path.startsWith(root + sep) || !(await fileExists(path))) {
    return bytes(404, '<html><body><h1>404 Not Found</h1></body></html>', 'text/html');
  }
  return file(path, contentTypeOf(path));
}

async function latestFrame(deps: RouteDeps, context: RequestContext): Promise<HttpResult> {
  const camera = deps.cameras().find((info) => info.name === context.params.camera);
  if (camera === undefined) return failure(404, 'Camera not found');
  const extension = context.params.extension === 'webp' ? 'webp' : 'jpg';
  const height = Number(context.query.get('height') ?? camera.height);
  const path = await convertedImage(
    deps.binaries,
    deps.cacheDir,
    camera.posterPath,
    extension,
    Number.isFinite(height) && height > 0 ? Math.round(height) : camera.height,
  );
  if (path === undefined) return failure(500, 'Unable to get valid frame');
  return bytes(200, await readFile(path), contentTypes[`.${extension}`]!, {
    'Cache-Control': 'no-store',
  });
}

/** Clip, snapshot and thumbnail of events, static media paths and a camera's latest frame. */
export function registerMediaRoutes(router: Router, deps: RouteDeps): void {
  router.get('/api/events/{id}/clip.mp4', ({ params }) =>
    eventClip(deps, deps.store.get(params.id!)),
  );
  router.get('/api/events/{id}/snapshot.jpg', (context) => eventSnapshot(deps, context));
  router.get('/api/events/{id}/thumbnail.{extension}', (context) => eventThumbnail(deps, context));
  router.get('/api/{camera}/latest.{extension}', (context) => latestFrame(deps, context));
  router.get('/api/{camera}/recordings', ({ params, query }) => {
    const reader = new QueryReader(query);
    const now = deps.clock();
    const after = reader.float('after') ?? now - 3600;
    const before = reader.float('before') ?? now;
    reader.finish();
    const rows = deps.recordings.between(params.camera!, after, before).map((segment) => ({
      id: segment.id,
      start_time: segment.start_time,
      end_time: segment.end_time,
      segment_size: segment.segment_size,
      motion: segment.motion,
      objects: segment.objects,
      duration: segment.duration,
    }));
    return json(200, rows);
  });
  router.get('/clips/{path:path}', (context) => staticMedia(deps, context));
  router.get('/recordings/{path:path}', (context) => staticMedia(deps, context));
}
