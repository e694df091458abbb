import { FrigateBodyError } from './errors';
import type { FrigateClient } from './client';
import { normalizeConfigVersion } from './version';

/** Query of `GET /api/events` as the backfill uses it. */
export interface EventListQuery {
  /** Strict `start_time > after`, epoch seconds. */
  after?: number;
  /** Strict `start_time < before`, epoch seconds. */
  before?: number;
  limit: number;
  sort: 'date_asc' | 'date_desc';
}

export interface ReviewListQuery {
  after: number;
  before: number;
  limit?: number;
  /** 0.14–0.16 default to 0 (only unreviewed) when this is left out. */
  reviewed?: 0 | 1;
}

/** A camera as Frigate's `/api/config` describes it. */
export interface FrigateCameraConfig {
  name: string;
  /** `friendly_name` (0.17+); null before. */
  friendlyName: string | null;
  enabled: boolean;
  detectWidth: number | null;
  detectHeight: number | null;
  detectFps: number | null;
  labels: string[];
}

export interface FrigateConfigSummary {
  /** The config schema version (`"0.16-0"`, `0.14` as a number, or absent). */
  version: string | null;
  cameras: FrigateCameraConfig[];
}

function asArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value))
    throw new FrigateBodyError(`a ${path} response that is not a JSON array`);
  return value;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** `GET /api/events` (list items; JSON micro-cache bypassed). */
export async function listEvents(
  client: FrigateClient,
  query: EventListQuery,
  signal?: AbortSignal,
): Promise<unknown[]> {
  const body = await client.getJson('/api/events', {
    query: { ...query, include_thumbnails: 0 },
    bypassCache: true,
    ...(signal === undefined ? {} : { signal }),
  });
  return asArray(body, '/api/events');
}

/** `GET /api/events/<id>`; null when Frigate no longer has the event. */
export async function getEvent(
  client: FrigateClient,
  frigateEventId: string,
  signal?: AbortSignal,
): Promise<unknown> {
  return client.getJsonOrNull(`/api/events/${encodeURIComponent(frigateEventId)}`, {
    bypassCache: true,
    ...(signal === undefined ? {} : { signal }),
  });
}

/** `GET /api/review` (0.14+); items overlapping the window, newest first. */
export async function listReviews(
  client: FrigateClient,
  query: ReviewListQuery,
  signal?: AbortSignal,
): Promise<unknown[]> {
  const body = await client.getJson('/api/review', {
    query: { ...query },
    bypassCache: true,
    ...(signal === undefined ? {} : { signal }),
  });
  return asArray(body, '/api/review');
}

/** `GET /api/review/<id>`; null when unknown. */
export async function getReview(
  client: FrigateClient,
  frigateReviewId: string,
  signal?: AbortSignal,
): Promise<unknown> {
  return client.getJsonOrNull(`/api/review/${encodeURIComponent(frigateReviewId)}`, {
    bypassCache: true,
    ...(signal === undefined ? {} : { signal }),
  });
}

/** `POST /api/events/<id>/retain` (or `DELETE` to release): keep the event past retention. */
export async function retainEvent(
  client: FrigateClient,
  frigateEventId: string,
  retain: boolean,
): Promise<void> {
  await client.sendJson(
    retain ? 'POST' : 'DELETE',
    `/api/events/${encodeURIComponent(frigateEventId)}/retain`,
  );
}

/** Cameras and config version from `GET /api/config`. */
export async function readConfig(
  client: FrigateClient,
  signal?: AbortSignal,
): Promise<FrigateConfigSummary> {
  const body = record(
    await client.getJson('/api/config', {
      bypassCache: true,
      ...(signal === undefined ? {} : { signal }),
    }),
  );
  const cameras = Object.entries(record(body.cameras)).map(([name, raw]) => {
    const camera = record(raw);
    const detect = record(camera.detect);
    const track = record(camera.objects).track;
    return {
      name,
      friendlyName:
        typeof camera.friendly_name === 'string' && camera.friendly_name !== ''
          ? camera.friendly_name
          : null,
      enabled: camera.enabled !== false,
      detectWidth: finiteOrNull(detect.width),
      detectHeight: finiteOrNull(detect.height),
      detectFps: finiteOrNull(detect.fps),
      labels: Array.isArray(track)
        ? track.filter((label): label is string => typeof label === 'string')
        : ['person'],
    };
  });
  return { version: normalizeConfigVersion(body.version), cameras };
}

/** Detection frame rate per camera from `GET /api/stats`. */
export async function readCameraFps(
  client: FrigateClient,
  signal?: AbortSignal,
): Promise<Map<string, number>> {
  const body = record(
    await client.getJson('/api/stats', {
      bypassCache: true,
      ...(signal === undefined ? {} : { signal }),
    }),
  );
  const fps = new Map<string, number>();
  for (const [name, raw] of Object.entries(record(body.cameras))) {
    const value = finiteOrNull(record(raw).camera_fps);
    if (value !== null) fps.set(name, value);
  }
  return fps;
}
