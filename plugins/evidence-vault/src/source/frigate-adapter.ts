import type { Readable } from 'node:stream';
import {
  EvidenceSourceError,
  type EvidenceSource,
  type MediaKind,
  type SourceEvent,
  type SourceMedia,
} from './evidence-source';

/** An event as the `frigate` service returns it (the fields exports read). */
export interface FrigateEventRecord {
  id: string;
  siteId: string;
  cameraId: string;
  /** Frigate's camera key. */
  camera: string;
  frigateEventId: string;
  label: string;
  subLabel: string | null;
  score: number | null;
  topScore: number | null;
  startTime: Date;
  endTime: Date | null;
  hasClip: boolean;
  hasSnapshot: boolean;
}

/** A media response of the `frigate` service. */
export interface FrigateMediaStream {
  statusCode: number;
  contentType: string;
  contentLength: number | null;
  body: Readable;
}

/**
 * The part of the frigate-events plugin's `frigate` service that exports use. Its errors are
 * the core's problem errors: CEN_ERR_EVENT_NOT_FOUND, _NO_CLIP and _NO_SNAPSHOT (404),
 * CEN_ERR_EVENT_MEDIA_NOT_READY (409 with a retry-after header) and CEN_ERR_FRIGATE_* (5xx).
 */
export interface FrigateService {
  getEvent(siteId: string, eventId: string): Promise<FrigateEventRecord | null>;
  openClip(siteId: string, eventId: string): Promise<FrigateMediaStream>;
  openSnapshot(siteId: string, eventId: string): Promise<FrigateMediaStream>;
  retainEvent(siteId: string, frigateEventId: string): Promise<void>;
  /** The site's Frigate client: `baseUrl` names the source, `version()` reads the version. */
  client(siteId: string): { readonly baseUrl: string; version(): Promise<{ raw: string }> };
  /** Frigate's version text from the last backfill, or null before one succeeded. */
  frigateVersion(siteId: string): string | null;
}

const METHODS = [
  'getEvent',
  'openClip',
  'openSnapshot',
  'retainEvent',
  'client',
  'frigateVersion',
] as const;

export function isFrigateService(value: unknown): value is FrigateService {
  if (typeof value !== 'object' || value === null) return false;
  return METHODS.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');
}

const MEDIA_FILES = { clip: 'clip.mp4', snapshot: 'snapshot.jpg' } as const;

/** Seconds a client waits before retrying when Frigate sent no Retry-After. */
export const DEFAULT_RETRY_AFTER_SECONDS = 10;

/** Adapts the `frigate` service to EvidenceSource and classifies its errors. */
export class FrigateEvidenceSource implements EvidenceSource {
  constructor(private readonly frigate: FrigateService) {}

  async getEvent(siteId: string, eventId: string): Promise<SourceEvent | null> {
    let record: FrigateEventRecord | null;
    try {
      record = await this.frigate.getEvent(siteId, eventId);
    } catch (error) {
      const failure = classify(error, 'event lookup');
      if (failure.failure === 'not-found') return null;
      throw failure;
    }
    return record === null ? null : toSourceEvent(record);
  }

  async openMedia(siteId: string, event: SourceEvent, kind: MediaKind): Promise<SourceMedia> {
    let media: FrigateMediaStream;
    let baseUrl: string;
    try {
      baseUrl = this.frigate.client(siteId).baseUrl;
      media =
        kind === 'clip'
          ? await this.frigate.openClip(siteId, event.id)
          : await this.frigate.openSnapshot(siteId, event.id);
    } catch (error) {
      throw classify(error, `${kind} request`);
    }
    if (media.statusCode !== 200) {
      media.body.destroy();
      throw new EvidenceSourceError(
        'unavailable',
        `Frigate answered HTTP ${media.statusCode} for the ${kind}`,
      );
    }
    const path = `/api/events/${encodeURIComponent(event.frigateEventId)}/${MEDIA_FILES[kind]}`;
    return {
      body: media.body,
      contentType: media.contentType,
      contentLength: media.contentLength,
      url: `${baseUrl}${path}`,
    };
  }

  async retainEvent(siteId: string, event: SourceEvent): Promise<void> {
    try {
      await this.frigate.retainEvent(siteId, event.frigateEventId);
    } catch (error) {
      throw classify(error, 'retain request');
    }
  }

  async frigateVersion(siteId: string): Promise<string | null> {
    const known = this.frigate.frigateVersion(siteId);
    if (known !== null) return known;
    return (await this.frigate.client(siteId).version()).raw;
  }
}

/** Maps an error of the `frigate` service to a source failure by its problem code and status. */
export function classify(error: unknown, operation: string): EvidenceSourceError {
  if (error instanceof EvidenceSourceError) return error;
  const problem = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    statusCode?: unknown;
    headers?: Record<string, string>;
    message?: unknown;
  };
  const code = typeof problem.code === 'string' ? problem.code : '';
  const status = typeof problem.statusCode === 'number' ? problem.statusCode : 0;
  const message = typeof problem.message === 'string' ? problem.message : String(error);
  if (code === 'CEN_ERR_EVENT_NOT_FOUND') {
    return new EvidenceSourceError('not-found', message, { cause: error });
  }
  if (code === 'CEN_ERR_EVENT_NO_CLIP' || code === 'CEN_ERR_EVENT_NO_SNAPSHOT') {
    return new EvidenceSourceError('no-media', message, { cause: error });
  }
  if (code === 'CEN_ERR_EVENT_MEDIA_NOT_READY' || status === 409) {
    const headers = problem.headers ?? {};
    const retryAfter = Number(headers['retry-after'] ?? headers['Retry-After']);
    return new EvidenceSourceError('not-ready', message, {
      retryAfterSeconds:
        Number.isSafeInteger(retryAfter) && retryAfter > 0
          ? retryAfter
          : DEFAULT_RETRY_AFTER_SECONDS,
      cause: error,
    });
  }
  // Everything else (connection refused, timeouts, 5xx, a service not running on the site)
  // counts as Frigate being unavailable.
  return new EvidenceSourceError('unavailable', `${operation} failed: ${message}`, {
    cause: error,
  });
}

/** Reads the fields an export needs from the service's event record. */
export function toSourceEvent(record: FrigateEventRecord): SourceEvent {
  return {
    id: record.id,
    siteId: record.siteId,
    cameraId: record.cameraId,
    camera: record.camera,
    label: record.label,
    subLabel: record.subLabel,
    score: record.score ?? record.topScore,
    startTime: record.startTime,
    endTime: record.endTime,
    inProgress: record.endTime === null,
    hasClip: record.hasClip,
    hasSnapshot: record.hasSnapshot,
    frigateEventId: record.frigateEventId,
  };
}
