import type { Readable } from 'node:stream';

/** A Frigate event as the evidence vault needs it. */
export interface SourceEvent {
  /** Centinela's event id. */
  id: string;
  siteId: string;
  cameraId: string;
  /** Frigate's camera name (its config key). */
  camera: string;
  label: string;
  subLabel: string | null;
  score: number | null;
  startTime: Date;
  /** Null while the event is in progress. */
  endTime: Date | null;
  inProgress: boolean;
  hasClip: boolean;
  hasSnapshot: boolean;
  frigateEventId: string;
}

export type MediaKind = 'clip' | 'snapshot';

/** An open media response from Frigate. The caller reads or destroys `body`. */
export interface SourceMedia {
  body: Readable;
  contentType: string;
  /** Content-Length when Frigate sent one; clips are streamed without it. */
  contentLength: number | null;
  /** URL the bytes come from; credentials in it are removed before it is stored. */
  url: string;
}

/**
 * Source of exported media. The plugin adapts the frigate-events plugin's `frigate`
 * service to this interface, so the export code does not depend on that plugin's types.
 */
export interface EvidenceSource {
  /** Returns null when the site has no event with this id. */
  getEvent(siteId: string, eventId: string): Promise<SourceEvent | null>;
  openMedia(siteId: string, event: SourceEvent, kind: MediaKind): Promise<SourceMedia>;
  /** Requests that Frigate keep the event past its retention (`POST /api/events/<id>/retain`). */
  retainEvent(siteId: string, event: SourceEvent): Promise<void>;
  /** Frigate's version text (`0.14.1-f4f3cfa`), or null when it cannot be read. */
  frigateVersion(siteId: string): Promise<string | null>;
}

export type SourceFailure = 'not-found' | 'no-media' | 'not-ready' | 'unavailable';

/** A failure of the event source, classified so the routes can return 404, 409, 422 or 502. */
export class EvidenceSourceError extends Error {
  readonly failure: SourceFailure;
  /** For `not-ready`: seconds after which Frigate is likely to serve the media. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    failure: SourceFailure,
    message: string,
    options: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EvidenceSourceError';
    this.failure = failure;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
