import type { Readable } from 'node:stream';
import type { CentinelaError } from '@centinela/core';
import type { EventRecord } from '../db/event-rows';
import { FrigateErrors } from '../errors';
import type { FrigateClient, UpstreamResponse } from '../frigate-client/client';
import { problemFor } from '../frigate-client/errors';
import { discardBody, frigateMessage, readSnippet } from '../frigate-client/http';
import { parseRange, sliceStream } from './range';
import { peek, sniffImageType } from './sniff';

export type MediaKind = 'clip' | 'snapshot' | 'thumbnail';

/** A media response from Frigate, ready to stream to a client. */
export interface MediaStream {
  statusCode: 200 | 206;
  contentType: string;
  contentLength: number | null;
  contentRange: string | null;
  acceptRanges: string | null;
  cacheControl: string;
  etag: string | null;
  lastModified: string | null;
  /** The upstream body; destroy it when not read to the end. */
  body: Readable;
}

export interface OpenMediaOptions {
  /** The client's `Range` header (clips only). */
  range?: string | undefined;
  /** Aborts the upstream request, e.g. when the client went away. */
  signal?: AbortSignal | undefined;
  /** Seconds after an event's end during which missing media means "not ready yet". */
  retryMediaSeconds: number;
  /** Time Frigate has to send headers; clips get three times as long. */
  headersTimeoutMs: number;
}

const FILES: Record<MediaKind, string> = {
  clip: 'clip.mp4',
  snapshot: 'snapshot.jpg',
  thumbnail: 'thumbnail.jpg',
};
/** Clips are produced by ffmpeg on request, so their headers may take longer. */
const CLIP_TIMEOUT_FACTOR = 3;
const RETRY_AFTER_SECONDS = 5;

function header(response: UpstreamResponse, name: string): string | null {
  const value = response.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/** Seconds to wait before asking again, or null when the event is past its media window. */
function retryAfter(event: EventRecord, retryMediaSeconds: number): number | null {
  if (event.endTime === null) return RETRY_AFTER_SECONDS;
  const remaining = retryMediaSeconds - (Date.now() - event.endTime.getTime()) / 1000;
  if (remaining <= 0) return null;
  return Math.max(1, Math.min(RETRY_AFTER_SECONDS, Math.ceil(remaining)));
}

function notReady(event: EventRecord, kind: MediaKind, seconds: number): CentinelaError {
  return FrigateErrors.mediaNotReady(event.id, kind, {
    headers: { 'retry-after': String(seconds) },
    fix: `Frigate writes recordings a few seconds after an event ends; ask again in ${seconds} s.`,
    extensions: { retry_after: seconds },
  });
}

function missing(event: EventRecord, kind: MediaKind): CentinelaError {
  if (kind === 'clip')
    return FrigateErrors.eventNoClip(event.id, {
      fix: 'Turn on recording for the camera in Frigate.',
    });
  if (kind === 'snapshot') {
    return FrigateErrors.eventNoSnapshot(event.id, {
      fix: 'Turn on snapshots for the camera in Frigate.',
    });
  }
  return FrigateErrors.eventNoThumbnail(event.id);
}

/** Reject before asking Frigate when the stored flags already show there is nothing. */
function checkFlags(event: EventRecord, kind: MediaKind, retryMediaSeconds: number): void {
  // Frigate keeps no flag for thumbnails, so only asking tells.
  if (kind === 'thumbnail') return;
  if (kind === 'clip' && event.hasClip) return;
  if (kind === 'snapshot' && event.hasSnapshot) return;
  // In progress, Frigate renders a live snapshot and may still turn has_clip on.
  if (event.endTime === null && kind === 'snapshot') return;
  const seconds = retryAfter(event, retryMediaSeconds);
  if (event.endTime === null && seconds !== null) throw notReady(event, kind, seconds);
  throw missing(event, kind);
}

/**
 * Open an event's clip, snapshot or thumbnail from Frigate as a stream. A clip request's Range
 * goes to Frigate; when Frigate ignores it but sends a Content-Length, the range is cut here.
 * Raises 404 when there is no such media, 409 with Retry-After while it may still appear,
 * 416 for a range past the end, 502 when Frigate fails and 504 when it times out.
 */
export async function openEventMedia(
  client: FrigateClient,
  event: EventRecord,
  kind: MediaKind,
  options: OpenMediaOptions,
): Promise<MediaStream> {
  checkFlags(event, kind, options.retryMediaSeconds);
  const path = `/api/events/${encodeURIComponent(event.frigateEventId)}/${FILES[kind]}`;
  const range = kind === 'clip' ? options.range : undefined;
  let response: UpstreamResponse;
  try {
    response = await client.openStream(path, {
      headers: range === undefined ? {} : { range },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      headersTimeoutMs:
        kind === 'clip' ? options.headersTimeoutMs * CLIP_TIMEOUT_FACTOR : options.headersTimeoutMs,
    });
  } catch (error) {
    throw problemFor(error, `the ${kind} request`) ?? error;
  }
  const status = response.statusCode;
  if (status === 200 || status === 206) return mediaStream(response, event, kind, options, range);

  const snippet = await readSnippet(response.body);
  if (status === 416) {
    throw FrigateErrors.rangeNotSatisfiable(range ?? '', {
      field: 'headers/range',
      fix: 'Ask for a range inside the clip.',
      headers: { 'content-range': header(response, 'content-range') ?? 'bytes */*' },
    });
  }
  if (status === 404 || status === 400) {
    const seconds = retryAfter(event, options.retryMediaSeconds);
    if (seconds !== null) throw notReady(event, kind, seconds);
    throw missing(event, kind);
  }
  throw FrigateErrors.frigateBadResponse(`HTTP ${status} to the ${kind} request`, {
    fix: "Check Frigate's log; GET /api/ready shows whether Frigate responds.",
    extensions: {
      upstream_status: status,
      upstream_message: frigateMessage(snippet).slice(0, 200),
    },
  });
}

async function mediaStream(
  response: UpstreamResponse,
  event: EventRecord,
  kind: MediaKind,
  options: OpenMediaOptions,
  range: string | undefined,
): Promise<MediaStream> {
  const lengthText = header(response, 'content-length');
  const contentLength = lengthText === null ? null : Number(lengthText);
  const stream: MediaStream = {
    statusCode: response.statusCode === 206 ? 206 : 200,
    contentType: header(response, 'content-type') ?? (kind === 'clip' ? 'video/mp4' : 'image/jpeg'),
    contentLength: contentLength !== null && Number.isFinite(contentLength) ? contentLength : null,
    contentRange: header(response, 'content-range'),
    acceptRanges: header(response, 'accept-ranges'),
    cacheControl: event.endTime === null ? 'private, no-store' : 'private, max-age=3600',
    etag: header(response, 'etag'),
    lastModified: header(response, 'last-modified'),
    body: response.body,
  };

  // Frigate 0.16 returns an empty 200 for a clip without recordings in range. Shortly after
  // the event they are not written yet; later they are gone (retention, recording off).
  if (kind === 'clip' && stream.statusCode === 200 && stream.contentLength === 0) {
    discardBody(response.body);
    const seconds = retryAfter(event, options.retryMediaSeconds);
    if (seconds !== null) throw notReady(event, kind, seconds);
    throw missing(event, kind);
  }

  if (kind !== 'clip') {
    const { head, stream: body } = await peek(response.body, 12);
    stream.contentType = sniffImageType(head) ?? stream.contentType;
    stream.body = body;
    return stream;
  }

  if (stream.statusCode === 200 && stream.contentLength !== null) {
    stream.acceptRanges = 'bytes';
    if (range !== undefined) return cutRange(stream, range);
  }
  return stream;
}

function cutRange(stream: MediaStream, rangeHeader: string): MediaStream {
  const total = stream.contentLength as number;
  const range = parseRange(rangeHeader, total);
  if (range === null) return stream;
  if (range === 'unsatisfiable') {
    discardBody(stream.body);
    throw FrigateErrors.rangeNotSatisfiable(rangeHeader, {
      field: 'headers/range',
      fix: `Ask for a range inside the ${total} bytes of the clip.`,
      headers: { 'content-range': `bytes */${total}` },
    });
  }
  return {
    ...stream,
    statusCode: 206,
    contentLength: range.end - range.start + 1,
    contentRange: `bytes ${range.start}-${range.end}/${total}`,
    body: sliceStream(stream.body, range),
  };
}
